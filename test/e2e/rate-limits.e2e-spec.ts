import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { ClientRateLimitConfig } from '../../src/config/rate-limit-config';
import { hashSecret } from '../../src/config/secret-hash';
import { expectStatusPayload } from '../support/oneroster-assertions';
import { OneRosterClient } from '../support/oneroster-client';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { DEMO_CLIENT, startServerOn } from '../support/test-server';

const MAX_FAILURES = 3;
const WINDOW_SECONDS = 2;
const REQUESTS_PER_MINUTE = 3;
const V1P2 = '/ims/oneroster/rostering/v1p2';

/** The lock-out after failed token requests and the per-client request budget, over real HTTP. */
describeEachSource('rate limits on the running adapter', (target) => {
  let server: RunningServer;

  beforeAll(async () => {
    const client = async (id: string, requestsPerMinute?: number) =>
      Object.assign(new ClientConfig(), {
        id,
        secretHash: await hashSecret(`${id}-secret`),
        rateLimit: requestsPerMinute ? Object.assign(new ClientRateLimitConfig(), { requestsPerMinute }) : undefined,
      });
    const clients = await Promise.all([client('victim'), client('bystander'), client('steady'), client('limited', REQUESTS_PER_MINUTE), client('also-limited', REQUESTS_PER_MINUTE)]);
    server = await startServerOn(await prepareSource(target), (config) => {
      config.auth.failedTokenAttempts.max = MAX_FAILURES;
      config.auth.failedTokenAttempts.windowSeconds = WINDOW_SECONDS;
      // The limiter counts request.ip; behind a trusted proxy that is X-Forwarded-For, which lets one test play many addresses.
      config.server.trustProxy = true;
      config.clients.push(...clients);
    });
  });
  afterAll(() => server.close());

  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
  const tokenRequest = (from: string, headers: Record<string, string>, body = 'grant_type=client_credentials') =>
    fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Forwarded-For': from, ...headers }, body });
  const withSecret = (from: string, id: string, secret: string) => tokenRequest(from, { Authorization: basic(id, secret) });
  const rightSecret = (from: string, id: string) => withSecret(from, id, `${id}-secret`);
  const waitForWindow = () => new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000 + 200));

  async function expectLockedOut(response: Response): Promise<void> {
    expect(response.status).toBe(429);
    expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(WINDOW_SECONDS);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({ error: 'slow_down', error_description: expect.stringMatching(/Too many failed token requests.*retry after \d+ seconds/) });
  }

  describe('failed token requests', () => {
    it('lock a client id out after max failures from any addresses, refuse even its right secret, and let it in once the window ends', async () => {
      for (let i = 1; i <= MAX_FAILURES; i++) expect((await withSecret(`198.51.100.${i}`, 'victim', 'guess')).status).toBe(401);
      await expectLockedOut(await rightSecret('198.51.100.99', 'victim'));
      // The form body is the same client id.
      await expectLockedOut(await tokenRequest('198.51.100.98', {}, 'grant_type=client_credentials&client_id=victim&client_secret=victim-secret'));
      // The refused attempts did not use up the fresh addresses: another client is served from there.
      expect((await rightSecret('198.51.100.99', 'bystander')).status).toBe(200);

      await waitForWindow();
      expect((await rightSecret('198.51.100.99', 'victim')).status).toBe(200);
    });

    it('lock an address out after max failures with unknown client ids, for every client, and leave other addresses alone', async () => {
      for (let i = 1; i <= MAX_FAILURES; i++) {
        const response = await tokenRequest('203.0.113.7', {}, `grant_type=client_credentials&client_id=nobody-${i}&client_secret=x`);
        expect(response.status).toBe(401);
      }
      await expectLockedOut(await rightSecret('203.0.113.7', 'bystander'));
      await expectLockedOut(await withSecret('203.0.113.7', DEMO_CLIENT.id, DEMO_CLIENT.secret));
      expect((await rightSecret('203.0.113.8', 'bystander')).status).toBe(200);
      expect((await withSecret('203.0.113.8', DEMO_CLIENT.id, DEMO_CLIENT.secret)).status).toBe(200);
    });

    it('count an IPv6 caller by its /64', async () => {
      for (let i = 1; i <= MAX_FAILURES; i++) expect((await withSecret(`2001:db8:7:7::${i}`, `nobody-v6-${i}`, 'x')).status).toBe(401);
      await expectLockedOut(await rightSecret('2001:db8:7:7:ffff::1', 'bystander'));
      expect((await rightSecret('2001:db8:7:8::1', 'bystander')).status).toBe(200);
    });

    it('do not count successful requests', async () => {
      const from = '192.0.2.50';
      for (let i = 1; i < MAX_FAILURES; i++) expect((await withSecret(from, 'steady', 'guess')).status).toBe(401);
      for (let i = 0; i < 5; i++) expect((await rightSecret(from, 'steady')).status).toBe(200);
      // Still one failure left: the last one is a 401, not a 429; only then is the lock-out on.
      expect((await withSecret(from, 'steady', 'guess')).status).toBe(401);
      await expectLockedOut(await rightSecret(from, 'steady'));
    });

    it('do not count requests refused before the credentials are checked', async () => {
      const from = '192.0.2.60';
      for (let i = 0; i < MAX_FAILURES + 2; i++) {
        expect((await tokenRequest(from, { Authorization: basic('bystander', 'bystander-secret') }, 'grant_type=password')).status).toBe(400);
      }
      expect((await rightSecret(from, 'bystander')).status).toBe(200);
    });
  });

  describe('per-client request rate', () => {
    it('answers the request over the budget with 429, Retry-After and the 1.1 status payload server_busy', async () => {
      const limited = new OneRosterClient(server.url, { id: 'limited', secret: 'limited-secret' });
      for (let i = 0; i < REQUESTS_PER_MINUTE; i++) expect((await limited.get('orgs', { limit: 1 })).status).toBe(200);
      const refused = await limited.get('orgs', { limit: 1 });
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expectStatusPayload(refused.body, 'server_busy');
      expect(refused.body).toMatchObject({
        imsx_codeMajor: 'failure',
        imsx_description: expect.stringMatching(/3 requests per minute; retry after \d+ seconds/),
        imsx_messageRefIdentifier: refused.headers.get('x-request-id'),
      });

      // One budget across both versions, in the 1.2 shape there (no imsx_messageRefIdentifier).
      const v1p2 = new OneRosterClient(server.url, { id: 'limited', secret: 'limited-secret' }, V1P2);
      const refusedV1p2 = await v1p2.get('orgs', { limit: 1 });
      expect(refusedV1p2.status).toBe(429);
      expect(refusedV1p2.headers.get('retry-after')).toMatch(/^\d+$/);
      expectStatusPayload(refusedV1p2.body, 'server_busy');
      expect(refusedV1p2.body).not.toHaveProperty('imsx_messageRefIdentifier');

      // The token endpoint is not an API route: the limited client still gets tokens.
      expect((await rightSecret('192.0.2.70', 'limited')).status).toBe(200);
    });

    it('leaves other clients unaffected: another limited client has its own budget, an unlimited one has none', async () => {
      const other = new OneRosterClient(server.url, { id: 'also-limited', secret: 'also-limited-secret' });
      for (let i = 0; i < REQUESTS_PER_MINUTE; i++) expect((await other.get('orgs', { limit: 1 })).status).toBe(200);
      const demo = new OneRosterClient(server.url);
      for (let i = 0; i < REQUESTS_PER_MINUTE * 3; i++) expect((await demo.get('orgs', { limit: 1 })).status).toBe(200);
    });

    it('authenticates first: without a token the answer is 401 whatever the budget, with one of the spent client 429', async () => {
      const spent = new OneRosterClient(server.url, { id: 'also-limited', secret: 'also-limited-secret' });
      expect((await spent.raw(`${server.url}/ims/oneroster/v1p1/orgs`)).status).toBe(401);
      expect((await spent.get('orgs', { limit: 1 })).status).toBe(429);
    });
  });
});
