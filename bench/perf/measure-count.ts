import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FloorConnection, FloorDialect } from './floor/floor-connection';
import { median } from './http-client';

export interface CountCost {
  readonly collection: string;
  /** Median time of the adapter's page query (first page), run by the raw driver. */
  readonly pageMs: number;
  /** Median time of the adapter's COUNT query (X-Total-Count) for the same request. */
  readonly countMs: number;
  readonly ratio: number;
  readonly total: number;
}

const EXPLAIN_DIALECT: Record<FloorDialect, string> = { mysql: 'mysql', postgres: 'postgres', sqlite: 'sqlite' };

interface Explanation {
  /** `page` (or `page of <source>`, one per source, in walk order) and `count` (or one per source). */
  queries: Array<{ title: string; sql: string; bindings: unknown[] }>;
}

/**
 * What X-Total-Count costs: the adapter has no switch to serve a page without it, so its queries
 * for `?limit=N` (as `oneroster-adapter explain --json` prints them) are timed apart by the raw
 * driver, median of `times`: the page (its per-source queries in order, as far as the adapter
 * needs them to fill the page) against the COUNT.
 */
export async function measureCountCost(projectRoot: string, env: NodeJS.ProcessEnv, connection: FloorConnection, collection: string, limit: number, times = 3): Promise<CountCost> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [join(projectRoot, 'dist', 'cli', 'main.js'), 'explain', collection, `limit=${limit}`, '--json', '--dialect', EXPLAIN_DIALECT[connection.dialect]],
    { cwd: projectRoot, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 },
  );
  const { queries } = JSON.parse(stdout) as Explanation;
  const pages = queries.filter((query) => /^page\b/.test(query.title));
  const counts = queries.filter((query) => /^count\b/.test(query.title));
  if (pages.length === 0 || counts.length === 0) throw new Error(`explain ${collection}: expected page and count queries, got ${queries.map((query) => query.title).join(', ') || 'none'}`);
  let total = 0;
  const median3 = async (run: () => Promise<void>) => {
    const samples: number[] = [];
    for (let index = 0; index < times; index += 1) {
      const started = performance.now();
      await run();
      samples.push(performance.now() - started);
    }
    return median(samples);
  };
  const pageMs = await median3(async () => {
    let rows = 0;
    for (const page of pages) {
      if (rows >= limit) break;
      rows += (await connection.query(page.sql, page.bindings)).length;
    }
  });
  const countMs = await median3(async () => {
    total = 0;
    // One row, or one row per source (`__source`, `total`).
    for (const count of counts) for (const row of await connection.query(count.sql, count.bindings)) total += Number(row.total ?? Object.values(row).pop());
  });
  return { collection, pageMs, countMs, ratio: countMs / pageMs, total };
}
