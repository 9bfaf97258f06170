import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Knex } from 'knex';
import { RunningServer, startServer } from '../../src/bootstrap';
import { ClientConfig, SecretReference } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { ClientRateLimitConfig } from '../../src/config/rate-limit-config';
import { hashSecret } from '../../src/config/secret-hash';
import { describeEachSource, prepareSource, sisConnection } from '../support/source-targets';
import { PROJECT_ROOT } from '../support/test-server';

/**
 * No secret, token or SQL parameter ever reaches the logs. The real server runs with every log
 * level on and everything it prints captured (its structured JSON log goes to process.stdout;
 * console.*, stderr and the startup `log` callback are captured too); the suite then does what
 * clients, attackers and outages do, and finally searches the whole capture for every sensitive
 * value, in the raw text and in every JSON line's decoded values (JSON escapes quotes and
 * backslashes, so a leaked OAuth header would not appear verbatim in the raw text).
 */

/** A value that must never be logged, unique to this run so nothing else can contain it by chance. */
const unique = (label: string): string => `${label}-${randomBytes(9).toString('base64url')}`;

const HASHED = { id: 'hygiene-hashed', secret: unique('hashed-secret') };
const FROM_ENV = { id: 'hygiene-env', secret: unique('env-secret'), variable: 'ONEROSTER_TEST_HYGIENE_SECRET' };
const LIMITED = { id: 'hygiene-limited', secret: unique('limited-secret') };

class LogCapture {
  private readonly chunks: string[] = [];
  /** What was written to stdout: the structured log, one JSON object per line. */
  private readonly stdout: string[] = [];
  private readonly restores: Array<() => void> = [];

  start(): void {
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        const text = Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk);
        this.chunks.push(text);
        if (stream === process.stdout) this.stdout.push(text);
        const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write;
      this.restores.push(() => {
        stream.write = original;
      });
    }
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.chunks.push(args.map((arg) => (arg instanceof Error ? `${arg.stack}` : typeof arg === 'string' ? arg : JSON.stringify(arg))).join(' '));
      });
      this.restores.push(() => spy.mockRestore());
    }
  }

  line(text: string): void {
    this.chunks.push(text);
  }

  stop(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  get text(): string {
    return this.chunks.join('\n');
  }

  /** The stdout lines; each must be a JSON log record. */
  get stdoutLines(): string[] {
    return this.stdout.join('').split('\n').filter((line) => line !== '');
  }
}

interface LogRecord {
  level: string;
  time: string;
  msg: string;
  reqId?: string;
  [field: string]: unknown;
}

/** Every string in a parsed JSON value, unescaped: what a leak looks like once JSON's escaping is undone. */
function decodedStrings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(decodedStrings);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...decodedStrings(item)]);
  return [];
}

