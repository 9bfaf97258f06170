import { SqlFragment } from '../sql-fragment';

/**
 * The few places where the four source databases disagree, implemented once per dialect rather
 * than as `if (client === 'mssql')` branches scattered through the query engine. Everything else
 * is portable SQL that knex quotes and parameterises per dialect.
 */
export type DialectName = 'sqlite' | 'mysql' | 'postgres' | 'mssql';

export interface SqlDialect {
  readonly name: DialectName;
  /** The knex client to build (connection-less for SQL generation tests). */
  readonly knexClient: 'better-sqlite3' | 'mysql2' | 'pg' | 'mssql';
  /** Most bindings one statement may carry (SQL Server stops at 2100). */
  readonly maxBindings: number;

  /** String concatenation that yields NULL when any part is NULL (template semantics). */
  concat(parts: readonly string[]): string;
  /** The largest non-NULL value of the arguments; NULL only when all are NULL. */
  greatest(parts: readonly SqlFragment[]): SqlFragment;
  /** Casts an expression to text in a select list, so UNION branches agree on the column type. */
  castText(sql: string): string;
  /** Casts an expression (or NULL padding) to an integer in a select list. */
  castInteger(sql: string): string;
  /** A placeholder for a text constant in a select list (some servers cannot type a bare parameter). */
  textParameter(): string;
  /** A placeholder for a timestamp constant. */
  dateTimeParameter(): string;
  /** A placeholder for an integer constant in a select list. */
  integerParameter(): string;
  /** Case-insensitive "contains": the SQL for `expr` matching the pattern bound as `?`. */
  containsSql(expr: string): string;
  /** Escapes LIKE wildcards (and `[` on SQL Server) with `!`, the ESCAPE character of containsSql. */
  escapeLikeValue(value: string): string;
  /** Whether containsSql expects the bound pattern already lower-cased. */
  readonly lowerCasesPattern: boolean;
  /** How a subquery keeps only its first row: `SELECT TOP 1 …` (SQL Server) or `… LIMIT 1`. */
  readonly firstRow: { readonly top: string; readonly limit: string };
  /**
   * How a page in the keyed default order starts its SELECT. The page reads the source's base
   * table in key order and looks each row's joined rows up by their keys, stopping after `limit`
   * rows; planners that would rather sort the whole join (MariaDB, which also loses the order
   * in its join buffer) are told so here.
   */
  readonly keyOrderedSelect: string;
  /**
   * Whether `(a, b) > (?, ?)` is an index seek here (PostgreSQL, SQLite). Elsewhere the keyset
   * condition is spelled as ORs, which MariaDB turns into ranges and SQL Server needs (it has no
   * row values); SQLite would scan from the start of the first column's value instead.
   */
  readonly seeksRowValues: boolean;
  /** `LIMIT`/`OFFSET` after an ORDER BY (SQL Server: OFFSET … FETCH). */
  pageClause(limit: number, offset: number): SqlFragment;
  /** Trims spaces on both sides (SQL Server before 2017 has no TRIM). */
  trim(sql: string): string;
  /** Characters in a text (LEN on SQL Server, which also ignores trailing spaces: callers trim first). */
  textLength(sql: string): string;
}

/** `!` as ESCAPE character: unlike backslash it means the same thing in every dialect's string literals. */
export function escapeLikeWith(value: string, specials: readonly string[]): string {
  let out = '';
  for (const char of value) out += char === '!' || specials.includes(char) ? `!${char}` : char;
  return out;
}

/** The null-ignoring maximum built from COALESCE rotations, for servers whose GREATEST/MAX propagate NULL. */
export function greatestIgnoringNulls(fn: string, parts: readonly SqlFragment[]): SqlFragment {
  if (parts.length === 1) return parts[0];
  // Each rotation repeats every part, so the bindings repeat with them, in order.
  const rotations = parts.map((_, index) => [...parts.slice(index), ...parts.slice(0, index)]);
  return {
    sql: `${fn}(${rotations.map((rotation) => `COALESCE(${rotation.map((part) => part.sql).join(', ')})`).join(', ')})`,
    bindings: rotations.flatMap((rotation) => rotation.flatMap((part) => part.bindings)),
  };
}
