import { resolve } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { AppConfig } from './app-config';
import { loadConfig } from './load-config';

const problems = (raw: Record<string, unknown>): string[] => {
  const flatten = (errors: ReturnType<typeof validateSync>, prefix = ''): string[] =>
    errors.flatMap((error) => {
      const path = `${prefix}${error.property}`;
      return [...Object.keys(error.constraints ?? {}).map((rule) => `${path}:${rule}`), ...flatten(error.children ?? [], `${path}.`)];
    });
  return flatten(validateSync(plainToInstance(AppConfig, raw, { exposeDefaultValues: true }), { whitelist: true, forbidNonWhitelisted: true }));
};

describe('rate limit configuration', () => {
  it('ships the defaults in config/default.yaml: 10 failed token requests per 300 s, no request limit', () => {
    const config = loadConfig({}, resolve(__dirname, '../..'));
    expect(config.auth.failedTokenAttempts).toEqual({ max: 10, windowSeconds: 300 });
    expect(config.clients.every((client) => client.rateLimit === undefined)).toBe(true);
  });

  it('fills in what a partial failedTokenAttempts leaves out, and the whole of it when auth omits it', () => {
    const partial = plainToInstance(AppConfig, { auth: { failedTokenAttempts: { max: 3 } } }, { exposeDefaultValues: true });
    expect(partial.auth.failedTokenAttempts).toEqual({ max: 3, windowSeconds: 300 });
    expect(plainToInstance(AppConfig, { auth: {} }, { exposeDefaultValues: true }).auth.failedTokenAttempts).toEqual({ max: 10, windowSeconds: 300 });
  });

  it('accepts a client rateLimit', () => {
    expect(problems({ clients: [{ id: 'c', secret: { env: 'S' }, rateLimit: { requestsPerMinute: 600 } }] })).toEqual([]);
  });

  it.each([
    [{ auth: { failedTokenAttempts: { max: 0 } } }, 'auth.failedTokenAttempts.max:min'],
    [{ auth: { failedTokenAttempts: { windowSeconds: 1.5 } } }, 'auth.failedTokenAttempts.windowSeconds:isInt'],
    [{ auth: { failedTokenAttempts: { tries: 3 } } }, 'auth.failedTokenAttempts.tries:whitelistValidation'],
    [{ clients: [{ id: 'c', secret: { env: 'S' }, rateLimit: {} }] }, 'clients.0.rateLimit.requestsPerMinute:isInt'],
    [{ clients: [{ id: 'c', secret: { env: 'S' }, rateLimit: { requestsPerMinute: 0 } }] }, 'clients.0.rateLimit.requestsPerMinute:min'],
    [{ clients: [{ id: 'c', secret: { env: 'S' }, rateLimit: { requestsPerSecond: 10 } }] }, 'clients.0.rateLimit.requestsPerSecond:whitelistValidation'],
  ])('refuses %j', (raw, problem) => {
    expect(problems(raw)).toContain(problem);
  });
});
