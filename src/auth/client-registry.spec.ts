// app-config.ts's class-transformer decorators need the metadata polyfill, which Nest would load.
import 'reflect-metadata';
import { inspect } from 'node:util';
import { AppConfig, ClientConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import * as secretHash from '../config/secret-hash';
import { hashSecret } from '../config/secret-hash';
import { ClientRegistry } from './client-registry';
import { ROSTER_CORE_READONLY, ROSTER_READONLY, scopeUri } from './scopes';
import { V1P2 } from '../oneroster/versions';

function configWith(clients: Array<Partial<ClientConfig>>): AppConfig {
  const config = new AppConfig();
  config.clients = clients.map((client) => Object.assign(new ClientConfig(), client));
  return config;
}

describe(ClientRegistry.name, () => {
  let sut: ClientRegistry;

  beforeAll(async () => {
    const config = configWith([
      { id: 'hashed', secretHash: await hashSecret('right secret'), scopes: ['roster-core.readonly', 'roster.readonly'] },
      { id: 'from-env', secret: { env: 'CLIENT_SECRET_FROM_ENV' } },
    ]);
    sut = new ClientRegistry(config, { CLIENT_SECRET_FROM_ENV: 'env secret' });
  });

  it('returns the client for the right secret, with full scope URIs of both versions for a short name', async () => {
    await expect(sut.authenticate('hashed', 'right secret')).resolves.toEqual({
      id: 'hashed',
      allowedScopes: [ROSTER_CORE_READONLY, scopeUri('roster-core.readonly', V1P2), ROSTER_READONLY, scopeUri('roster.readonly', V1P2)],
    });
  });

  it('allows only the version a full scope URI in the configuration names', async () => {
    const config = new AppConfig();
    config.clients = [Object.assign(new ClientConfig(), { id: 'v1p2-only', secretHash: await hashSecret('s'), scopes: [scopeUri('roster.readonly', V1P2)] })];
    const registry = new ClientRegistry(config, {});
    await expect(registry.authenticate('v1p2-only', 's')).resolves.toEqual({ id: 'v1p2-only', allowedScopes: [scopeUri('roster.readonly', V1P2)] });
  });

  it('refuses a wrong secret', async () => {
    await expect(sut.authenticate('hashed', 'wrong secret')).resolves.toBeNull();
  });

  it.each([['nobody'], ['hashed'], ['from-env']])('spends exactly one scrypt verification for id %p, so timing does not reveal which ids exist', async (id) => {
    const scrypt = jest.spyOn(secretHash, 'verifySecret');
    try {
      await sut.authenticate(id, 'some secret');
      expect(scrypt).toHaveBeenCalledTimes(1);
    } finally {
      scrypt.mockRestore();
    }
  });

  it('refuses an unknown id', async () => {
    await expect(sut.authenticate('nobody', 'right secret')).resolves.toBeNull();
  });

  it('checks an env-referenced secret', async () => {
    await expect(sut.authenticate('from-env', 'env secret')).resolves.toMatchObject({ id: 'from-env' });
    await expect(sut.authenticate('from-env', 'env secre')).resolves.toBeNull();
    await expect(sut.authenticate('from-env', '')).resolves.toBeNull();
  });

  it('fails at startup when a secret variable is missing, naming client and variable', () => {
    const config = configWith([{ id: 'lost', secret: { env: 'MISSING_CLIENT_SECRET' } }]);
    const build = () => new ClientRegistry(config, {});
    expect(build).toThrow(ConfigError);
    expect(build).toThrow(/clients\.0 \(lost\): environment variable MISSING_CLIENT_SECRET/);
  });

  it('never prints an env secret', () => {
    expect(JSON.stringify(sut)).not.toContain('env secret');
    expect(inspect(sut, { depth: 10 })).not.toContain('env secret');
  });

  describe('authMethods', () => {
    const ENV = { OAUTH1_SECRET: 'oauth1 secret' };
    let registry: ClientRegistry;

    beforeAll(async () => {
      registry = new ClientRegistry(configWith([
        { id: 'both', secret: { env: 'OAUTH1_SECRET' }, authMethods: ['oauth1', 'oauth2'], scopes: ['roster-core.readonly'] },
        { id: 'oauth1-only', secret: { env: 'OAUTH1_SECRET' }, authMethods: ['oauth1'] },
        { id: 'default', secretHash: await hashSecret('hashed secret') },
      ]), ENV);
    });

    it('hands OAuth 1.0a the plain secret and configured scopes of a client that enables it', () => {
      const consumer = registry.oauth1Consumer('both');
      expect(consumer).toMatchObject({ status: 'ok', client: { id: 'both', allowedScopes: [ROSTER_CORE_READONLY, scopeUri('roster-core.readonly', V1P2)] } });
      expect(consumer.status === 'ok' && consumer.secret.reveal()).toBe('oauth1 secret');
    });

    it('tells an unknown consumer key from a client without oauth1 (the default is oauth2 only)', () => {
      expect(registry.oauth1Consumer('nobody')).toEqual({ status: 'unknown' });
      expect(registry.oauth1Consumer('default')).toEqual({ status: 'not-enabled' });
    });

    it('issues no bearer credentials to an oauth1-only client, even for the right secret', async () => {
      await expect(registry.authenticate('oauth1-only', 'oauth1 secret')).resolves.toBeNull();
      await expect(registry.authenticate('both', 'oauth1 secret')).resolves.toMatchObject({ id: 'both' });
      await expect(registry.authenticate('default', 'hashed secret')).resolves.toMatchObject({ id: 'default' });
    });

    it('fails at startup when an oauth1 client gives a hash, naming client and setting but no value', async () => {
      const hash = await hashSecret('never shown');
      const build = () => new ClientRegistry(configWith([{ id: 'hashed-oauth1', secretHash: hash, authMethods: ['oauth2', 'oauth1'] }]), {});
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(/clients\.0 \(hashed-oauth1\): authMethods includes oauth1, which needs the plain secret .*secret: \{ env: NAME \}/);
      expect(build).toThrow(expect.objectContaining({ message: expect.not.stringContaining(hash) }));
    });
  });
});
