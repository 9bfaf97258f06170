import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import knex from 'knex';
import type { DemoInfo, LoadResult } from './load-district';
import { DEMO_INFO_TABLE, loadDistrict } from './load-district';
import { LEGACY_SCHEMA_VERSION } from './legacy-schema';
import { DEFAULT_SEED } from './random';

export const DEFAULT_DEMO_STUDENTS = 1000;

export interface DemoDatabaseOptions {
  students?: number;
  seed?: number;
  log?: (line: string) => void;
}

/**
 * Makes sure `filename` holds the demo district for these options, generating it only when the
 * file is missing, unreadable or was built from another schema version, seed or size.
 */
export async function ensureDemoDatabase(filename: string, options: DemoDatabaseOptions = {}): Promise<{ created: boolean }> {
  const wanted: DemoInfo = {
    schemaVersion: LEGACY_SCHEMA_VERSION,
    seed: options.seed ?? DEFAULT_SEED,
    students: options.students ?? DEFAULT_DEMO_STUDENTS,
  };
  const found = existsSync(filename) ? readInfo(filename) : null;
  if (found && found.schemaVersion === wanted.schemaVersion && found.seed === wanted.seed && found.students === wanted.students) {
    return { created: false };
  }
  options.log?.(
    `demo database ${filename} ${found ? 'was built with other settings' : 'is missing or incomplete'}; generating ${wanted.students} students (seed ${wanted.seed})`,
  );
  const result = await writeDemoDatabase(filename, { ...options, students: wanted.students, seed: wanted.seed });
  options.log?.(`demo database ready: ${Object.values(result.rows).reduce((a, b) => a + b, 0)} rows in ${result.seconds.toFixed(1)} s`);
  return { created: true };
}

/**
 * Always (re)generates the demo SQLite file. Built under a temporary name and renamed into place,
 * so a crash or a concurrent reader never sees a half-built database.
 */
export async function writeDemoDatabase(filename: string, options: DemoDatabaseOptions = {}): Promise<LoadResult> {
  mkdirSync(dirname(filename) || '.', { recursive: true });
  const temp = `${filename}.${process.pid}.tmp`;
  removeSqliteFile(temp);
  const db = knex({ client: 'better-sqlite3', connection: { filename: temp }, useNullAsDefault: true });
  try {
    const result = await loadDistrict(db, {
      students: options.students ?? DEFAULT_DEMO_STUDENTS,
      seed: options.seed ?? DEFAULT_SEED,
      log: options.log,
    });
    await db.destroy();
    renameSync(temp, filename);
    return result;
  } catch (error) {
    await db.destroy().catch(() => undefined);
    removeSqliteFile(temp);
    throw error;
  }
}

function readInfo(filename: string): DemoInfo | null {
  let db: Database.Database | undefined;
  try {
    db = new Database(filename, { readonly: true, fileMustExist: true });
    const row = db.prepare(`SELECT SCHEMA_VERSION, SEED, STUDENTS FROM "${DEMO_INFO_TABLE}"`).get() as
      | { SCHEMA_VERSION: number; SEED: number; STUDENTS: number }
      | undefined;
    return row ? { schemaVersion: row.SCHEMA_VERSION, seed: row.SEED, students: row.STUDENTS } : null;
  } catch {
    // Not a database, or one without the marker table: either way it has to be rebuilt.
    return null;
  } finally {
    db?.close();
  }
}

function removeSqliteFile(path: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
}