describeEachSource('log hygiene: secrets, tokens and SQL parameters never reach the logs', (target) => {
  const capture = new LogCapture();
  let server: RunningServer;
  let sis: Knex;
  /** Every value the logs must not contain, with what it is (for the failure message). */
  const forbidden = new Map<string, string>();
  /** X-Request-Id of the answers the outage turned into errors: their log lines must carry it. */
  const failedRequestIds: string[] = [];
  /** X-Request-Id of every answer the suite received: each has exactly one access line. */
  const answeredIds: string[] = [];
  let fetchSpy: jest.SpyInstance | undefined;
  const forbid = (value: string, what: string): void => {
    if (value.length >= 6) forbidden.set(value, what);
  };

  const tokenUrl = () => `${server.url}/oauth/token`;
  const v1p1 = () => `${server.url}/ims/oneroster/v1p1`;
  const v1p2 = () => `${server.url}/ims/oneroster/rostering/v1p2`;
  const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

  function basic(id: string, secret: string): string {
    const header = `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    forbid(header, 'a Basic Authorization header');
    forbid(header.slice('Basic '.length), 'the credentials of a Basic Authorization header');
    return header;
  }

  async function token(id: string, secret: string): Promise<string> {
    const response = await fetch(tokenUrl(), { method: 'POST', headers: { ...FORM, Authorization: basic(id, secret) }, body: 'grant_type=client_credentials' });
    expect(response.status).toBe(200);
    const accessToken = ((await response.json()) as { access_token: string }).access_token;
    forbid(accessToken, `the access token issued to ${id}`);
    forbid(accessToken.split('.')[2], `the signature of the access token issued to ${id}`);
    forbid(`Bearer ${accessToken}`, 'a Bearer Authorization header');
    return accessToken;
  }

  async function get(url: string, accessToken?: string, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(url, { headers: { ...(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}), ...headers } });
    await response.text();
    return response.status;
  }

  /** A filter value that reaches SQL as a binding; it must not be logged. */
  function marker(label: string): string {
    const value = unique(`marker-${label}`);
    forbid(value, `the filter/sourcedId marker ${label}`);
    return value;
  }

  beforeAll(async () => {
    const prepared = await prepareSource(target, { copyName: 'log-hygiene' });
    sis = await sisConnection(target, prepared.sqliteFile);
    process.env[FROM_ENV.variable] = FROM_ENV.secret;
    for (const { secret, id } of [HASHED, FROM_ENV, LIMITED]) forbid(secret, `the secret of ${id}`);

    const config = loadConfig({}, PROJECT_ROOT);
    config.server.port = 0;
    config.server.trustProxy = true;
    config.mappings = resolve(PROJECT_ROOT, config.mappings);
    if (prepared.sourceUrl) config.source.url = prepared.sourceUrl;
    else config.demo.file = prepared.sqliteFile!;
    config.auth.failedTokenAttempts.max = 2;
    config.auth.failedTokenAttempts.windowSeconds = 60;
    config.clients.push(
      Object.assign(new ClientConfig(), { id: HASHED.id, secretHash: await hashSecret(HASHED.secret) }),
      Object.assign(new ClientConfig(), { id: FROM_ENV.id, secret: Object.assign(new SecretReference(), { env: FROM_ENV.variable }), authMethods: ['oauth2', 'oauth1'] }),
      Object.assign(new ClientConfig(), {
        id: LIMITED.id,
        secretHash: await hashSecret(LIMITED.secret),
        scopes: ['roster-core.readonly'],
        rateLimit: Object.assign(new ClientRateLimitConfig(), { requestsPerMinute: 2 }),
      }),
    );

    const realFetch = globalThis.fetch;
    fetchSpy = jest.spyOn(globalThis, 'fetch').mockImplementation(async (...args: Parameters<typeof fetch>) => {
      const response = await realFetch(...args);
      answeredIds.push(response.headers.get('x-request-id') ?? '(none)');
      return response;
    });
    capture.start();
    server = await startServer(config, { logger: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'], log: (line) => capture.line(line) });
  });

  afterAll(async () => {
    try {
      await server?.close();
    } finally {
      capture.stop();
      fetchSpy?.mockRestore();
      delete process.env[FROM_ENV.variable];
      await sis?.destroy();
    }
  });

  it('token requests: good and bad secrets, in the Basic header, the form body and JSON', async () => {
    await token(HASHED.id, HASHED.secret);
    await token(FROM_ENV.id, FROM_ENV.secret);
    const post = (body: string, headers: Record<string, string>) => fetch(tokenUrl(), { method: 'POST', headers, body }).then((response) => response.status);

    expect(await post(`grant_type=client_credentials&client_id=${HASHED.id}&client_secret=${encodeURIComponent(HASHED.secret)}`, FORM)).toBe(200);
    expect(await post(JSON.stringify({ grant_type: 'client_credentials', client_id: FROM_ENV.id, client_secret: FROM_ENV.secret }), { 'Content-Type': 'application/json' })).toBe(200);

    const wrong = marker('wrong-secret');
    expect(await post('grant_type=client_credentials', { ...FORM, Authorization: basic(HASHED.id, wrong), 'X-Forwarded-For': '192.0.2.1' })).toBe(401);
    expect(await post(`grant_type=client_credentials&client_id=${FROM_ENV.id}&client_secret=${wrong}`, { ...FORM, 'X-Forwarded-For': '192.0.2.2' })).toBe(401);
    // A secret pasted into the client id field by mistake: an unknown id is never echoed.
    expect(await post(`grant_type=client_credentials&client_id=${HASHED.secret}&client_secret=${HASHED.secret}`, { ...FORM, 'X-Forwarded-For': '192.0.2.3' })).toBe(401);
    expect(await post('grant_type=client_credentials', { ...FORM, Authorization: basic(marker('id-as-secret'), HASHED.secret), 'X-Forwarded-For': '192.0.2.3' })).toBe(401);
    // The third failure from 192.0.2.3 is refused (lock-out), which is logged, by address only.
    expect(await post('grant_type=client_credentials', { ...FORM, Authorization: basic(HASHED.id, HASHED.secret), 'X-Forwarded-For': '192.0.2.3' })).toBe(429);

    // Malformed requests that carry a secret: broken JSON, a repeated parameter, a garbled Basic header.
    const brokenJson = `{"grant_type":"client_credentials","client_id":"${HASHED.id}","client_secret":"${HASHED.secret}"`;
    expect(await post(brokenJson, { 'Content-Type': 'application/json' })).toBeLessThan(500);
    expect(await post(`grant_type=client_credentials&client_secret=${HASHED.secret}&client_secret=${HASHED.secret}`, FORM)).toBe(400);
    const garbled = `Basic ${HASHED.secret}!!`;
    forbid(garbled, 'a garbled Basic header');
    expect(await post('grant_type=client_credentials', { ...FORM, Authorization: garbled })).toBe(401);
    expect(await post(`grant_type=password&username=${HASHED.id}&password=${HASHED.secret}`, FORM)).toBe(400);
  });

  it('API requests with bearer tokens and filters, sourcedIds, sorts and field lists carrying markers', async () => {
    const accessToken = await token(HASHED.id, HASHED.secret);
    expect(await get(`${v1p1()}/users?filter=${encodeURIComponent(`givenName='${marker('given-name')}'`)}`, accessToken)).toBe(200);
    expect(await get(`${v1p1()}/users?filter=${encodeURIComponent(`givenName='${marker('or-a')}' OR familyName~'${marker('or-b')}'`)}&sort=familyName`, accessToken)).toBe(200);
    expect(await get(`${v1p1()}/users/${marker('sourced-id')}`, accessToken)).toBe(404);
    expect(await get(`${v1p1()}/classes/${marker('class-id')}/students`, accessToken)).toBeLessThan(500);
    expect(await get(`${v1p2()}/users?filter=${encodeURIComponent(`givenName='${marker('v1p2-given-name')}'`)}`, accessToken)).toBe(200);
    expect(await get(`${v1p1()}/users?filter=${encodeURIComponent(`dateLastModified>'${marker('bad-date')}'`)}`, accessToken)).toBe(400);
    expect(await get(`${v1p1()}/users?filter=${encodeURIComponent(`${marker('unknown-field')}='x'`)}`, accessToken)).toBe(400);
    expect(await get(`${v1p1()}/users?sort=${marker('sort')}&fields=sourcedId,${marker('fields')}`, accessToken)).toBe(200);
    // The token in the query string, as passport-http-bearer also accepts it.
    expect(await get(`${v1p1()}/orgs?access_token=${accessToken}&filter=${encodeURIComponent(`name='${marker('query-token')}'`)}`)).toBe(200);
  });

  it('refusals: bad tokens, a missing scope, unknown paths, write methods, the request rate limit, OAuth 1.0a', async () => {
    const garbage = unique('garbage-token');
    forbid(garbage, 'a garbage bearer token');
    expect(await get(`${v1p1()}/users`, garbage)).toBe(401);
    const forged = `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ4In0.${unique('forged-signature')}`;
    forbid(forged, 'a forged token');
    forbid(forged.split('.')[2], 'the signature of a forged token');
    expect(await get(`${v1p1()}/users`, forged)).toBe(401);

    const limited = await token(LIMITED.id, LIMITED.secret);
    expect(await get(`${v1p1()}/demographics?filter=${encodeURIComponent(`sex='${marker('forbidden-scope')}'`)}`, limited)).toBe(403);
    expect(await get(`${v1p1()}/orgs`, limited)).toBe(200);
    expect(await get(`${v1p1()}/orgs`, limited)).toBe(200);
    expect(await get(`${v1p1()}/orgs?filter=${encodeURIComponent(`name='${marker('rate-limited')}'`)}`, limited)).toBe(429);

    const accessToken = await token(HASHED.id, HASHED.secret);
    expect(await get(`${v1p1()}/${marker('unknown-path')}`, accessToken)).toBe(404);
    const deleted = await fetch(`${v1p1()}/users/${marker('delete-id')}`, { method: 'DELETE', headers: { Authorization: `Bearer ${accessToken}` } });
    expect(deleted.status).toBe(405);

    const oauth1 = `OAuth realm="oneroster", oauth_consumer_key="${FROM_ENV.id}", oauth_nonce="${unique('nonce')}", oauth_signature_method="HMAC-SHA1", oauth_timestamp="${Math.floor(Date.now() / 1000)}", oauth_version="1.0", oauth_signature="${encodeURIComponent(unique('oauth1-signature'))}"`;
    forbid(oauth1, 'an OAuth 1.0a Authorization header');
    expect(await get(`${v1p1()}/users?filter=${encodeURIComponent(`givenName='${marker('oauth1')}'`)}`, undefined, { Authorization: oauth1 })).toBe(401);
  });

  it('a source database failure while answering a filtered request', async () => {
    const accessToken = await token(HASHED.id, HASHED.secret);
    await sis.schema.renameTable('STU_MSTR', 'STU_MSTR_AWAY');
    try {
      for (const url of [`${v1p1()}/users?filter=${encodeURIComponent(`givenName='${marker('outage')}'`)}`, `${v1p1()}/users/stu-${marker('outage-sourced-id')}`]) {
        const response = await fetch(url, { headers: { Authorization: `Bearer ${accessToken}` } });
        await response.text();
        expect(response.status).toBeGreaterThanOrEqual(500);
        failedRequestIds.push(response.headers.get('x-request-id')!);
      }
    } finally {
      await sis.schema.renameTable('STU_MSTR_AWAY', 'STU_MSTR');
    }
  });

  it('the captured logs hold none of them, and the capture did work', () => {
    const logs = capture.text;
    // The capture saw the server: startup, issued tokens (by id), the lock-out, the rate limit, the outage.
    expect(logs).toMatch(/issued token [0-9a-f-]{36} to client hygiene-hashed/);
    expect(logs).toMatch(/too many failed token requests from address 192\.0\.2\.3/);
    expect(logs).toContain(`client ${LIMITED.id} reached its limit of 2 requests per minute`);
    expect(logs).toMatch(/unexpected error|source database unavailable/);

    const records = capture.stdoutLines.map((line) => JSON.parse(line) as LogRecord);
    const decoded = records.flatMap(decodedStrings).join('\n');
    const leaks = [...forbidden]
      .filter(([value]) => logs.includes(value) || decoded.includes(value))
      .map(([value, what]) => {
        const line = [...logs.split('\n'), ...records.map((record) => decodedStrings(record).join(' '))].find((text) => text.includes(value));
        return `${what} appears in: ${line?.slice(0, 300)}`;
      });
    expect(leaks).toEqual([]);
    expect(forbidden.size).toBeGreaterThan(40);
  });

  it('the structured log: JSON lines, an access line per request naming no query string, the failing requests\' ids on their error lines', () => {
    const records = capture.stdoutLines.map((line) => JSON.parse(line) as LogRecord);
    for (const record of records) expect(record).toEqual(expect.objectContaining({ level: expect.any(String), time: expect.any(String), msg: expect.any(String) }));
    const access = records.filter((record) => record.msg === 'request completed');
    expect(answeredIds.length).toBeGreaterThan(30);
    expect(access.map((line) => line.reqId).sort()).toEqual([...answeredIds].sort());
    for (const line of access) expect(line.route).not.toMatch(/[?=]/);
    // The lock-out, the rate limit and the token issuance are logged inside their requests.
    for (const message of [/^too many failed token requests/, /reached its limit of 2 requests per minute/, /^issued token/]) {
      const lines = records.filter((record) => message.test(record.msg));
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(line.reqId).toEqual(expect.any(String));
    }
    expect(failedRequestIds).toHaveLength(2);
    for (const reqId of failedRequestIds) {
      const lines = records.filter((record) => record.reqId === reqId);
      expect(lines.map((line) => line.msg)).toEqual([expect.stringMatching(/^(unexpected error|source database unavailable)$/), 'request completed']);
      expect(lines[1]).toMatchObject({ level: 'error', status: expect.any(Number) });
      expect(['/ims/oneroster/v1p1/users', '/ims/oneroster/v1p1/users/:sourcedId']).toContain(lines[1].route);
    }
  });
});
