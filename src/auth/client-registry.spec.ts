// app-config.ts's class-transformer decorators need the metadata polyfill, which Nest would load.
import 'reflect-metadata';
import { inspect } from 'node:util';
import { AppConfig, ClientConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import * as secretHash from '../config/secret-hash';
import { hashSecret } from '../config/secret-hash';
import { ClientRegistry } from './client-registry';
import { ROSTER_CORE_READONLY, ROSTER_READONLY } from './scopes';

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

  it('returns the client for the right secret, with full scope URIs', async () => {
    await expect(sut.authenticate('hashed', 'right secret')).resolves.toEqual({ id: 'hashed', allowedScopes: [ROSTER_CORE_READONLY, ROSTER_READONLY] });
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
});
