// app-config.ts's class-transformer decorators need the metadata polyfill, which Nest would load.
import 'reflect-metadata';
import { AppConfig } from '../config/app-config';
import { AttemptKey, secondsUntil, TokenAttemptLimiter } from './token-attempt-limiter';

const ADDRESS_A: AttemptKey = { kind: 'address', address: '192.0.2.1' };
const ADDRESS_B: AttemptKey = { kind: 'address', address: '192.0.2.2' };
const CLIENT_X: AttemptKey = { kind: 'client', clientId: 'x' };
const CLIENT_Y: AttemptKey = { kind: 'client', clientId: 'y' };

const fail = () => Promise.resolve(null);
const succeed = () => Promise.resolve('client');

function limiter(max: number, windowSeconds: number): TokenAttemptLimiter {
  const config = new AppConfig();
  config.auth.failedTokenAttempts.max = max;
  config.auth.failedTokenAttempts.windowSeconds = windowSeconds;
  return new TokenAttemptLimiter(config);
}

describe(TokenAttemptLimiter.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') }));
  afterEach(() => jest.useRealTimers());

  it('has the configured defaults: 10 failures per 300 seconds', () => {
    expect(new AppConfig().auth.failedTokenAttempts).toEqual({ max: 10, windowSeconds: 300 });
  });

  it('lets max failures through, then refuses every attempt, the right secret included, until the window ends', async () => {
    const sut = limiter(3, 60);
    for (let i = 0; i < 3; i++) await expect(sut.attempt([ADDRESS_A, CLIENT_X], fail)).resolves.toMatchObject({ status: 'failed' });
    const authenticate = jest.fn(succeed);
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], authenticate)).resolves.toEqual({ status: 'locked', retryAfterSeconds: 60 });
    expect(authenticate).not.toHaveBeenCalled();

    jest.advanceTimersByTime(45_500);
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], succeed)).resolves.toEqual({ status: 'locked', retryAfterSeconds: 15 });
    jest.advanceTimersByTime(14_500);
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], succeed)).resolves.toEqual({ status: 'authenticated', value: 'client' });
  });

  it('lets a burst of concurrent correct requests through, delayed rather than refused (a token per thread)', async () => {
    jest.useRealTimers();
    const sut = limiter(3, 60);
    const slowSuccess = () => new Promise<string>((resolve) => setTimeout(() => resolve('client'), 5));
    const outcomes = await Promise.all(Array.from({ length: 32 }, () => sut.attempt([ADDRESS_A, CLIENT_X], slowSuccess)));
    expect(outcomes.every((outcome) => outcome.status === 'authenticated')).toBe(true);
  });

  it('never lets more concurrent guesses reach the secret check than failures remain', async () => {
    jest.useRealTimers();
    const sut = limiter(3, 60);
    let checking = 0;
    let most = 0;
    const slowFailure = async () => {
      most = Math.max(most, ++checking);
      await new Promise((resolve) => setTimeout(resolve, 5));
      checking--;
      return null;
    };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => sut.attempt([ADDRESS_A, CLIENT_X], slowFailure)));
    expect(most).toBeLessThanOrEqual(3);
    expect(outcomes.filter((outcome) => outcome.status === 'failed')).toHaveLength(3);
    expect(outcomes.filter((outcome) => outcome.status === 'locked')).toHaveLength(17);
  });

  it('reports the keys that the failure used up, once', async () => {
    const sut = limiter(2, 60);
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], fail)).resolves.toEqual({ status: 'failed', lockedOut: [] });
    await expect(sut.attempt([ADDRESS_B, CLIENT_X], fail)).resolves.toEqual({ status: 'failed', lockedOut: [CLIENT_X] });
    await expect(sut.attempt([ADDRESS_A, CLIENT_Y], fail)).resolves.toEqual({ status: 'failed', lockedOut: [ADDRESS_A] });
  });

  it('does not count successes', async () => {
    const sut = limiter(2, 60);
    await sut.attempt([ADDRESS_A, CLIENT_X], fail);
    for (let i = 0; i < 5; i++) await expect(sut.attempt([ADDRESS_A, CLIENT_X], succeed)).resolves.toMatchObject({ status: 'authenticated' });
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], fail)).resolves.toMatchObject({ status: 'failed' });
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], succeed)).resolves.toMatchObject({ status: 'locked' });
  });

  it('locks a client id out from every address, and an address out for every client id', async () => {
    const sut = limiter(2, 60);
    await sut.attempt([ADDRESS_A, CLIENT_X], fail);
    await sut.attempt([ADDRESS_A, CLIENT_X], fail);
    await expect(sut.attempt([ADDRESS_B, CLIENT_X], succeed)).resolves.toMatchObject({ status: 'locked' });
    await expect(sut.attempt([ADDRESS_A, CLIENT_Y], succeed)).resolves.toMatchObject({ status: 'locked' });
    await expect(sut.attempt([ADDRESS_B, CLIENT_Y], succeed)).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('does not count refused attempts against the other keys', async () => {
    const sut = limiter(2, 60);
    await sut.attempt([ADDRESS_A, CLIENT_X], fail);
    await sut.attempt([ADDRESS_A, CLIENT_X], fail);
    // Address B keeps trying the locked client: refused each time, but B itself is not used up.
    for (let i = 0; i < 5; i++) await expect(sut.attempt([ADDRESS_B, CLIENT_X], succeed)).resolves.toMatchObject({ status: 'locked' });
    await expect(sut.attempt([ADDRESS_B, CLIENT_Y], fail)).resolves.toMatchObject({ status: 'failed' });
    await expect(sut.attempt([ADDRESS_B, CLIENT_Y], succeed)).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('answers with the longest wait when several keys are locked', async () => {
    const sut = limiter(1, 60);
    await sut.attempt([CLIENT_X], fail);
    jest.advanceTimersByTime(30_000);
    await sut.attempt([ADDRESS_A], fail);
    await expect(sut.attempt([ADDRESS_A, CLIENT_X], succeed)).resolves.toEqual({ status: 'locked', retryAfterSeconds: 60 });
  });

  it('lets no more than max concurrent guesses reach the secret check', async () => {
    const sut = limiter(3, 60);
    let checked = 0;
    const slowFail = async () => {
      checked++;
      await Promise.resolve();
      return null;
    };
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => sut.attempt([ADDRESS_A, CLIENT_X], slowFail)));
    expect(checked).toBe(3);
    expect(outcomes.filter((outcome) => outcome.status === 'locked')).toHaveLength(17);
  });

  it('gives the reservation back when the check itself throws', async () => {
    const sut = limiter(1, 60);
    await expect(sut.attempt([CLIENT_X], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(sut.attempt([CLIENT_X], succeed)).resolves.toMatchObject({ status: 'authenticated' });
  });

  it('counts a key given twice (the two readings of one Basic header) once', async () => {
    const sut = limiter(2, 60);
    await sut.attempt([ADDRESS_A, CLIENT_X, CLIENT_X], fail);
    await expect(sut.attempt([ADDRESS_B, CLIENT_X], succeed)).resolves.toMatchObject({ status: 'authenticated' });
  });

  it.each([
    [1, 1],
    [300, 1],
    [1000, 1],
    [1001, 2],
    [59_999, 60],
  ])('rounds %d ms up to %d s of Retry-After', (ms, seconds) => {
    expect(secondsUntil(ms)).toBe(seconds);
  });
});
