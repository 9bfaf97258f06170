import { parseConnectionUrl } from '../source/connection-url';
import knex from 'knex';
import type { Knex } from 'knex';
import { DEFAULT_DEMO_STUDENTS, writeDemoDatabase } from './demo-database';
import type { LoadResult } from './load-district';
import { loadDistrict } from './load-district';
import { DEFAULT_SEED } from './random';

/**
 * `npm run demo:generate -- --students 100000 [--seed N] [--out data/demo-100000.sqlite]
 *  [--url mysql://user:pass@host:3306/db | postgres://… | mssql://…]`
 *
 * Without --url the district goes into a SQLite file (default data/demo.sqlite); with --url it
 * replaces the legacy tables in that database. Progress goes to stderr.
 */

const USAGE =
  'usage: npm run demo:generate -- [--students N] [--seed N] [--out file.sqlite] [--url mysql://|postgres://|mssql://user:pass@host:port/db]';

interface CliOptions {
  students: number;
  seed: number;
  out: string;
  url?: string;
}

export function parseArgs(argv: string[]): CliOptions {
  const options: CliOptions = { students: DEFAULT_DEMO_STUDENTS, seed: DEFAULT_SEED, out: 'data/demo.sqlite' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--students':
        options.students = integer(flag, value(), 1, 10_000_000);
        break;
      case '--seed':
        options.seed = integer(flag, value(), 0, 2_147_483_647);
        break;
      case '--out':
        options.out = value();
        break;
      case '--url':
        options.url = value();
        break;
      case '--help':
      case '-h':
        throw new UsageError('');
      default:
        throw new UsageError(`unknown argument ${argv[i]}`);
    }
  }
  return options;
}

function integer(flag: string, text: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, got ${text}`);
  return n;
}

class UsageError extends Error {}

/** Turns a connection URL into a knex config for loading: the adapter's own parser, plus write-side settings. */
export function knexConfigFromUrl(url: string): Knex.Config {
  const { client, connection } = parseConnectionUrl(url);
  if (client === 'better-sqlite3') throw new UsageError('SQLite files are written with --out, not --url');
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

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const serverConfig = options.url ? knexConfigFromUrl(options.url) : undefined;
  const log = (line: string) => process.stderr.write(`${line}\n`);
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
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `${error.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`demo:generate failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}
