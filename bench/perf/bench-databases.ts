import { existsSync } from 'node:fs';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import type { BuiltAdapter } from '../support/built-adapter';
import type { FloorConnection, FloorDialect } from './floor/floor-connection';
import { openMysqlFloor } from './floor/mysql-connection';
import { openPostgresFloor } from './floor/postgres-connection';
import { openSqliteFloor } from './floor/sqlite-connection';

export const DATABASE_NAMES = ['mariadb', 'postgres', 'sqlite'] as const;
export type DatabaseName = (typeof DATABASE_NAMES)[number];

export interface DistrictScale {
  readonly students: number;
  readonly seed: number;
}

/** One database the bench measures: how to load it, how the adapter reaches it, how the floor reads it. */
export interface BenchDatabase {
  readonly name: DatabaseName;
  readonly dialect: FloorDialect;
  /** The owner login (or the SQLite file, writable): loading and the delta's touches. */
  readonly ownerConfig: Knex.Config;
  /** ONEROSTER_SOURCE_URL for the adapter: the read-only login, or the SQLite file. */
  readonly adapterUrl: string;
  /** Where it is, without a password. */
  readonly display: string;
  /** A raw driver connection for the floor, through the same login the adapter uses. */
  openFloor(): Promise<FloorConnection>;
}

/**
 * The databases asked for that are configured; the others with the reason they are skipped.
 * MariaDB: ONEROSTER_BENCH_MYSQL_URL (owner) and _READONLY_URL; PostgreSQL likewise with _PG_;
 * SQLite: a file per scale under bench/data/.
 */
export function configuredDatabases(
  names: readonly DatabaseName[],
  env: NodeJS.ProcessEnv,
  projectRoot: string,
  adapter: BuiltAdapter,
  scale: DistrictScale,
): { databases: BenchDatabase[]; skipped: string[] } {
  const databases: BenchDatabase[] = [];
  const skipped: string[] = [];
  const server = (name: DatabaseName, dialect: FloorDialect, prefix: string) => {
    const ownerUrl = env[`ONEROSTER_BENCH_${prefix}_URL`];
    if (!ownerUrl) {
      skipped.push(`${name}: not configured (set ONEROSTER_BENCH_${prefix}_URL, the owner login, and ONEROSTER_BENCH_${prefix}_READONLY_URL)`);
      return;
    }
    const readonlyUrl = env[`ONEROSTER_BENCH_${prefix}_READONLY_URL`];
    if (!readonlyUrl) {
      skipped.push(`${name}: ONEROSTER_BENCH_${prefix}_READONLY_URL is not set (the adapter reads through a read-only login)`);
      return;
    }
    const readonly = adapter.parseConnectionUrl(readonlyUrl);
    databases.push({
      name,
      dialect,
      ownerConfig: { ...adapter.knexConfigFromUrl(ownerUrl), pool: { min: 0, max: 2 } },
      adapterUrl: readonlyUrl,
      display: readonly.display,
      openFloor: () => (dialect === 'mysql' ? openMysqlFloor(readonly.connection) : openPostgresFloor(readonly.connection)),
    });
  };
  for (const name of names) {
    if (name === 'mariadb') server(name, 'mysql', 'MYSQL');
    else if (name === 'postgres') server(name, 'postgres', 'PG');
    else {
      const filename = join(projectRoot, 'bench', 'data', `demo-${scale.students}-seed${scale.seed}.sqlite`);
      databases.push({
        name,
        dialect: 'sqlite',
        ownerConfig: { client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true },
        adapterUrl: `sqlite:${filename}`,
        display: `sqlite:${filename}`,
        openFloor: () => openSqliteFloor(filename),
      });
    }
  }
  return { databases, skipped };
}

/**
 * Loads the demo district unless the database already holds this scale, seed and schema version;
 * after a load, gathers the planner's statistics, as any database that has been in use has them.
 */
