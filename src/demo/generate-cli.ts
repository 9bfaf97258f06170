import { parseConnectionUrl } from '../source/connection-url';
import knex from 'knex';
import type { Knex } from 'knex';
import { writeDemoDatabase } from './demo-database';
import type { LoadResult } from './load-district';
import { loadDistrict } from './load-district';

/** What `oneroster-adapter demo generate` makes: a district of `students`, reproducible from `seed`. */
export interface DemoGenerateOptions {
  readonly students: number;
  readonly seed: number;
  /** The SQLite file to write when there is no `url`. */
  readonly out: string;
  /** A MariaDB/MySQL, PostgreSQL or SQL Server database whose legacy tables are replaced. */
  readonly url?: string;
}

/** Turns a connection URL into a knex config for loading: the adapter's own parser, plus write-side settings. */
export function knexConfigFromUrl(url: string): Knex.Config {
  const { client, connection } = parseConnectionUrl(url);
  if (client === 'better-sqlite3') throw new Error('SQLite files are written with --out, not --url');
  const settings = connection as Record<string, unknown>;
  switch (client) {
    case 'mysql2':
      // DATETIME has no zone; write UTC, which is what the adapter's source.timezone defaults to.
      return { client, connection: { ...settings, timezone: 'Z', charset: 'utf8mb4' } };
    case 'mssql':
      // The adapter asks for read-only routing; the loader must reach the writable primary.
      return { client, connection: { ...settings, options: { ...(settings.options as object), readOnlyIntent: false } } as Knex.StaticConnectionConfig };
    default:
      return { client, connection: settings };
  }
}

/**
 * Generates the demo district into a SQLite file, or into the legacy tables of a database server,
 * logging progress and the rows per table to `log`.
 */
export async function generateDemo(options: DemoGenerateOptions, log: (line: string) => void): Promise<LoadResult> {
  const serverConfig = options.url ? knexConfigFromUrl(options.url) : undefined;
  const target = options.url ? parseConnectionUrl(options.url).display : options.out;
  log(`generating ${options.students} students (seed ${options.seed}) into ${target}`);

  let result: LoadResult;
  if (serverConfig) {
    const db = knex({ ...serverConfig, pool: { min: 0, max: 2 } });
    try {
      result = await loadDistrict(db, { students: options.students, seed: options.seed, log });
    } finally {
      await db.destroy();
    }
  } else {
    result = await writeDemoDatabase(options.out, { students: options.students, seed: options.seed, log });
  }

  const width = Math.max(...Object.keys(result.rows).map((t) => t.length));
  for (const [table, count] of Object.entries(result.rows)) log(`  ${table.padEnd(width)} ${String(count).padStart(9)}`);
  const total = Object.values(result.rows).reduce((a, b) => a + b, 0);
  log(`done: ${total} rows in ${result.seconds.toFixed(1)} s`);
  return result;
}
