import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { RunningServer, startServer } from '../../src/bootstrap';
import { AppConfig, SecretReference } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { OneRosterClient } from '../support/oneroster-client';
import { DEMO_CLIENT, freshTrackingStore, PROJECT_ROOT, testDemoFile } from '../support/test-server';

/**
 * Structured logs and Prometheus metrics of the real server over HTTP (SQLite; the knex events and
 * pool gauges are the same code on every database). The server's log lines are collected as it
 * writes them; /metrics is read with a strict parser of Prometheus' text format.
 */

const unique = (label: string): string => `${label}-${randomBytes(6).toString('hex')}`;
const V1P1 = '/ims/oneroster/v1p1';
const V1P2 = '/ims/oneroster/rostering/v1p2';

interface LogRecord {
  level: string;
  time: string;
  msg: string;
  reqId?: string;
  [field: string]: unknown;
}

/** The adapter's log, as the lines it wrote. */
class CollectedLog {
  readonly lines: string[] = [];

  write(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((line) => line !== ''));
  }

  get records(): LogRecord[] {
    return this.lines.map((line) => JSON.parse(line) as LogRecord);
  }

  of(reqId: string): LogRecord[] {
    return this.records.filter((record) => record.reqId === reqId);
  }
}

async function startObserved(log: CollectedLog, configure: (config: AppConfig) => void = () => undefined): Promise<RunningServer> {
  const config = loadConfig({}, PROJECT_ROOT);
  config.server.port = 0;
  config.mappings = resolve(PROJECT_ROOT, config.mappings);
  config.demo.file = await testDemoFile();
  config.tracking.store = `sqlite:${freshTrackingStore()}`;
  config.tracking.intervalMinutes = 0;
  config.logging.level = 'info';
  configure(config);
  return startServer(config, { logStream: { write: (chunk: string) => log.write(chunk) } });
}

// ---- Prometheus text exposition format (version 0.0.4), parsed strictly --------------------------

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const SAMPLE_LINE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

/** Every sample of a scrape; throws on any line that is not HELP, TYPE or a well-formed sample of a declared metric. */
function parsePrometheusText(text: string): Sample[] {
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const fail = (why: string) => {
      throw new Error(`line ${index + 1} ${why}: ${line}`);
    };
    if (line.startsWith('# HELP ')) continue;
    const type = new RegExp(`^# TYPE (${NAME}) (counter|gauge|histogram|summary|untyped)$`).exec(line);
    if (type) {
      types.set(type[1], type[2]);
      continue;
    }
    const sample = SAMPLE_LINE.exec(line) ?? fail('is not a sample');
    const [, name, labelText = '', valueText] = sample;
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, '');
    if (!types.has(family)) fail('belongs to no declared metric');
    const labels: Record<string, string> = {};
    LABEL.lastIndex = 0;
    while (LABEL.lastIndex < labelText.length) {
      const label = LABEL.exec(labelText) ?? fail('has a malformed label set');
      labels[label[1]] = label[2].replace(/\\(.)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
    }
    const value = valueText === '+Inf' ? Infinity : valueText === '-Inf' ? -Infinity : Number(valueText);
    // Prometheus reads values with Go's ParseFloat, which takes NaN in any case (prom-client writes
    // `Nan` for the event-loop lag before its first sample).
    if (Number.isNaN(value) && valueText.toLowerCase() !== 'nan') fail('has a value that is not a number');
    samples.push({ name, labels, value });
  }
  return samples;
}

class Scrape {
  constructor(
    readonly text: string,
    readonly samples: Sample[],
  ) {}

  /** The sample of `name` whose labels include `labels`; 0 when there is none yet (counters start unseen). */
  value(name: string, labels: Record<string, string> = {}): number {
    const found = this.samples.filter((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value));
    if (found.length > 1) throw new Error(`${name} ${JSON.stringify(labels)} matches ${found.length} samples`);
    return found[0]?.value ?? 0;
  }

  has(name: string): boolean {
    return this.samples.some((sample) => sample.name === name);
  }
}

