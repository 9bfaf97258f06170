/**
 * What `mappings init` learns about a live database before it guesses anything: tables, columns
 * with their types, keys, and a bounded sample of values. Plain data, so the heuristics are
 * unit-tested on hand-written profiles and never need a connection.
 */

/** A column's type reduced to what the heuristics care about. */
export type ColumnKind = 'text' | 'integer' | 'decimal' | 'boolean' | 'date' | 'datetime' | 'other';

export interface SampledValue {
  /** The value as text (dates as `YYYY-MM-DD…`, booleans as `true`/`false`). */
  readonly value: string;
  /** How many sampled rows held it. */
  readonly count: number;
}

export interface ColumnProfile {
  readonly name: string;
  /** The database's own type name, e.g. `varchar(30)`, `CHAR(1)`, `timestamp without time zone`. */
  readonly rawType: string;
  readonly kind: ColumnKind;
  readonly nullable: boolean;
  /** Distinct non-NULL values of the sampled rows, most frequent first (at most SAMPLE_DISTINCT_VALUES). */
  readonly samples: readonly SampledValue[];
  /** Sampled rows where the column was NULL. */
  readonly nullsInSample: number;
  /** Whether the sample had more distinct values than `samples` lists. */
  readonly moreValues: boolean;
  /** Distinct non-NULL values in the sample. */
  readonly distinctInSample: number;
}

export interface ForeignKey {
  /** Columns of the referencing table, in the order of `references.columns`. */
  readonly columns: readonly string[];
  readonly references: { readonly table: string; readonly columns: readonly string[] };
  /** Declared in the database, or inferred from matching column names (`evidence` says how). */
  readonly declared: boolean;
  readonly evidence?: string;
}

export interface TableProfile {
  readonly name: string;
  readonly columns: readonly ColumnProfile[];
  /** Primary key columns in key order; empty when the table declares none. */
  readonly primaryKey: readonly string[];
  readonly foreignKeys: readonly ForeignKey[];
  /** Rows counted up to `rowCountCap`; `rowCountCapped` when the table has more. */
  readonly rowCount: number;
  readonly rowCountCapped: boolean;
  /** Rows the samples were taken from. */
  readonly sampledRows: number;
  /** Every row as text, for small tables only (code tables: code → description). */
  readonly rows?: ReadonlyArray<Readonly<Record<string, string | undefined>>>;
}

export interface DatabaseProfile {
  /** e.g. `MySQL database "sis"`. */
  readonly description: string;
  readonly tables: readonly TableProfile[];
}

export const SAMPLE_ROWS = 500;
export const SAMPLE_DISTINCT_VALUES = 40;
export const ROW_COUNT_CAP = 100000;
/** Tables of at most this many rows (and few columns) keep their rows: code tables. */
export const SMALL_TABLE_ROWS = 200;
export const SMALL_TABLE_COLUMNS = 8;

export function findTable(profile: DatabaseProfile, name: string): TableProfile | undefined {
  return profile.tables.find((table) => table.name === name);
}

export function findColumn(table: TableProfile, name: string): ColumnProfile | undefined {
  return table.columns.find((column) => column.name === name) ?? table.columns.find((column) => column.name.toLowerCase() === name.toLowerCase());
}
