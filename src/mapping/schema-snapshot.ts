/**
 * What the live database holds for a mapping, as plain data: the tables the mapping names that
 * exist (with their columns) and every table name of the schemas involved (for did-you-mean
 * hints). `source/introspect-schema.ts` reads it from a connection; tests write it by hand.
 *
 * Names compare the way the database compares the quoted identifiers the query engine sends:
 * - SQLite: tables and columns case-insensitively;
 * - PostgreSQL: exactly (knex quotes every identifier, and quoted identifiers are case-sensitive);
 * - MySQL/MariaDB: columns case-insensitively; tables (and schema names) exactly when
 *   `lower_case_table_names` is 0 (the Linux default), case-insensitively otherwise;
 * - SQL Server: as the database's default collation compares text (usually case-insensitively).
 */
export interface SchemaTable {
  /** As the database spells it; `schema.table` when the mapping named it schema-qualified. */
  readonly name: string;
  readonly columns: readonly string[];
}

export interface SchemaSnapshot {
  /** Every table and view an unqualified name can reach (bare) and of each schema a mapping names (`schema.table`). */
  readonly tableNames: readonly string[];
  /** The tables the mapping names that exist, with their columns. */
  readonly tables: readonly SchemaTable[];
  readonly caseSensitiveTables: boolean;
  readonly caseSensitiveColumns: boolean;
  /** Where the names were read, for messages, e.g. `PostgreSQL schema "public"`. */
  readonly description?: string;
  /** The catalogue lists only what the login may read (information_schema), so "missing" may mean "not granted". */
  readonly listsReadableOnly?: boolean;
}

export function sameName(a: string, b: string, caseSensitive: boolean): boolean {
  return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
}

/** The table a mapping names (`STU_MSTR`, `dbo.STU_MSTR`), if the database has it. */
export function findSchemaTable(schema: SchemaSnapshot, name: string): SchemaTable | undefined {
  return (
    schema.tables.find((table) => table.name === name) ??
    schema.tables.find((table) => sameName(table.name, name, schema.caseSensitiveTables))
  );
}

/** The column as the database spells it, if the table has it. */
export function findSchemaColumn(schema: SchemaSnapshot, table: SchemaTable, column: string): string | undefined {
  return table.columns.find((candidate) => candidate === column) ?? table.columns.find((candidate) => sameName(candidate, column, schema.caseSensitiveColumns));
}

/** Splits `schema.table` (the only qualification mapping files allow). */
export function splitTableName(name: string): { readonly schema?: string; readonly table: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
}
