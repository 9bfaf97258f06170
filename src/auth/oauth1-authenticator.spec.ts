import 'reflect-metadata';
import type { Request } from 'express';
import { AppConfig, ClientConfig } from '../config/app-config';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { ClientRegistry } from './client-registry';
import { OAuth1Authenticator } from './oauth1-authenticator';
import { ROSTER_CORE_READONLY, scopeUri } from './scopes';
import { V1P2 } from '../oneroster/versions';

// The vector of oauth1-signature.spec.ts: signed for https://sis.example.org, as a consumer sees it behind a TLS proxy.
const HEADER =
  'OAuth oauth_consumer_key="oneroster-consumer", oauth_nonce="b7f1c2d3", oauth_signature_method="HMAC-SHA256", oauth_timestamp="1767225600", ' +
  'oauth_version="1.0", oauth_signature="%2B2SVj0IOrqmYvNQbIqLeUCdK9lPchtI1rIxF1AdNoqQ%3D"';
const PATH = "/ims/oneroster/v1p1/users?limit=2&filter=role%3D'teacher'";

function authenticator(publicUrl?: string): OAuth1Authenticator {
  const config = new AppConfig();
  config.server.publicUrl = publicUrl;
  config.clients = [Object.assign(new ClientConfig(), { id: 'oneroster-consumer', secret: { env: 'S' }, authMethods: ['oauth1'], scopes: ['roster-core.readonly'] })];
  return new OAuth1Authenticator(new ClientRegistry(config, { S: 's3cr3t with space+plus' }), config);
}

const requestTo = (host: string): Request =>
  ({ method: 'GET', originalUrl: PATH, url: PATH, protocol: 'http', headers: { authorization: HEADER }, get: (name: string) => (name.toLowerCase() === 'host' ? host : undefined) }) as unknown as Request;

describe(OAuth1Authenticator.name, () => {
  beforeEach(() => jest.useFakeTimers({ now: 1767225600 * 1000 }));
  afterEach(() => jest.useRealTimers());

  it('signs against the configured public URL behind a TLS proxy, yielding the client with its configured scopes', () => {
    expect(authenticator('https://sis.example.org/').authenticate(requestTo('adapter.internal:3000'))).toMatchObject({
      clientId: 'oneroster-consumer',
      scopes: new Set([ROSTER_CORE_READONLY, scopeUri('roster-core.readonly', V1P2)]),
    });
  });

  it("without a public URL, uses the request's protocol and host, and says which URI it signed", () => {
    const run = () => authenticator().authenticate(requestTo('adapter.internal:3000'));
    expect(run).toThrow(OneRosterRequestError);
    expect(run).toThrow('the server signed GET http://adapter.internal:3000/ims/oneroster/v1p1/users');
  });

  it('refuses the second use of the nonce', () => {
    const sut = authenticator('https://sis.example.org');
    sut.authenticate(requestTo('x'));
    expect(() => sut.authenticate(requestTo('x'))).toThrow(expect.objectContaining({ httpStatus: 401, headers: { 'WWW-Authenticate': 'OAuth realm="oneroster"' } }));
  });
});
