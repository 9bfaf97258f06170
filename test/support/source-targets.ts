import knex, { Knex } from 'knex';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { keepPostgresDateTimesAsText } from '../../src/source/source-database';
import { loadDistrict, readDemoInfo } from '../../src/demo/load-district';
import { DEFAULT_SEED } from '../../src/demo/random';
import { LEGACY_SCHEMA_VERSION } from '../../src/demo/legacy-schema';
import { testDemoFile, writableDemoCopy } from './test-server';

/**
 * The source databases the end-to-end suites run against: SQLite always; MariaDB and
 * PostgreSQL when their connection settings are in the environment. A configured database
 * that cannot be reached fails the run; an unconfigured one is reported as skipped, by name.
 */
export interface SourceTarget {
  readonly name: 'sqlite' | 'mariadb' | 'postgres';
  /** Environment variable that configures it. */
  readonly variable?: string;
  /** Owner login: the tests load and change the demo SIS through it. */
  readonly ownerUrl?: string;
  /** The login the adapter connects with (read-only in CI). */
  readonly adapterUrl?: string;
}

export const TEST_STUDENTS = 1000;

export function sourceTargets(env: NodeJS.ProcessEnv = process.env): SourceTarget[] {
  return [
    { name: 'sqlite' },
    { name: 'mariadb', variable: 'ONEROSTER_TEST_MYSQL_URL', ownerUrl: env.ONEROSTER_TEST_MYSQL_URL, adapterUrl: env.ONEROSTER_TEST_MYSQL_READONLY_URL ?? env.ONEROSTER_TEST_MYSQL_URL },
    { name: 'postgres', variable: 'ONEROSTER_TEST_PG_URL', ownerUrl: env.ONEROSTER_TEST_PG_URL, adapterUrl: env.ONEROSTER_TEST_PG_READONLY_URL ?? env.ONEROSTER_TEST_PG_URL },
  ];
}

export const isConfigured = (target: SourceTarget) => target.name === 'sqlite' || Boolean(target.ownerUrl);

/** `describe` once per source database; unconfigured ones appear as skipped, with the reason. */
export function describeEachSource(title: string, body: (target: SourceTarget) => void): void {
  for (const target of sourceTargets()) {
    if (isConfigured(target)) describe(`${title} [${target.name}]`, () => body(target));
    else describe.skip(`${title} [${target.name}: skipped, ${target.variable} is not set]`, () => it('needs a configured database', () => undefined));
  }
}

/** A connection for the test itself (owner rights), quoting identifiers per dialect via knex. */
export async function sisConnection(target: SourceTarget, sqliteFile?: string): Promise<Knex> {
  if (target.name === 'sqlite') {
    return knex({ client: 'better-sqlite3', connection: { filename: sqliteFile ?? (await testDemoFile()) }, useNullAsDefault: true });
  }
  const { client, connection } = parseConnectionUrl(target.ownerUrl!);
  const extra = client === 'mysql2' ? { dateStrings: true, timezone: 'Z' } : {};
  if (client === 'pg') keepPostgresDateTimesAsText();
  return knex({ client, connection: { ...(connection as object), ...extra }, pool: { min: 0, max: 2 } });
}

/**
 * Makes sure the target holds the pristine demo district: SQLite gets its generated file (or a
 * private writable copy), servers are (re)loaded when their content is not the expected one or
 * when `fresh` asks for it (suites that change data reload before and after themselves).
 */
export async function prepareSource(target: SourceTarget, options: { fresh?: boolean; copyName?: string } = {}): Promise<{ sourceUrl?: string; sqliteFile?: string }> {
  if (target.name === 'sqlite') {
    const sqliteFile = options.copyName ? await writableDemoCopy(options.copyName) : await testDemoFile();
    return { sqliteFile };
  }
  const db = await sisConnection(target);
  try {
    const info = await readDemoInfo(db).catch(() => undefined);
    const pristine = info && info.schemaVersion === LEGACY_SCHEMA_VERSION && info.seed === DEFAULT_SEED && info.students === TEST_STUDENTS;
    if (options.fresh || !pristine) await loadDistrict(db, { students: TEST_STUDENTS });
  } finally {
    await db.destroy();
  }
  return { sourceUrl: target.adapterUrl };
}
