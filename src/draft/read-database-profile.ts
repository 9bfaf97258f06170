import { introspectSchema } from '../source/introspect-schema';
import type { SourceDatabase } from '../source/source-database';
import { CATALOGUE_QUERIES } from './catalogue-queries';
import { columnKind } from './column-kind';
import { ColumnProfile, DatabaseProfile, ForeignKey, ROW_COUNT_CAP, SAMPLE_ROWS, SMALL_TABLE_COLUMNS, SMALL_TABLE_ROWS, TableProfile } from './database-profile';
import { cappedCountQuery, distinctValues, sampleRowsQuery, sampleText } from './sample-table';

export interface ProfileOptions {
  /** Keeps only the tables this accepts (`--tables`). */
  readonly includeTable?: (name: string) => boolean;
  /** Called before each table is sampled, for a progress bar. */
  readonly onTable?: (name: string, index: number, total: number) => void;
}

type Row = Record<string, unknown>;

/**
 * Reads the profile of the tables an unqualified name reaches: table and column names through
 * source/introspect-schema.ts (the startup check's own catalogue reading), types, nullability and
 * keys from the catalogue, then per table a capped row count and a sample of SAMPLE_ROWS rows.
 * Nothing but catalogue queries and bounded SELECTs; the connection is the read-only SourceDatabase.
 */
export async function readDatabaseProfile(source: SourceDatabase, options: ProfileOptions = {}): Promise<DatabaseProfile> {
  const listing = await introspectSchema(source.db, []);
  const names = listing.tableNames.filter((name) => !name.includes('.') && (options.includeTable?.(name) ?? true)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const snapshot = await introspectSchema(source.db, names);
  const queries = CATALOGUE_QUERIES[source.dialect.name];
  const [columnRows, keyRows, foreignRows] = await Promise.all([
    source.rows(queries.columns(source.db)),
    source.rows(queries.primaryKeys(source.db)),
    source.rows(queries.foreignKeys(source.db)),
  ]);
  const details = indexByTable(columnRows);
  const keys = indexByTable(keyRows);
  const foreign = indexByTable(foreignRows);

  const tables: TableProfile[] = [];
  for (const [index, table] of snapshot.tables.entries()) {
    options.onTable?.(table.name, index, snapshot.tables.length);
    const counted = await source.rows(cappedCountQuery(source.db, table.name, ROW_COUNT_CAP + 1));
    const rowCount = Number(counted[0]?.n ?? 0);
    const primaryKey = ordered(keys.get(lower(table.name)) ?? []).map((row) => spelling(table.columns, String(row.column_name)));
    const sample = rowCount === 0 ? [] : await source.rows(sampleRowsQuery(source.db, table.name, SAMPLE_ROWS, primaryKey));
    tables.push({
      name: table.name,
      columns: table.columns.map((column) => columnProfile(column, details.get(lower(table.name)) ?? [], sample)),
      primaryKey,
      foreignKeys: foreignKeysOf(foreign.get(lower(table.name)) ?? [], table.columns, snapshot.tables.map((candidate) => candidate.name)),
      rowCount: Math.min(rowCount, ROW_COUNT_CAP),
      rowCountCapped: rowCount > ROW_COUNT_CAP,
      sampledRows: sample.length,
      ...(rowCount <= SMALL_TABLE_ROWS && table.columns.length <= SMALL_TABLE_COLUMNS ? { rows: sample.map((row) => textRow(row, table.columns)) } : {}),
    });
  }
  return { description: listing.description ?? 'the database', tables };
}

function columnProfile(name: string, details: readonly Row[], sample: readonly Row[]): ColumnProfile {
  const detail = details.find((row) => lower(String(row.column_name)) === lower(name));
  const rawType = String(detail?.data_type ?? '');
  const values = distinctValues(sample, sampleKey(sample, name));
  return {
    name,
    rawType,
    kind: columnKind(rawType),
    nullable: detail ? String(detail.is_nullable).toUpperCase() !== 'NO' : true,
    samples: values.samples,
    nullsInSample: values.nulls,
    moreValues: values.more,
    distinctInSample: values.distinct,
  };
}

/** Declared foreign keys to tables of the profile, grouped by constraint, spelled as the tables spell their columns. */
function foreignKeysOf(rows: readonly Row[], columns: readonly string[], tables: readonly string[]): ForeignKey[] {
  const byConstraint = new Map<string, Row[]>();
  for (const row of ordered(rows)) byConstraint.set(String(row.constraint_name), [...(byConstraint.get(String(row.constraint_name)) ?? []), row]);
  const out: ForeignKey[] = [];
  for (const parts of byConstraint.values()) {
    const target = tables.find((table) => lower(table) === lower(String(parts[0].ref_table)));
    if (!target) continue;
    out.push({
      columns: parts.map((part) => spelling(columns, String(part.column_name))),
      references: { table: target, columns: parts.map((part) => String(part.ref_column)) },
      declared: true,
    });
  }
  return out;
}

function textRow(row: Row, columns: readonly string[]): Record<string, string | undefined> {
  return Object.fromEntries(columns.map((column) => [column, sampleText(row[sampleKey([row], column)])]));
}

function indexByTable(rows: readonly Row[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const row of rows) {
    const key = lower(String(row.table_name));
    out.set(key, [...(out.get(key) ?? []), row]);
  }
  return out;
}

const ordered = (rows: readonly Row[]) => [...rows].sort((a, b) => Number(a.ordinal) - Number(b.ordinal));
const lower = (name: string) => name.toLowerCase();
/** The column as the table spells it (catalogues of case-insensitive databases may differ in case). */
const spelling = (columns: readonly string[], name: string) => columns.find((column) => column === name) ?? columns.find((column) => lower(column) === lower(name)) ?? name;
/** Drivers key sampled rows by the column's spelling; find it whatever its case. */
const sampleKey = (sample: readonly Row[], name: string) => (sample.length === 0 || name in sample[0] ? name : (Object.keys(sample[0]).find((key) => lower(key) === lower(name)) ?? name));

