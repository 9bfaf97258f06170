import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const PROJECT = join(__dirname, '..', '..');

describe('logging and metrics settings', () => {
  it('default to JSON logs at info and an open /metrics', () => {
    const sut = loadConfig({}, PROJECT);
    expect(sut.logging).toEqual({ level: 'info', format: 'json' });
    expect(sut.metrics.enabled).toBe(true);
    expect(sut.metrics.token).toBeUndefined();
  });

  it('take LOG_LEVEL, LOG_FORMAT and ONEROSTER_METRICS_ENABLED from the environment', () => {
    const sut = loadConfig({ LOG_LEVEL: 'debug', LOG_FORMAT: 'pretty', ONEROSTER_METRICS_ENABLED: 'false' }, PROJECT);
    expect(sut.logging).toEqual({ level: 'debug', format: 'pretty' });
    expect(sut.metrics.enabled).toBe(false);
  });

  it('turn ONEROSTER_METRICS_TOKEN into a reference to the variable, never its value', () => {
    const sut = loadConfig({ ONEROSTER_METRICS_TOKEN: 'scrape-token-0123456789' }, PROJECT);
    expect(sut.metrics.token).toEqual({ env: 'ONEROSTER_METRICS_TOKEN' });
    expect(JSON.stringify(sut)).not.toContain('scrape-token-0123456789');
  });

  it('refuse an unknown level or format by setting name', () => {
    expect(() => loadConfig({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml' }, PROJECT)).toThrow(ConfigError);
    expect(() => loadConfig({ LOG_LEVEL: 'loud', LOG_FORMAT: 'xml' }, PROJECT)).toThrow(/logging\.level[\s\S]*logging\.format/);
  });
});
