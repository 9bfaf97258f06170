import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './config-error';
import { loadConfig } from './load-config';

const PROJECT = join(__dirname, '..', '..');

describe(loadConfig.name, () => {
  it('reads config/default.yaml with the demo client and documented defaults', () => {
    const sut = loadConfig({}, PROJECT);
    expect(sut.server.port).toBe(3000);
    expect(sut.mappings).toBe('mappings/demo');
    expect(sut.api).toMatchObject({ defaultLimit: 100, maxLimit: 10000 });
    expect(sut.clients.map((client) => client.id)).toEqual(['demo-client']);
    expect(sut.source.url).toBeUndefined();
  });

  it('lets environment variables override single settings', () => {
    const sut = loadConfig({ PORT: '4100', ONEROSTER_SOURCE_URL: 'mysql://ro@db/sis', ONEROSTER_MAPPINGS: 'mappings/x' }, PROJECT);
    expect(sut.server.port).toBe(4100);
    expect(sut.source.url).toBe('mysql://ro@db/sis');
    expect(sut.mappings).toBe('mappings/x');
  });

  it('takes server.trustProxy as true, false or a number of proxy hops (1 behind one ingress)', () => {
    expect(loadConfig({ ONEROSTER_TRUST_PROXY: 'true' }, PROJECT).server.trustProxy).toBe(true);
    expect(loadConfig({ ONEROSTER_TRUST_PROXY: 'false' }, PROJECT).server.trustProxy).toBe(false);
    expect(loadConfig({ ONEROSTER_TRUST_PROXY: '1' }, PROJECT).server.trustProxy).toBe(1);
    expect(loadConfig({ ONEROSTER_TRUST_PROXY: '2' }, PROJECT).server.trustProxy).toBe(2);
    expect(() => loadConfig({ ONEROSTER_TRUST_PROXY: 'ingress' }, PROJECT)).toThrow(/ONEROSTER_TRUST_PROXY: expected true, false or a number of proxy hops/);
    expect(() => loadConfig({ ONEROSTER_TRUST_PROXY: '11' }, PROJECT)).toThrow(/server.trustProxy: must be true, false or a number of proxy hops from 0 to 10/);
  });

  it('reports every invalid setting by name, never by value', () => {
    const dir = mkdtempSync(join(tmpdir(), 'config-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'api:\n  maxLimit: 0\nclients:\n  - id: x\n    secretHash: hunter2\nmystery: 1\n');
    try {
      loadConfig({ ONEROSTER_CONFIG: file, PORT: 'eighty' }, PROJECT);
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as ConfigError).message;
      expect(message).toContain('PORT');
      expect(message).toContain('api.maxLimit');
      expect(message).toContain('clients.0.secretHash');
      expect(message).toContain('mystery');
      expect(message).not.toContain('hunter2');
    }
  });

  it('names a missing config file given by ONEROSTER_CONFIG', () => {
    expect(() => loadConfig({ ONEROSTER_CONFIG: '/nope/config.yaml' }, PROJECT)).toThrow(/ONEROSTER_CONFIG/);
  });
});
