import { join } from 'node:path';
import type { Knex } from 'knex';

/**
 * The adapter's own modules, as built into dist/ by `npm run build`. Required at run time rather
 * than imported: an import would pull src/ into the bench's compilation and emit a second copy
 * of it under dist/src/. The shapes below are the few the bench uses (src/demo, src/source).
 */

export interface DemoInfo {
  schemaVersion: number;
  seed: number;
  students: number;
}

export interface LoadResult {
  rows: Record<string, number>;
  seconds: number;
}

export interface SourceConnection {
  readonly client: 'better-sqlite3' | 'mysql2' | 'pg' | 'mssql';
  readonly connection: Record<string, unknown>;
  /** The URL with its password replaced: safe to print. */
  readonly display: string;
}

export interface BuiltAdapter {
  readonly LEGACY_SCHEMA_VERSION: number;
  /** The demo SIS's table names. */
  readonly legacyTables: readonly string[];
  readonly DEFAULT_SEED: number;
  loadDistrict(db: Knex, options: { students: number; seed: number; log?: (line: string) => void }): Promise<LoadResult>;
  readDemoInfo(db: Knex): Promise<DemoInfo | null>;
  writeDemoDatabase(filename: string, options: { students: number; seed: number; log?: (line: string) => void }): Promise<LoadResult>;
  /** A knex config for loading (owner login, UTC DATETIMEs): the demo generator's own. */
  knexConfigFromUrl(url: string): Knex.Config;
  parseConnectionUrl(url: string, cwd?: string): SourceConnection;
}

export function loadBuiltAdapter(projectRoot: string): BuiltAdapter {
  const dist = (path: string) => require(join(projectRoot, 'dist', path)) as Record<string, unknown>;
  const loading = dist('demo/load-district.js');
  const demoDatabase = dist('demo/demo-database.js');
  const generateCli = dist('demo/generate-cli.js');
  return {
    LEGACY_SCHEMA_VERSION: dist('demo/legacy-schema.js').LEGACY_SCHEMA_VERSION as number,
    legacyTables: Object.keys(dist('demo/legacy-schema.js').LEGACY_TABLES as Record<string, unknown>),
    DEFAULT_SEED: dist('demo/random.js').DEFAULT_SEED as number,
    loadDistrict: loading.loadDistrict as BuiltAdapter['loadDistrict'],
    readDemoInfo: loading.readDemoInfo as BuiltAdapter['readDemoInfo'],
    writeDemoDatabase: demoDatabase.writeDemoDatabase as BuiltAdapter['writeDemoDatabase'],
    knexConfigFromUrl: generateCli.knexConfigFromUrl as BuiltAdapter['knexConfigFromUrl'],
    parseConnectionUrl: dist('source/connection-url.js').parseConnectionUrl as BuiltAdapter['parseConnectionUrl'],
  };
}
