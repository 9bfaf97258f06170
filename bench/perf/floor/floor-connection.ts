/** A row as the raw drivers return it here: dates and times as the database's own text. */
export type Row = Record<string, string | number | null>;

export type FloorDialect = 'mysql' | 'postgres' | 'sqlite';

export type ColumnType = 'text' | 'integer';

/**
 * One raw driver connection (mysql2, pg or better-sqlite3: no knex, no adapter code). The floor's
 * SQL is written once, with `"quoted"` identifiers and `?` placeholders; what differs between the
 * databases (placeholder syntax, lists of composite keys) lives in the three connection files.
 */
export interface FloorConnection {
  readonly dialect: FloorDialect;
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>;
  /** `?, ?, …`: the inside of `IN (…)` for `count` values. */
  list(count: number): string;
  /** `WHERE` condition for the rows after `last` in `key` order, written so this database seeks to it in the key's index. */
  after(key: readonly string[], last: readonly unknown[]): { sql: string; params: unknown[] };
  /** What follows `(a, b, c) IN ` for `count` composite keys with columns of these types, parenthesised. */
  tupleList(types: readonly ColumnType[], count: number): string;
  /** Product and version, for the report. */
  version(): Promise<string>;
  close(): Promise<void>;
}

export const placeholders = (count: number): string => Array.from({ length: count }, () => '?').join(', ');

export const tuples = (width: number, count: number): string => {
  const one = `(${placeholders(width)})`;
  return Array.from({ length: count }, () => one).join(', ');
};

/** `(a, b) > (?, ?)`: PostgreSQL and SQLite seek to a row-value comparison in the index. */
export function afterByRowValue(key: readonly string[], last: readonly unknown[]): { sql: string; params: unknown[] } {
  return key.length === 1 ? { sql: `${key[0]} > ?`, params: [last[0]] } : { sql: `(${key.join(', ')}) > (${placeholders(key.length)})`, params: [...last] };
}

/** `(a > ?) OR (a = ? AND b > ?)`: MariaDB turns this into an index range, a row-value comparison it does not. */
export function afterByAlternatives(key: readonly string[], last: readonly unknown[]): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const alternatives = key.map((column, index) => {
    params.push(...last.slice(0, index), last[index]);
    return `(${[...key.slice(0, index).map((earlier) => `${earlier} = ?`), `${column} > ?`].join(' AND ')})`;
  });
  return { sql: `(${alternatives.join(' OR ')})`, params };
}
