import { ConfigError } from '../config/config-error';
import { MetricsConfig, SecretReference } from '../config/app-config';
import { presentsMetricsToken, resolveMetricsToken } from './metrics-token';

const configured = (variable: string) => Object.assign(new MetricsConfig(), { token: Object.assign(new SecretReference(), { env: variable }) });
const TOKEN = 'scrape-token-0123456789';

describe(resolveMetricsToken.name, () => {
  it('is undefined when no token is configured (an open /metrics)', () => {
    expect(resolveMetricsToken(new MetricsConfig(), { METRICS: TOKEN })).toBeUndefined();
  });

  it('reads the variable the setting names, and keeps the value redacted', () => {
    const token = resolveMetricsToken(configured('METRICS'), { METRICS: TOKEN })!;
    expect(token.reveal()).toBe(TOKEN);
    expect(JSON.stringify({ token })).not.toContain(TOKEN);
  });

  it.each([
    [{}, /METRICS is not set/],
    [{ METRICS: '' }, /METRICS is not set/],
    [{ METRICS: 'short-one' }, /at least 16 characters/],
  ])('refuses %j, naming the variable and never the value', (env, message) => {
    const attempt = () => resolveMetricsToken(configured('METRICS'), env);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(message);
    expect(attempt).not.toThrow(/short-one/);
  });
});

describe(presentsMetricsToken.name, () => {
  const token = resolveMetricsToken(configured('METRICS'), { METRICS: TOKEN })!;

  it.each([
    [`Bearer ${TOKEN}`, true],
    [`bearer ${TOKEN}`, true],
    [`Bearer ${TOKEN}x`, false],
    [`Bearer ${TOKEN.slice(1)}`, false],
    [`Basic ${TOKEN}`, false],
    [TOKEN, false],
    ['', false],
    [undefined, false],
  ])('%p → %p', (header, expected) => {
    expect(presentsMetricsToken(header, token)).toBe(expected);
  });
});