async function scrape(server: RunningServer, headers: Record<string, string> = {}): Promise<Scrape> {
  const response = await fetch(`${server.url}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return new Scrape(text, parsePrometheusText(text));
}

// ----------------------------------------------------------------------------------------------------

describe('observability: structured logs with request ids, Prometheus metrics', () => {
  const log = new CollectedLog();
  let server: RunningServer;
  let client: OneRosterClient;
  let v1p2: OneRosterClient;

  beforeAll(async () => {
    server = await startObserved(log);
    client = new OneRosterClient(server.url);
    v1p2 = new OneRosterClient(server.url, DEMO_CLIENT, V1P2);
    // Its token now, so that the counting test below counts only the tokens it asks for.
    await v1p2.accessToken();
  });

  afterAll(async () => {
    await server?.close();
  });

  it("gives a request's X-Request-Id as reqId to every line logged during it, ending with one access line", async () => {
    const response = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${DEMO_CLIENT.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(response.status).toBe(200);
    const reqId = response.headers.get('x-request-id')!;
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);
    const lines = log.of(reqId);
    // The token controller's own line (through Nest's Logger) and the access line.
    expect(lines.map((line) => line.msg)).toEqual([expect.stringMatching(/^issued token [0-9a-f-]{36} to client demo-client$/), 'request completed']);
    expect(lines[0]).toMatchObject({ level: 'info', context: 'Auth' });
    expect(lines[1]).toMatchObject({ level: 'info', method: 'POST', route: '/oauth/token', status: 200, durationMs: expect.any(Number) });
  });

  it("names the route by its template, the client by id, and the records served on a collection's access line", async () => {
    const page = await client.get<{ users: unknown[] }>('users', { limit: 7 });
    expect(page.status).toBe(200);
    const [access] = log.of(page.headers.get('x-request-id')!);
    expect(access).toMatchObject({ msg: 'request completed', method: 'GET', route: `${V1P1}/users`, status: 200, clientId: DEMO_CLIENT.id, records: 7 });

    const school = (await client.get<{ orgs: Array<{ sourcedId: string }> }>('schools', { limit: 1 })).body.orgs[0].sourcedId;
    const classes = await client.get<{ classes: unknown[] }>(`schools/${school}/classes`, { limit: 3 });
    const [nested] = log.of(classes.headers.get('x-request-id')!);
    expect(nested).toMatchObject({ route: `${V1P1}/schools/:schoolSourcedId/classes`, status: 200, records: classes.body.classes.length });
    expect(JSON.stringify(nested)).not.toContain(school);
  });

  it('keeps a well-formed caller-supplied X-Request-Id and replaces a forged one', async () => {
    const supplied = unique('trace');
    const kept = await client.get('orgs', { limit: 1 }, { 'X-Request-Id': supplied });
    expect(kept.headers.get('x-request-id')).toBe(supplied);
    expect(log.of(supplied)).toEqual([expect.objectContaining({ msg: 'request completed', route: `${V1P1}/orgs` })]);

    const forged = await client.get('orgs', { limit: 1 }, { 'X-Request-Id': 'a"} {"level":"fatal' });
    const replaced = forged.headers.get('x-request-id')!;
    expect(replaced).toMatch(/^[0-9a-f-]{36}$/);
    expect(log.of(replaced)).toHaveLength(1);
  });

  it('never logs a query string, a sourcedId or an unmatched path; a 404 shows as (unmatched) or its template', async () => {
    const filterValue = unique('given-name');
    const sourcedId = unique('stu');
    const typedPath = unique('typed-path');
    const filtered = await client.get('users', { filter: `givenName='${filterValue}'`, limit: 2 });
    const unknown = await client.get(`users/${sourcedId}`);
    const unmatched = await client.get(typedPath);
    expect([filtered.status, unknown.status, unmatched.status]).toEqual([200, 404, 404]);

    for (const value of [filterValue, sourcedId, typedPath, 'filter=']) expect(log.lines.join('\n')).not.toContain(value);
    expect(log.of(unknown.headers.get('x-request-id')!)).toEqual([expect.objectContaining({ route: `${V1P1}/users/:sourcedId`, status: 404 })]);
    expect(log.of(unmatched.headers.get('x-request-id')!)).toEqual([expect.objectContaining({ route: '(unmatched)', status: 404 })]);
  });

  it('writes only JSON lines, each with level, ISO time and msg', () => {
    expect(log.lines.length).toBeGreaterThan(10);
    for (const line of log.lines) {
      const record = JSON.parse(line) as LogRecord;
      expect(record).toEqual(expect.objectContaining({ level: expect.stringMatching(/^(fatal|error|warn|info)$/), time: expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z$/), msg: expect.any(String) }));
    }
    // Start-up lines are structured too; Nest's per-route narration is debug, below this server's level.
    expect(log.records.some((record) => record.msg === 'Nest application successfully started')).toBe(true);
    expect(log.records.some((record) => record.context === 'RouterExplorer')).toBe(false);
  });

  it('/metrics moves each counter by exactly the requests made, labelled by route template and status', async () => {
    const before = await scrape(server);
    const wrongSecret = new OneRosterClient(server.url, { id: DEMO_CLIENT.id, secret: unique('wrong-secret') });
    await expect(wrongSecret.accessToken()).rejects.toThrow(/401/);
    const fresh = new OneRosterClient(server.url);
    const unknownId = unique('stu');
    expect((await fresh.get('users', { limit: 7 })).status).toBe(200);
    expect((await fresh.get('users', { limit: 5, offset: 3 })).status).toBe(200);
    expect((await fresh.get(`users/${unknownId}`)).status).toBe(404);
    expect((await v1p2.get('orgs', { limit: 4 })).status).toBe(200);
    const after = await scrape(server);

    const delta = (name: string, labels: Record<string, string> = {}) => after.value(name, labels) - before.value(name, labels);
    expect(delta('http_requests_total', { method: 'GET', route: `${V1P1}/users`, status: '200' })).toBe(2);
    expect(delta('http_requests_total', { method: 'GET', route: `${V1P1}/users/:sourcedId`, status: '404' })).toBe(1);
    expect(delta('http_requests_total', { method: 'GET', route: `${V1P2}/orgs`, status: '200' })).toBe(1);
    expect(delta('http_requests_total', { method: 'POST', route: '/oauth/token', status: '401' })).toBe(1);
    expect(delta('http_requests_total', { method: 'POST', route: '/oauth/token', status: '200' })).toBe(1);
    expect(delta('http_request_duration_seconds_count', { method: 'GET', route: `${V1P1}/users` })).toBe(2);
    expect(delta('http_request_duration_seconds_sum', { method: 'GET', route: `${V1P1}/users` })).toBeGreaterThan(0);
    expect(delta('oneroster_records_served_total', { version: 'v1p1', entity: 'users' })).toBe(12);
    expect(delta('oneroster_records_served_total', { version: 'v1p2', entity: 'orgs' })).toBe(4);
    expect(delta('oneroster_token_requests_total', { outcome: 'issued' })).toBe(1);
    expect(delta('oneroster_token_requests_total', { outcome: 'invalid_client' })).toBe(1);
    // Each page is at least a count and a page query.
    expect(delta('source_query_duration_seconds_count', { outcome: 'ok' })).toBeGreaterThanOrEqual(6);
    expect(after.text).not.toContain(unknownId);
  });

  it('/metrics has process metrics, source pool gauges and consistent histograms, without a OneRoster token', async () => {
    const metrics = await scrape(server);
    for (const name of ['process_cpu_user_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) expect(metrics.has(name)).toBe(true);
    expect(metrics.value('source_pool_connections_max')).toBe(1);
    for (const name of ['source_pool_connections_used', 'source_pool_connections_free', 'source_pool_pending_acquires', 'source_pool_pending_creates']) {
      expect(metrics.has(name)).toBe(true);
      expect(metrics.value(name)).toBeGreaterThanOrEqual(0);
    }
    // Every histogram's +Inf bucket is its count, and buckets never decrease.
    const counts = metrics.samples.filter((sample) => sample.name.endsWith('_count'));
    expect(counts.length).toBeGreaterThan(3);
    for (const count of counts) {
      const family = count.name.replace(/_count$/, '');
      const buckets = metrics.samples.filter((sample) => sample.name === `${family}_bucket` && Object.entries(count.labels).every(([key, value]) => sample.labels[key] === value));
      if (buckets.length === 0) continue;
      expect(buckets.find((bucket) => bucket.labels.le === '+Inf')?.value).toBe(count.value);
      expect(buckets.map((bucket) => bucket.value)).toEqual([...buckets.map((bucket) => bucket.value)].sort((a, b) => a - b));
    }
  });

  it('/metrics holds no secret, token or client-supplied value', async () => {
    const token = await client.accessToken();
    const marker = unique('marker');
    await client.get('users', { filter: `familyName='${marker}'` });
    await client.get(`classes/${marker}/students`);
    const { text } = await scrape(server);
    for (const value of [token, DEMO_CLIENT.secret, marker]) expect(text).not.toContain(value);
    // Route labels are templates of this app's routes or "(unmatched)": a closed set.
    const routes = new Set(parsePrometheusText(text).flatMap((sample) => (sample.labels.route === undefined ? [] : [sample.labels.route])));
    for (const route of routes) expect(route).toMatch(/^(\(unmatched\)|\/[a-zA-Z0-9/:{}*_-]*)$/);
    expect(log.lines.join('\n')).not.toContain(token);
  });
});

describe('observability: protecting and switching off /metrics', () => {
  const TOKEN_VARIABLE = 'ONEROSTER_TEST_METRICS_TOKEN';
  const token = unique('scrape-token');
  const log = new CollectedLog();
  let server: RunningServer | undefined;

  afterEach(async () => {
    await server?.close();
    server = undefined;
    delete process.env[TOKEN_VARIABLE];
  });

  it('with metrics.token, /metrics wants that bearer token and nothing else', async () => {
    process.env[TOKEN_VARIABLE] = token;
    server = await startObserved(log, (config) => {
      config.metrics.token = Object.assign(new SecretReference(), { env: TOKEN_VARIABLE });
    });
    const attempts: Array<Record<string, string>> = [{}, { Authorization: `Bearer ${unique('wrong')}` }, { Authorization: `Basic ${token}` }];
    for (const headers of attempts) {
      const refused = await fetch(`${server.url}/metrics`, { headers });
      expect(refused.status).toBe(401);
      expect(refused.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await refused.text()).not.toMatch(/http_requests_total/);
    }
    const metrics = await scrape(server, { Authorization: `Bearer ${token}` });
    expect(metrics.value('http_requests_total', { method: 'GET', route: '/metrics', status: '401' })).toBe(3);
    // A OneRoster token is no scrape token.
    const oneRosterToken = await new OneRosterClient(server.url).accessToken();
    expect((await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${oneRosterToken}` } })).status).toBe(401);
    expect(log.lines.join('\n')).not.toContain(token);
  });

  it('with metrics.enabled false, there is no /metrics', async () => {
    server = await startObserved(log, (config) => {
      config.metrics.enabled = false;
    });
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    expect((await fetch(`${server.url}/health/live`)).status).toBe(200);
  });
});