export async function ensureDistrict(
  database: BenchDatabase,
  adapter: BuiltAdapter,
  scale: DistrictScale,
  options: { reload: boolean; log: (line: string) => void },
): Promise<{ loaded: boolean; seconds: number }> {
  const { log } = options;
  const started = Date.now();
  const progress = (line: string) => log(`${database.name}: ${line.trim()}`);
  const filename = database.dialect === 'sqlite' ? String((database.ownerConfig.connection as { filename: string }).filename) : undefined;
  if (!filename || existsSync(filename)) {
    const db = knex(database.ownerConfig);
    try {
      const info = await adapter.readDemoInfo(db);
      if (info && info.schemaVersion === adapter.LEGACY_SCHEMA_VERSION && info.seed === scale.seed && info.students === scale.students) return { loaded: false, seconds: 0 };
      const holds = info && `holds ${info.students} students (seed ${info.seed}, schema ${info.schemaVersion})`;
      // A server database is shared (others may be measuring on it): another district replaces it only when asked.
      if (holds && !filename && !options.reload) throw new Error(`${holds}; --reload replaces it with ${scale.students} students (seed ${scale.seed}, schema ${adapter.LEGACY_SCHEMA_VERSION})`);
      log(`${database.name}: ${holds ?? 'holds no demo district'}; loading ${scale.students} students`);
      if (!filename) {
        await adapter.loadDistrict(db, { ...scale, log: progress });
        await analyze(db, database.dialect, adapter.legacyTables);
        return { loaded: true, seconds: (Date.now() - started) / 1000 };
      }
    } finally {
      await db.destroy();
    }
  } else {
    log(`${database.name}: generating ${scale.students} students into ${filename}`);
  }
  // SQLite: built under a temporary name and renamed into place by the generator.
  await adapter.writeDemoDatabase(filename, { ...scale, log: progress });
  const db = knex(database.ownerConfig);
  try {
    await analyze(db, database.dialect, adapter.legacyTables);
  } finally {
    await db.destroy();
  }
  return { loaded: true, seconds: (Date.now() - started) / 1000 };
}

async function analyze(db: Knex, dialect: FloorDialect, tables: readonly string[]): Promise<void> {
  if (dialect === 'mysql') await db.raw(`ANALYZE TABLE ${tables.map(() => '??').join(', ')}`, [...tables]);
  else await db.raw('ANALYZE');
}

export interface Touch {
  /** Just before the touch: the delta asks for dateLastModified after this. */
  readonly since: string;
  readonly students: number;
  readonly rosterRows: number;
}

const INTEGER_TYPE: Record<FloorDialect, string> = { mysql: 'UNSIGNED', postgres: 'integer', sqlite: 'INTEGER' };

/**
 * Sets LST_UPD_DT to now on 1 % of the students and 1 % of the roster rows (SECT_STU), picked by
 * key modulo 100 with a residue that changes every run, through the owner login. Each run touches
 * with a fresh time, so its delta is the same size however often the bench has run.
 */
export async function touchForDelta(database: BenchDatabase): Promise<Touch> {
  const db = knex(database.ownerConfig);
  try {
    // Whole seconds: DATETIME keeps no fraction, and the touch must be strictly after `since`.
    const since = new Date(Math.floor(Date.now() / 1000) * 1000);
    const touched = new Date(since.getTime() + 1000).toISOString().slice(0, 19).replace('T', ' ');
    const residue = since.getUTCSeconds() + since.getUTCMinutes() * 60;
    const studentId = `CAST(?? AS ${INTEGER_TYPE[database.dialect]})`;
    await db.raw(`UPDATE ?? SET ?? = ? WHERE ${studentId} % 100 = ?`, ['STU_MSTR', 'LST_UPD_DT', touched, 'STU_ID', residue % 100]);
    await db.raw(`UPDATE ?? SET ?? = ? WHERE (?? + ${studentId}) % 100 = ?`, ['SECT_STU', 'LST_UPD_DT', touched, 'SECT_NO', 'STU_ID', (residue + 50) % 100]);
    const count = async (table: string) => Number(((await db(table).where('LST_UPD_DT', touched).count({ n: '*' })) as Array<{ n: number | string }>)[0].n);
    return { since: since.toISOString(), students: await count('STU_MSTR'), rosterRows: await count('SECT_STU') };
  } finally {
    await db.destroy();
  }
}
