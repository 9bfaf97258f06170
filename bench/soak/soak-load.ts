import autocannon from 'autocannon';
import { prng } from '../support/prng';
import { fetchToken } from '../support/token';

export { prng } from '../support/prng';
export { fetchToken } from '../support/token';

export const VERSIONS = { v1p1: '/ims/oneroster/v1p1', v1p2: '/ims/oneroster/rostering/v1p2' } as const;
export const CATEGORIES = ['walk', 'single', 'nested', 'delta', 'fixed', 'token'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Every request's outcome, by category: latency to the last byte, and what went wrong. */
export class Recorder {
  readonly latencies = new Map<Category, number[]>(CATEGORIES.map((category) => [category, []]));
  readonly errors = new Map<Category, number>(CATEGORIES.map((category) => [category, 0]));
  readonly bytes = new Map<Category, number>(CATEGORIES.map((category) => [category, 0]));
  readonly examples: string[] = [];
  enabled = true;

  ok(category: Category, ms: number, bytes: number): void {
    if (!this.enabled) return;
    this.latencies.get(category)!.push(ms);
    this.bytes.set(category, this.bytes.get(category)! + bytes);
  }

  error(category: Category, ms: number, what: string): void {
    if (!this.enabled) return;
    this.latencies.get(category)!.push(ms);
    this.errors.set(category, this.errors.get(category)! + 1);
    if (this.examples.length < 20) this.examples.push(`${category}: ${what}`);
  }

  /** Forgets the warm-up; token requests are kept (they are made once, before the warm-up). */
  reset(): void {
    for (const category of CATEGORIES.filter((name) => name !== 'token')) {
      this.latencies.set(category, []);
      this.errors.set(category, 0);
      this.bytes.set(category, 0);
    }
    this.examples.length = 0;
  }
}

/** The ids the clients pick from, read once through the API itself. */
export interface District {
  readonly ids: Record<'users' | 'students' | 'teachers' | 'classes' | 'courses' | 'orgs' | 'schools' | 'enrollments' | 'academicSessions' | 'terms' | 'demographics', string[]>;
  /** [school, class] pairs for /schools/{s}/classes/{c}/… */
  readonly schoolClasses: Array<[string, string]>;
  /** dateLastModified values to ask deltas from: a few large, many small. */
  readonly deltaSince: string[];
}

type Json = Record<string, unknown>;

export async function discoverDistrict(url: string, token: string): Promise<District> {
  const all = async (entity: string, fields: string): Promise<Json[]> => {
    const response = await fetch(`${url}${VERSIONS.v1p1}/${entity}?limit=10000&fields=${fields}`, { headers: { Authorization: `Bearer ${token}` } });
    if (response.status !== 200) throw new Error(`discovery of ${entity} failed: ${response.status}`);
    const body = (await response.json()) as Record<string, Json[]>;
    return body[Object.keys(body).find((key) => key !== 'statusInfoSet')!];
  };
  const ids = (rows: Json[]) => rows.map((row) => String(row.sourcedId));
  const users = await all('users', 'sourcedId,role,dateLastModified');
  const orgs = await all('orgs', 'sourcedId,type');
  const classes = await all('classes', 'sourcedId,school');
  const sessions = await all('academicSessions', 'sourcedId,type');
  const modified = users.map((row) => String(row.dateLastModified)).sort();
  const at = (quantile: number) => modified[Math.min(modified.length - 1, Math.floor(quantile * modified.length))];
  return {
    ids: {
      users: ids(users),
      students: ids(users.filter((row) => row.role === 'student')),
      teachers: ids(users.filter((row) => row.role === 'teacher')),
      classes: ids(classes),
      courses: ids(await all('courses', 'sourcedId')),
      orgs: ids(orgs),
      schools: ids(orgs.filter((row) => row.type === 'school')),
      enrollments: ids(await all('enrollments', 'sourcedId')),
      academicSessions: ids(sessions),
      terms: ids(sessions.filter((row) => row.type === 'term')),
      demographics: ids(await all('demographics', 'sourcedId')),
    },
    schoolClasses: classes.map((row) => [String((row.school as Json).sourcedId), String(row.sourcedId)]),
    deltaSince: [0.5, 0.75, 0.9, 0.95, 0.98, 0.995].map(at).filter(Boolean),
  };
}

const COLLECTIONS = ['users', 'enrollments', 'classes', 'courses', 'orgs', 'academicSessions', 'demographics', 'students', 'teachers', 'schools', 'terms'] as const;
const SINGLE_ENTITIES = ['users', 'students', 'teachers', 'classes', 'courses', 'orgs', 'schools', 'enrollments', 'academicSessions', 'terms', 'demographics'] as const;
const DELTA_COLLECTIONS = ['users', 'enrollments', 'classes', 'students', 'teachers'] as const;

/** Nested (relationship) routes with the ids they need. */
function nestedPath(district: District, pick: <T>(items: readonly T[]) => T): string {
  const { ids } = district;
  const routes: Array<() => string> = [
    () => `schools/${pick(ids.schools)}/classes`,
    () => `schools/${pick(ids.schools)}/students`,
    () => `schools/${pick(ids.schools)}/teachers`,
    () => `schools/${pick(ids.schools)}/courses`,
    () => `schools/${pick(ids.schools)}/enrollments`,
    () => `schools/${pick(ids.schools)}/terms`,
    () => `classes/${pick(ids.classes)}/students`,
    () => `classes/${pick(ids.classes)}/teachers`,
    () => {
      const [school, klass] = pick(district.schoolClasses);
      return `schools/${school}/classes/${klass}/${pick(['enrollments', 'students', 'teachers'] as const)}`;
    },
    () => `students/${pick(ids.students)}/classes`,
    () => `teachers/${pick(ids.teachers)}/classes`,
    () => `users/${pick(ids.users)}/classes`,
    () => `courses/${pick(ids.courses)}/classes`,
    () => `terms/${pick(ids.terms)}/classes`,
    () => `terms/${pick(ids.terms)}/gradingPeriods`,
  ];
  return pick(routes)();
}

/** Tokens for `count` clients, requested one after another (a real client fleet does not start in one millisecond). */
export async function fetchTokens(url: string, credentials: { id: string; secret: string }, count: number, recorder?: Recorder): Promise<Array<{ token: string; expiresAt: number }>> {
  const tokens: Array<{ token: string; expiresAt: number }> = [];
  for (let index = 0; index < count; index += 1) tokens.push(await fetchToken(url, credentials, recorder));
  return tokens;
}

export interface WalkerOptions {
  readonly url: string;
  /** This client's own token; renewed before it expires, at a time that differs per client. */
  readonly token: { token: string; expiresAt: number };
  readonly credentials: { id: string; secret: string };
  readonly district: District;
  readonly recorder: Recorder;
  readonly seed: number;
  /** Checked between requests: a walk in progress stops at the deadline (not an error). */
  readonly until: () => boolean;
  readonly requestTimeoutMs: number;
}

/**
 * One walking client: its own token from the token endpoint, then until the deadline a mix of
 * full collection walks (limit 500…5000), bursts of single-object GETs, relationship routes and
 * dateLastModified deltas, in both versions. Every page is checked for shape and count.
 */
export async function runWalker(options: WalkerOptions): Promise<void> {
  const { url, district, recorder } = options;
  const random = prng(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  let auth = options.token;
  const renewBeforeMs = 120000 + Math.floor(random() * 900000);

  const get = async (category: Category, path: string): Promise<{ ok: boolean; body?: Json; total?: number }> => {
    if (auth.expiresAt - Date.now() < renewBeforeMs) auth = await fetchToken(url, options.credentials, recorder);
    const started = performance.now();
    try {
      const response = await fetch(`${url}${path}`, { headers: { Authorization: `Bearer ${auth.token}` }, signal: AbortSignal.timeout(options.requestTimeoutMs) });
      const text = await response.text();
      const ms = performance.now() - started;
      if (response.status < 200 || response.status > 299) {
        recorder.error(category, ms, `GET ${path} → ${response.status} ${text.slice(0, 160)}`);
        return { ok: false };
      }
      let body: Json;
      try {
        body = JSON.parse(text) as Json;
      } catch {
        recorder.error(category, ms, `GET ${path} → ${response.status} with a body that is not JSON (${text.length} bytes)`);
        return { ok: false };
      }
      recorder.ok(category, ms, text.length);
      const total = response.headers.get('x-total-count');
      return { ok: true, body, total: total === null ? undefined : Number(total) };
    } catch (error) {
      recorder.error(category, performance.now() - started, `GET ${path} → ${(error as Error).name}: ${String((error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message)}`);
      return { ok: false };
    }
  };

  /** Every page of a collection route; a page whose size does not match X-Total-Count counts as an error. */
  const walk = async (category: Category, base: string, query: string, limit: number) => {
    let total: number | undefined;
    for (let offset = 0; total === undefined || offset < total; offset += limit) {
      if (options.until()) return;
      const path = `${base}?limit=${limit}&offset=${offset}${query ? `&${query}` : ''}`;
      const page = await get(category, path);
      if (!page.ok) return;
      const key = Object.keys(page.body!).find((name) => name !== 'statusInfoSet');
      const rows = key ? page.body![key] : undefined;
      if (!Array.isArray(rows) || page.total === undefined || Number.isNaN(page.total) || (total !== undefined && page.total !== total)) {
        recorder.error(category, 0, `GET ${path}: no collection or an X-Total-Count that changed mid-walk`);
        return;
      }
      total = page.total;
      if (rows.length !== Math.max(0, Math.min(limit, total - offset))) {
        recorder.error(category, 0, `GET ${path}: ${rows.length} records on a page of ${limit} at ${offset} of ${total}`);
        return;
      }
    }
  };

  while (!options.until()) {
    const version = random() < 0.5 ? VERSIONS.v1p1 : VERSIONS.v1p2;
    const roll = random();
    const limit = 500 + Math.floor(random() * 4501);
    if (roll < 0.3) {
      await walk('walk', `${version}/${pick(COLLECTIONS)}`, '', limit);
    } else if (roll < 0.6) {
      for (let burst = 0; burst < 8 && !options.until(); burst += 1) {
        const entity = pick(SINGLE_ENTITIES);
        const id = pick(district.ids[entity]);
        const answer = await get('single', `${version}/${entity}/${encodeURIComponent(id)}`);
        if (answer.ok && !Object.values(answer.body!).some((value) => (value as Json | undefined)?.sourcedId === id)) {
          recorder.error('single', 0, `GET ${version}/${entity}/${id}: the answer is not that record`);
        }
      }
    } else if (roll < 0.85) {
      await walk('nested', `${version}/${nestedPath(district, pick)}`, '', Math.min(limit, 1000));
    } else {
      const since = pick(district.deltaSince);
      await walk('delta', `${version}/${pick(DELTA_COLLECTIONS)}`, `filter=${encodeURIComponent(`dateLastModified>'${since}'`)}`, limit);
    }
  }
}

/**
 * The fixed-URL part, driven by autocannon: each connection with its own token cycles through a
 * list of single-object GETs, small pages and relationship routes of both versions.
 */
export async function runFixedLoad(options: {
  url: string;
  /** One per connection. */
  tokens: readonly string[];
  district: District;
  recorder: Recorder;
  seconds: number;
  timeoutSeconds: number;
}): Promise<void> {
  const { tokens } = options;
  if (tokens.length === 0 || options.seconds <= 0) return;
  const { district, recorder } = options;
  const random = prng(4242);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const paths: string[] = [];
  for (const version of Object.values(VERSIONS)) {
    for (let index = 0; index < 12; index += 1) {
      const entity = pick(SINGLE_ENTITIES);
      paths.push(`${version}/${entity}/${encodeURIComponent(pick(district.ids[entity]))}`);
    }
    paths.push(`${version}/users?limit=100`, `${version}/classes?limit=50&offset=100`, `${version}/orgs`, `${version}/academicSessions`);
    for (let index = 0; index < 6; index += 1) paths.push(`${version}/${nestedPath(district, pick)}`);
    paths.push(`${version}/users?filter=${encodeURIComponent(`dateLastModified>'${district.deltaSince[district.deltaSince.length - 1]}'`)}`);
  }
  let nextConnection = 0;
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: tokens.length,
        duration: options.seconds,
        timeout: options.timeoutSeconds,
        requests: paths.map((path) => ({ method: 'GET', path })),
        setupClient: (client) => {
          const token = tokens[nextConnection++ % tokens.length];
          client.setRequests(paths.map((path) => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } })));
        },
      },
      (error) => (error ? reject(error as Error) : resolve()),
    );
    instance.on('response', (_client, statusCode, resBytes, responseTime) => {
      if (statusCode >= 200 && statusCode < 300) recorder.ok('fixed', responseTime, resBytes);
      else recorder.error('fixed', responseTime, `autocannon: status ${statusCode}`);
    });
    instance.on('reqError', (error: Error) => recorder.error('fixed', 0, `autocannon: ${error.message}`));
  });
}
