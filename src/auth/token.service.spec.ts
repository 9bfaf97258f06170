// app-config.ts's class-transformer decorators need the metadata polyfill, which Nest would load.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { sign } from 'jsonwebtoken';
import { AppConfig, SigningKeyConfig } from '../config/app-config';
import { ConfigError } from '../config/config-error';
import { ROSTER_DEMOGRAPHICS_READONLY, ROSTER_READONLY } from './scopes';
import { InvalidTokenError, TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from './token.service';

const ENV = { KEY_A: 'a'.repeat(32), KEY_B: 'b'.repeat(40), KEY_SHORT: 'c'.repeat(31) };

function configWith(keyIds: Array<[id: string, env: string]> | undefined, tokenLifetimeSeconds = 3600): AppConfig {
  const config = new AppConfig();
  config.auth.tokenLifetimeSeconds = tokenLifetimeSeconds;
  config.auth.signingKeys = keyIds?.map(([id, env]) => Object.assign(new SigningKeyConfig(), { id, secret: { env } }));
  return config;
}

describe(TokenService.name, () => {
  let sut: TokenService;

  beforeEach(() => {
    sut = new TokenService(configWith([['a', 'KEY_A']]), ENV);
  });

  afterEach(() => jest.useRealTimers());

  it('verifies the tokens it issues', () => {
    const issued = sut.issue('demo-client', [ROSTER_READONLY, ROSTER_DEMOGRAPHICS_READONLY]);
    expect(issued.expiresIn).toBe(3600);
    expect(sut.verify(issued.accessToken)).toEqual({
      clientId: 'demo-client',
      scopes: new Set([ROSTER_READONLY, ROSTER_DEMOGRAPHICS_READONLY]),
      tokenId: issued.tokenId,
      expiresAt: issued.expiresAt,
    });
  });

  it('rejects an expired token', () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z') });
    sut = new TokenService(configWith([['a', 'KEY_A']], 60), ENV);
    const { accessToken } = sut.issue('demo-client', [ROSTER_READONLY]);
    jest.setSystemTime(new Date('2026-01-01T00:00:59Z'));
    expect(sut.verify(accessToken).clientId).toBe('demo-client');
    jest.setSystemTime(new Date('2026-01-01T00:01:00Z'));
    expect(() => sut.verify(accessToken)).toThrow(InvalidTokenError);
  });

  it('rejects a tampered signature', () => {
    const [header, payload, signature] = sut.issue('demo-client', [ROSTER_READONLY]).accessToken.split('.');
    const flipped = `${signature[0] === 'A' ? 'B' : 'A'}${signature.slice(1)}`;
    expect(() => sut.verify([header, payload, flipped].join('.'))).toThrow(InvalidTokenError);
  });

  it('rejects a tampered payload', () => {
    const [header, , signature] = sut.issue('demo-client', [ROSTER_READONLY]).accessToken.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'admin', scope: ROSTER_DEMOGRAPHICS_READONLY, jti: 'x', exp: 4102444800, aud: TOKEN_AUDIENCE, iss: TOKEN_ISSUER })).toString('base64url');
    expect(() => sut.verify([header, forged, signature].join('.'))).toThrow(InvalidTokenError);
  });

  it('rejects an unsigned alg:none token', () => {
    const unsigned = sign({ scope: ROSTER_READONLY, jti: 'x' }, null, {
      algorithm: 'none', keyid: 'a', subject: 'demo-client', audience: TOKEN_AUDIENCE, issuer: TOKEN_ISSUER, expiresIn: 60,
    });
    expect(() => sut.verify(unsigned)).toThrow(/algorithm none/);
  });

  it('rejects a token signed with the right key under another algorithm', () => {
    const hs512 = sign({ scope: ROSTER_READONLY, jti: 'x' }, ENV.KEY_A, {
      algorithm: 'HS512', keyid: 'a', subject: 'demo-client', audience: TOKEN_AUDIENCE, issuer: TOKEN_ISSUER, expiresIn: 60,
    });
    expect(() => sut.verify(hs512)).toThrow(InvalidTokenError);
  });

  it('rejects a token for another audience', () => {
    const other = sign({ scope: ROSTER_READONLY, jti: 'x' }, ENV.KEY_A, {
      algorithm: 'HS256', keyid: 'a', subject: 'demo-client', audience: 'oneroster-v1p2', issuer: TOKEN_ISSUER, expiresIn: 60,
    });
    expect(() => sut.verify(other)).toThrow(/audience/);
  });

  it.each(['', 'garbage', 'a.b.c'])('rejects %p', (token) => {
    expect(() => sut.verify(token)).toThrow(InvalidTokenError);
  });

  describe('key rotation', () => {
    it('accepts a token signed with A when the keys are [B, A], and signs new ones with B', () => {
      const { accessToken } = sut.issue('demo-client', [ROSTER_READONLY]);
      const rotated = new TokenService(configWith([['b', 'KEY_B'], ['a', 'KEY_A']]), ENV);
      expect(rotated.verify(accessToken).clientId).toBe('demo-client');
      const fresh = rotated.issue('demo-client', [ROSTER_READONLY]).accessToken;
      expect(JSON.parse(Buffer.from(fresh.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'HS256', kid: 'b' });
    });

    it('rejects a token signed with A once only [B] is configured', () => {
      const { accessToken } = sut.issue('demo-client', [ROSTER_READONLY]);
      const retired = new TokenService(configWith([['b', 'KEY_B']]), ENV);
      expect(() => retired.verify(accessToken)).toThrow(/unknown signing key/);
    });

    it('rejects a token whose kid names a known key but was signed with another', () => {
      const forged = sign({ scope: ROSTER_READONLY, jti: 'x' }, ENV.KEY_A, {
        algorithm: 'HS256', keyid: 'b', subject: 'demo-client', audience: TOKEN_AUDIENCE, issuer: TOKEN_ISSUER, expiresIn: 60,
      });
      expect(() => new TokenService(configWith([['b', 'KEY_B'], ['a', 'KEY_A']]), ENV).verify(forged)).toThrow(/signature/);
    });
  });

  describe('startup', () => {
    it.each<[string, Array<[string, string]>, RegExp]>([
      ['a missing variable', [['k1', 'KEY_NOT_SET']], /signingKeys\.0 \(k1\): environment variable KEY_NOT_SET is not set/],
      ['a key under 32 bytes', [['k2', 'KEY_SHORT']], /signingKeys\.0 \(k2\): the key in KEY_SHORT must be at least 32 bytes/],
      ['a duplicate key id', [['k3', 'KEY_A'], ['k3', 'KEY_B']], /signingKeys\.1 \(k3\): duplicate key id/],
    ])('refuses %s, naming the key id', (_title, keys, message) => {
      const build = () => new TokenService(configWith(keys), ENV);
      expect(build).toThrow(ConfigError);
      expect(build).toThrow(message);
    });

    it('never puts the key value in the error', () => {
      expect(() => new TokenService(configWith([['k2', 'KEY_SHORT']]), ENV)).toThrow(expect.objectContaining({ message: expect.not.stringContaining(ENV.KEY_SHORT) }));
    });

    it('without configured keys, uses a per-process random key and warns once', () => {
      const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const first = new TokenService(configWith(undefined), ENV);
      const second = new TokenService(configWith(undefined), ENV);
      const { accessToken } = first.issue('demo-client', [ROSTER_READONLY]);
      expect(first.verify(accessToken).clientId).toBe('demo-client');
      expect(() => second.verify(accessToken)).toThrow(InvalidTokenError);
      expect(warn).toHaveBeenCalledTimes(2);
      expect(warn.mock.calls[0][0]).toMatch(/will not survive a restart/);
      warn.mockRestore();
    });
  });
});
