// app-config.ts's class-transformer decorators need the metadata polyfill, which Nest would load.
import 'reflect-metadata';
import { AppConfig, ClientConfig } from '../config/app-config';
import { ClientRateLimitConfig } from '../config/rate-limit-config';
import { ClientRateLimiter } from './client-rate-limiter';

function limiterFor(clients: Array<{ id: string; requestsPerMinute?: number }>): ClientRateLimiter {
  const config = new AppConfig();
  config.clients = clients.map(({ id, requestsPerMinute }) =>
    Object.assign(new ClientConfig(), { id, rateLimit: requestsPerMinute === undefined ? undefined : Object.assign(new ClientRateLimitConfig(), { requestsPerMinute }) }),
  );
  return new ClientRateLimiter(config);
}

describe(ClientRateLimiter.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('allows requestsPerMinute requests per window, then says how long until a slot frees', async () => {
    const sut = limiterFor([{ id: 'limited', requestsPerMinute: 3 }]);
    for (let i = 0; i < 3; i++) await expect(sut.take('limited')).resolves.toEqual({ allowed: true });
    jest.advanceTimersByTime(20_000);
    await expect(sut.take('limited')).resolves.toEqual({ allowed: false, retryAfterSeconds: 40, requestsPerMinute: 3, firstRefusal: true });
    jest.advanceTimersByTime(10_000);
    await expect(sut.take('limited')).resolves.toEqual({ allowed: false, retryAfterSeconds: 30, requestsPerMinute: 3, firstRefusal: false });
    jest.advanceTimersByTime(30_000);
    await expect(sut.take('limited')).resolves.toEqual({ allowed: true });
  });

  it('counts each client on its own', async () => {
    const sut = limiterFor([
      { id: 'a', requestsPerMinute: 1 },
      { id: 'b', requestsPerMinute: 1 },
    ]);
    await sut.take('a');
    await expect(sut.take('a')).resolves.toMatchObject({ allowed: false });
    await expect(sut.take('b')).resolves.toEqual({ allowed: true });
  });

  it('never limits a client without rateLimit, nor an id it does not know', async () => {
    const sut = limiterFor([{ id: 'free' }]);
    for (let i = 0; i < 1000; i++) await expect(sut.take('free')).resolves.toEqual({ allowed: true });
    await expect(sut.take('someone-else')).resolves.toEqual({ allowed: true });
  });
});
