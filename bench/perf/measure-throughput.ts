import autocannon from 'autocannon';
import { prng } from '../support/prng';
import { V1P1 } from './http-client';

export interface Throughput {
  readonly connections: number;
  readonly seconds: number;
  readonly paths: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Connection errors (timeouts included) and non-2xx answers. */
  readonly errors: number;
  readonly non2xx: number;
  readonly timeouts: number;
}

/**
 * The fixed mix the concurrent clients cycle through: users and enrollments pages of 100 and
 * 1000 at offsets across the collection, and single users, enrollments, classes and orgs.
 * Reproducible from the seed and the collection sizes.
 */
export function throughputPaths(totals: Record<string, number>, sampleIds: Record<string, readonly string[]>, seed = 6): string[] {
  const random = prng(seed);
  const paths: string[] = [];
  for (const collection of ['users', 'enrollments']) {
    const total = totals[collection];
    if (total === undefined) continue;
    for (const limit of [100, 1000]) {
      for (const share of [0, 0.25, 0.5, 0.9]) {
        const offset = Math.floor((Math.max(0, total - limit) * share) / limit) * limit;
        paths.push(`${V1P1}/${collection}?limit=${limit}&offset=${offset}`);
      }
    }
  }
  for (const collection of ['users', 'enrollments', 'classes', 'orgs']) {
    const ids = sampleIds[collection] ?? [];
    for (let index = 0; index < Math.min(4, ids.length); index += 1) {
      paths.push(`${V1P1}/${collection}/${encodeURIComponent(ids[Math.floor(random() * ids.length)])}`);
    }
  }
  return paths;
}

/** `connections` concurrent clients (a token each) cycling through `paths` for `seconds`, with autocannon. */
export function measureThroughput(url: string, tokens: readonly string[], paths: readonly string[], seconds: number, timeoutSeconds: number): Promise<Throughput> {
  let next = 0;
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: tokens.length,
        duration: seconds,
        timeout: timeoutSeconds,
        requests: paths.map((path) => ({ method: 'GET', path })),
        setupClient: (client) => {
          // Each client its own token, and its own place in the mix (not all on the same URL at once).
          const index = next++;
          const token = tokens[index % tokens.length];
          const start = Math.floor((index * paths.length) / tokens.length) % paths.length;
          const rotated = [...paths.slice(start), ...paths.slice(0, start)];
          client.setRequests(rotated.map((path) => ({ method: 'GET', path, headers: { authorization: `Bearer ${token}` } })));
        },
      },
      (error, result) => {
        if (error) return reject(error as Error);
        resolve({
          connections: tokens.length,
          seconds,
          paths: paths.length,
          requests: result.requests.total,
          requestsPerSecond: result.requests.total / result.duration,
          p50Ms: result.latency.p50,
          p99Ms: result.latency.p99,
          errors: result.errors + result.non2xx,
          non2xx: result.non2xx,
          timeouts: result.timeouts,
        });
      },
    );
  });
}
