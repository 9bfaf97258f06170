import { createHmac, randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { startTestServer } from '../support/test-server';

/**
 * OAuth 1.0a request signing on the running adapter, by a consumer written here from RFC 5849
 * (independent of src/auth/oauth1-signature.ts), sending the path exactly as written (raw quote).
 */

const OAUTH1 = { id: 'oauth1-client', secret: 'consumer secret with space & plus+' } as const;
const OAUTH2_ONLY = { id: 'oauth2-only-client', secret: 'oauth2 only secret' } as const;
const PATH = "/ims/oneroster/v1p1/users?limit=2&filter=role%3D'teacher'";

type Method = 'HMAC-SHA1' | 'HMAC-SHA256';
interface Signing {
  method?: Method;
  timestamp?: number;
  nonce?: string;
  key?: string;
  secret?: string;
}

const enc = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const formDecode = (text: string): string => decodeURIComponent(text.replace(/\+/g, ' '));

/** The Authorization header a two-legged consumer would send for GET `baseUrl + path`. */
function oauthHeader(baseUrl: string, path: string, signing: Signing = {}): string {
  const oauth: Record<string, string> = {
    oauth_consumer_key: signing.key ?? OAUTH1.id,
    oauth_nonce: signing.nonce ?? randomBytes(12).toString('hex'),
    oauth_signature_method: signing.method ?? 'HMAC-SHA1',
    oauth_timestamp: String(signing.timestamp ?? Math.floor(Date.now() / 1000)),
    oauth_version: '1.0',
  };
  const [pathname, query = ''] = path.split('?');
  const queryPairs = query.split('&').filter(Boolean).map((pair) => pair.split('=').map(formDecode) as [string, string]);
  const normalized = [...queryPairs, ...Object.entries(oauth)]
    .map(([name, value]) => `${enc(name)}=${enc(value)}`)
    .sort()
    .join('&');
  const baseString = ['GET', enc(`${baseUrl.toLowerCase()}${pathname}`), enc(normalized)].join('&');
  const algorithm = oauth.oauth_signature_method === 'HMAC-SHA256' ? 'sha256' : 'sha1';
  const signature = createHmac(algorithm, `${enc(signing.secret ?? OAUTH1.secret)}&`).update(baseString).digest('base64');
  const params = { ...oauth, oauth_signature: signature };
  return `OAuth realm="oneroster", ${Object.entries(params).map(([name, value]) => `${name}="${enc(value)}"`).join(', ')}`;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

/** GET with the path sent byte for byte (fetch would turn ' into %27). */
function get(baseUrl: string, path: string, authorization?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${baseUrl}/`, { method: 'GET', path, headers: authorization ? { Authorization: authorization } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? JSON.parse(text) : undefined });
      });
    });
    request.on('error', reject);
    request.end();
  });
}

describe('OAuth 1.0a request signing on the running adapter', () => {
  let server: RunningServer;
  let baseUrl: string;

  beforeAll(async () => {
    process.env.OR_TEST_OAUTH1_SECRET = OAUTH1.secret;
    process.env.OR_TEST_OAUTH2_ONLY_SECRET = OAUTH2_ONLY.secret;
    server = await startTestServer({
      configure: (config) =>
        config.clients.push(
          Object.assign(new ClientConfig(), { id: OAUTH1.id, secret: { env: 'OR_TEST_OAUTH1_SECRET' }, authMethods: ['oauth1', 'oauth2'], scopes: ['roster-core.readonly', 'roster.readonly'] }),
          Object.assign(new ClientConfig(), { id: OAUTH2_ONLY.id, secret: { env: 'OR_TEST_OAUTH2_ONLY_SECRET' }, scopes: ['roster-core.readonly'] }),
        ),
    });
    // Node answers on localhost; sign for the host the request names, as a consumer would.
    baseUrl = server.url.replace('localhost', '127.0.0.1');
  });

  afterAll(async () => {
    await server?.close();
    delete process.env.OR_TEST_OAUTH1_SECRET;
    delete process.env.OR_TEST_OAUTH2_ONLY_SECRET;
  });

  const expectRefused = (answer: Answer, message: RegExp) => {
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe('OAuth realm="oneroster"');
    expect(answer.body.imsx_codeMajor).toBe('failure');
    expect(answer.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
    expect(answer.body.imsx_description).toMatch(message);
  };

  it.each<Method>(['HMAC-SHA1', 'HMAC-SHA256'])('serves a request signed with %s (filter and limit in the signature)', async (method) => {
    const answer = await get(baseUrl, PATH, oauthHeader(baseUrl, PATH, { method }));
    expect(answer.status).toBe(200);
    expect(answer.body.users).toHaveLength(2);
    for (const user of answer.body.users) expect(user.role).toBe('teacher');
  });

  it('refuses a request whose query was changed after signing', async () => {
    const tampered = PATH.replace('limit=2', 'limit=3');
    expectRefused(await get(baseUrl, tampered, oauthHeader(baseUrl, PATH)), /signature does not match/);
  });

  it('refuses a replayed nonce', async () => {
    const header = oauthHeader(baseUrl, PATH, { nonce: 'same-nonce-twice' });
    expect((await get(baseUrl, PATH, header)).status).toBe(200);
    expectRefused(await get(baseUrl, PATH, header), /nonce was already used/);
  });

  it('refuses a timestamp older than 10 minutes, and accepts one 9 minutes old', async () => {
    const now = Math.floor(Date.now() / 1000);
    expectRefused(await get(baseUrl, PATH, oauthHeader(baseUrl, PATH, { timestamp: now - 11 * 60 })), /too old/);
    expect((await get(baseUrl, PATH, oauthHeader(baseUrl, PATH, { timestamp: now - 9 * 60 }))).status).toBe(200);
  });

  it('refuses the wrong secret and an unknown consumer key', async () => {
    expectRefused(await get(baseUrl, PATH, oauthHeader(baseUrl, PATH, { secret: 'wrong' })), /signature does not match/);
    expectRefused(await get(baseUrl, PATH, oauthHeader(baseUrl, PATH, { key: 'nobody' })), /Unknown oauth_consumer_key/);
  });

  it('refuses a correctly signed request from a client that enables only oauth2', async () => {
    const header = oauthHeader(baseUrl, PATH, { key: OAUTH2_ONLY.id, secret: OAUTH2_ONLY.secret });
    expectRefused(await get(baseUrl, PATH, header), /not enabled for this consumer key/);
  });

  it('refuses PLAINTEXT and a malformed header with a 401, never a 500', async () => {
    const plaintext = `OAuth oauth_consumer_key="${OAUTH1.id}", oauth_nonce="n1", oauth_signature_method="PLAINTEXT", oauth_timestamp="${Math.floor(Date.now() / 1000)}", oauth_signature="${enc(`${enc(OAUTH1.secret)}&`)}"`;
    expectRefused(await get(baseUrl, PATH, plaintext), /Unsupported oauth_signature_method/);
    expectRefused(await get(baseUrl, PATH, 'OAuth garbage'), /Malformed OAuth Authorization header/);
    expectRefused(await get(baseUrl, `${PATH}&oauth_signature=%ZZ`), /Malformed percent-encoding/);
  });

  it('still issues bearer tokens to the same client, and they work', async () => {
    const response = await fetch(`${baseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${Buffer.from(`${OAUTH1.id}:${OAUTH1.secret}`).toString('base64')}` },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const { access_token: token } = (await response.json()) as { access_token: string };
    expect((await get(baseUrl, PATH, `Bearer ${token}`)).status).toBe(200);
  });

  it('refuses a correctly signed request on a OneRoster 1.2 route: 1.2 is OAuth 2.0 only', async () => {
    const path = '/ims/oneroster/rostering/v1p2/users?limit=1';
    const answer = await get(baseUrl, path, oauthHeader(baseUrl, path));
    expect(answer.status).toBe(401);
    expect(answer.body.imsx_CodeMinor.imsx_codeMinorField[0].imsx_codeMinorFieldValue).toBe('unauthorisedrequest');
    expect(answer.body.imsx_description).toMatch(/OAuth 2.0 bearer tokens only/);
    expect(answer.body).not.toHaveProperty('imsx_messageRefIdentifier');
  });

  it('keeps the scope check: a signed request for demographics without that scope is 403', async () => {
    const path = '/ims/oneroster/v1p1/demographics?limit=1';
    const answer = await get(baseUrl, path, oauthHeader(baseUrl, path));
    expect(answer.status).toBe(403);
  });
});
