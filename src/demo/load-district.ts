import type { Knex } from 'knex';
import type { DemoRow } from './demo-row';
import type { GenerateOptions } from './generate-district';
import { generateDistrict } from './generate-district';
import { createLegacySchema, dropLegacySchema, LEGACY_SCHEMA_VERSION } from './legacy-schema';
import { DEFAULT_SEED } from './random';
import { writeKnex } from './write-knex';
import { isBetterSqlite, writeSqlite } from './write-sqlite';

/** Marks a finished load; written last, so a load that died half-way is never mistaken for a demo. */
export const DEMO_INFO_TABLE = 'DEMO_GEN_INFO';

export interface DemoInfo {
  schemaVersion: number;
  seed: number;
  students: number;
}

export interface LoadOptions extends GenerateOptions {
  /** Progress lines (every few hundred thousand rows). */
  log?: (line: string) => void;
}

export interface LoadResult {
  rows: Record<string, number>;
  seconds: number;
}

const PROGRESS_EVERY = 250_000;

/** Drops and recreates the legacy schema in `db`, then fills it with a generated district. */
export async function loadDistrict(db: Knex, options: LoadOptions): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e9;
  const seed = options.seed ?? DEFAULT_SEED;
  const students = Math.floor(options.students);
  const log = options.log ?? (() => undefined);

  await dropDemoSchema(db);
  await createLegacySchema(db);
  await db.schema.createTable(DEMO_INFO_TABLE, (t) => {
    t.integer('SCHEMA_VERSION');
    t.integer('SEED');
    t.integer('STUDENTS');
  });

  const rows: Record<string, number> = {};
  const counted = function* (source: Iterable<DemoRow>): Generator<DemoRow> {
    let total = 0;
    for (const item of source) {
      rows[item.table] = (rows[item.table] ?? 0) + 1;
      if (++total % PROGRESS_EVERY === 0) log(`  ${total} rows (${elapsed().toFixed(1)} s)`);
      yield item;
    }
  };
  const stream = counted(generateDistrict({ students, seed }));
  await (isBetterSqlite(db) ? writeSqlite(db, stream) : writeKnex(db, stream));

  await db(DEMO_INFO_TABLE).insert({ SCHEMA_VERSION: LEGACY_SCHEMA_VERSION, SEED: seed, STUDENTS: students });
  return { rows, seconds: elapsed() };
}

export async function dropDemoSchema(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists(DEMO_INFO_TABLE);
  await dropLegacySchema(db);
}

/** What a previous load recorded, or null when the database holds no finished demo. */
export async function readDemoInfo(db: Knex): Promise<DemoInfo | null> {
  if (!(await db.schema.hasTable(DEMO_INFO_TABLE))) return null;
  const row = await db(DEMO_INFO_TABLE).first('SCHEMA_VERSION', 'SEED', 'STUDENTS');
  if (!row) return null;
  return { schemaVersion: Number(row.SCHEMA_VERSION), seed: Number(row.SEED), students: Number(row.STUDENTS) };
}
