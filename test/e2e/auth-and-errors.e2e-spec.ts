import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { hashSecret } from '../../src/config/secret-hash';
import { OneRosterClient } from '../support/oneroster-client';
import { expectStatusPayload } from '../support/oneroster-assertions';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { DEMO_CLIENT, startServerOn } from '../support/test-server';

const SCOPE = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';

describeEachSource('OAuth 2.0 client credentials and error answers on the running adapter', (target) => {
  let server: RunningServer;
  let api: string;

  beforeAll(async () => {
    const coreOnly = Object.assign(new ClientConfig(), { id: 'core-only', secretHash: await hashSecret('core-secret'), scopes: ['roster-core.readonly'] });
    server = await startServerOn(await prepareSource(target), (config) => config.clients.push(coreOnly));
    api = `${server.url}/ims/oneroster/v1p1`;
  });
  afterAll(() => server.close());

  const tokenRequest = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers }, body });
  const basic = (id: string, secret: string) => ({ Authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

  it('issues a bearer token for credentials in an HTTP Basic header', async () => {
    const response = await tokenRequest('grant_type=client_credentials', basic(DEMO_CLIENT.id, DEMO_CLIENT.secret));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 3600, scope: expect.stringContaining(`${SCOPE}roster-core.readonly`) });
  });

  it('issues a bearer token for credentials in the form body (SDS ADF pipeline style)', async () => {
    const response = await tokenRequest(`grant_type=client_credentials&client_id=${DEMO_CLIENT.id}&client_secret=${DEMO_CLIENT.secret}`);
    expect(response.status).toBe(200);
  });

  it('narrows requested scopes it cannot grant instead of rejecting them (Google asks for gradebook too)', async () => {
    const scope = encodeURIComponent(`${SCOPE}roster.readonly ${SCOPE}gradebook.readonly`);
    const response = await tokenRequest(`grant_type=client_credentials&scope=${scope}`, basic(DEMO_CLIENT.id, DEMO_CLIENT.secret));
    expect(((await response.json()) as { scope: string }).scope).toBe(`${SCOPE}roster.readonly`);
  });

  it('answers a wrong secret with 401 invalid_client', async () => {
    const response = await tokenRequest('grant_type=client_credentials', basic(DEMO_CLIENT.id, 'wrong'));
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: 'invalid_client' });
  });

  it.each([
    ['no Authorization header', {}],
    ['a garbage token', { Authorization: 'Bearer not.a.token' }],
    ['a token signed with another key', { Authorization: 'Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZW1vLWNsaWVudCJ9.c2lnbmF0dXJl' }],
    ['Basic credentials instead of a token', basic(DEMO_CLIENT.id, DEMO_CLIENT.secret)],
  ])('refuses a OneRoster request with %s: 401 unauthorisedrequest', async (_, headers) => {
    const response = await fetch(`${api}/users`, { headers });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectStatusPayload((await response.json()) as Record<string, unknown>, 'unauthorisedrequest');
  });

  it('enforces scopes per route: a roster-core client reads users but not demographics', async () => {
    const client = new OneRosterClient(server.url, { id: 'core-only', secret: 'core-secret' });
    expect((await client.get('users', { limit: 1 })).status).toBe(200);
    const denied = await client.get('demographics');
    expect(denied.status).toBe(403);
    expectStatusPayload(denied.body, 'forbidden');
  });

  it('answers an unknown path with 404 unknownobject and a write method with 405', async () => {
    const client = new OneRosterClient(server.url);
    const token = await client.accessToken();
    const unknown = await client.raw<Record<string, unknown>>(`${api}/lineItems`, { Authorization: `Bearer ${token}` });
    expect(unknown.status).toBe(404);
    expectStatusPayload(unknown.body, 'unknownobject');
    const write = await client.raw<Record<string, unknown>>(`${api}/users/stu-0000001`, { Authorization: `Bearer ${token}` }, { method: 'DELETE' });
    expect(write.status).toBe(405);
    expectStatusPayload(write.body, 'unsupportedoperation');
  });

  it('answers a NUL character in a sourcedId with 400, not a database error', async () => {
    const client = new OneRosterClient(server.url);
    const response = await client.raw<Record<string, unknown>>(`${api}/users/stu-%00`, { Authorization: `Bearer ${await client.accessToken()}` });
    expect(response.status).toBe(400);
    expectStatusPayload(response.body, 'invaliddata');
  });

  it('tolerates a doubled slash and a differently cased base path, as consumers send them', async () => {
    const client = new OneRosterClient(server.url);
    const token = await client.accessToken();
    expect((await client.raw(`${server.url}/ims/oneroster/v1p1//orgs`, { Authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await client.raw(`${server.url}/ims/oneRoster/v1p1/orgs`, { Authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it.each([
    "filter=givenName%3D'%00'",
    "filter=givenName%3D'x'%20OR%201%3D1--",
    "filter=givenName%3D''%3B%20DROP%20TABLE%20STU_MSTR%3B--'",
    'filter=' + encodeURIComponent("(".repeat(20) + "a='1'" + ")".repeat(20)),
    'filter=' + 'x'.repeat(5000),
    'filter=%E0%A4%A',
    'sort[]=a&fields[x]=1',
    'offset=99999999999999999999',
    'filter=a&filter=b',
    'x=%00',
  ])('never answers %s with a 5xx or a stack trace', async (query) => {
    const client = new OneRosterClient(server.url);
    const response = await client.raw<Record<string, unknown>>(`${api}/users?${query}`, { Authorization: `Bearer ${await client.accessToken()}` });
    expect(response.status).toBeLessThan(500);
    if (response.status >= 400) expect(response.body.imsx_codeMajor).toBe('failure');
    expect(JSON.stringify(response.body)).not.toMatch(/\bat .*\.(js|ts):\d+|SQLITE_|select /i);
  });
});
