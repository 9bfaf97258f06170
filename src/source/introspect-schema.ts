import type { Knex } from 'knex';
import { sameName, SchemaSnapshot, SchemaTable, splitTableName } from '../mapping/schema-snapshot';
import { dialectForKnexClient } from '../query/dialects/dialect-registry';
import type { DialectName } from '../query/dialects/sql-dialect';

export type { SchemaSnapshot } from '../mapping/schema-snapshot';

interface CaseRules {
  readonly tables: boolean;
  readonly columns: boolean;
}

/** How one database answers "which tables and columns are there": catalogue queries only, no table is read. */
interface Catalogue {
  /** The schemas an unqualified table name is looked up in, in order (PostgreSQL's search_path…). */
  searchPath(db: Knex): Promise<string[]>;
  caseRules(db: Knex): Promise<CaseRules>;
  describe(searchPath: readonly string[]): string;
  /** Whether the catalogue lists only what the login may read (information_schema does). */
  readonly listsReadableOnly: boolean;
  /** Tables and views of these schemas, spelled as the database spells them. */
  tables(db: Knex, schemas: readonly string[]): Promise<Array<{ schema: string; name: string }>>;
  /** Columns of these tables (actual spellings) of one schema, in table order. */
  columns(db: Knex, schema: string, tables: readonly string[]): Promise<Array<{ table: string; column: string }>>;
}

/**
 * Reads what a mapping needs to know about the live database: the tables it names (bare or
 * `schema.table`) that exist, with their columns, and every table name of the schemas involved
 * for did-you-mean hints. A bare name is looked up the way the database resolves it: SQLite's
 * `main`, MySQL's current database, PostgreSQL's search_path in order, SQL Server's default
 * schema and then `dbo`. Reads catalogue views only (`sqlite_master`/`pragma_table_info`,
 * `information_schema`), so the adapter's read-only login is enough; a table the login may not
 * read is absent there, as it is for the login's queries. Name comparison rules: see
 * `mapping/schema-snapshot.ts`.
 */
export async function introspectSchema(db: Knex, tables: readonly string[]): Promise<SchemaSnapshot> {
  const dialect = dialectForKnexClient(knexClientName(db)).name;
  const catalogue = CATALOGUES[dialect];
  const rules = await catalogue.caseRules(db);
  const searchPath = uniqueNames(await catalogue.searchPath(db), rules.tables);
  const requested = tables.map((name) => ({ name, ...splitTableName(name) }));
  const explicitSchemas = requested.flatMap((table) => (table.schema ? [table.schema] : []));
  const listed = await catalogue.tables(db, uniqueNames([...searchPath, ...explicitSchemas], rules.tables));
  const inSchema = (schema: string) => listed.filter((table) => sameName(table.schema, schema, rules.tables));
  const pick = (candidates: typeof listed, name: string) =>
    candidates.find((candidate) => candidate.name === name) ?? candidates.find((candidate) => sameName(candidate.name, name, rules.tables));

  // Hints: bare names as found through the search path, qualified names of the schemas the mapping names.
  const tableNames: string[] = [];
  for (const schema of searchPath) tableNames.push(...inSchema(schema).map((table) => table.name));
  for (const schema of explicitSchemas) tableNames.push(...inSchema(schema).map((table) => `${table.schema}.${table.name}`));

  // Resolve each requested name to the table the database would use for it.
  const resolved = new Map<string, { schema: string; name: string; qualified: boolean }>();
  for (const table of requested) {
    const match = table.schema !== undefined
      ? pick(inSchema(table.schema), table.table)
      : searchPath.map((schema) => pick(inSchema(schema), table.table)).find((candidate) => candidate !== undefined);
    if (match) resolved.set(table.name, { ...match, qualified: table.schema !== undefined });
  }

  const columnsByTable = new Map<string, string[]>();
  const bySchema = new Map<string, Set<string>>();
  for (const table of resolved.values()) bySchema.set(table.schema, (bySchema.get(table.schema) ?? new Set()).add(table.name));
  for (const [schema, names] of bySchema) {
    for (const row of await catalogue.columns(db, schema, [...names])) {
      const key = `${schema}\u0000${row.table}`;
      columnsByTable.set(key, [...(columnsByTable.get(key) ?? []), row.column]);
    }
  }

  const found = new Map<string, SchemaTable>();
  for (const table of resolved.values()) {
    const name = table.qualified ? `${table.schema}.${table.name}` : table.name;
    found.set(name, { name, columns: columnsByTable.get(`${table.schema}\u0000${table.name}`) ?? [] });
  }
  return {
    tableNames: [...new Set(tableNames)],
    tables: [...found.values()],
    caseSensitiveTables: rules.tables,
    caseSensitiveColumns: rules.columns,
    description: catalogue.describe(searchPath),
    listsReadableOnly: catalogue.listsReadableOnly,
  };
}

const sqlite: Catalogue = {
  searchPath: async () => ['main'],
  // SQLite compares identifiers case-insensitively, quoted or not.
  caseRules: async () => ({ tables: false, columns: false }),
  describe: () => 'the SQLite database',
  listsReadableOnly: false,
  async tables(db, schemas) {
    const out: Array<{ schema: string; name: string }> = [];
    // Schemas are `main`, `temp` and attached databases; one that is not attached has no tables.
    const attached = (await rawRows(db, 'SELECT name FROM pragma_database_list')).map((row) => String(row.name));
    for (const schema of schemas) {
      const actual = attached.find((name) => sameName(name, schema, false));
      if (!actual) continue;
      const rows = await rawRows(db, "SELECT name FROM ??.sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'", [actual]);
      out.push(...rows.map((row) => ({ schema, name: String(row.name) })));
    }
    return out;
  },
  async columns(db, schema, tables) {
    const out: Array<{ table: string; column: string }> = [];
    for (const table of tables) {
      const rows = await rawRows(db, 'SELECT name FROM pragma_table_info(?, ?) ORDER BY cid', [table, schema]);
      out.push(...rows.map((row) => ({ table, column: String(row.name) })));
    }
    return out;
  },
};

/** MySQL/MariaDB, SQL Server: INFORMATION_SCHEMA in upper case (required in case-sensitive SQL Server databases). */
function informationSchemaCatalogue(overrides: Pick<Catalogue, 'searchPath' | 'caseRules' | 'describe'>): Catalogue {
  return {
    ...overrides,
    listsReadableOnly: true,
    async tables(db, schemas) {
      if (schemas.length === 0) return [];
      const rows = await rawRows(
        db,
        `SELECT TABLE_SCHEMA AS table_schema, TABLE_NAME AS table_name FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA IN (${placeholders(schemas)})`,
        schemas,
      );
      return rows.map((row) => ({ schema: String(row.table_schema), name: String(row.table_name) }));
    },
    async columns(db, schema, tables) {
      const rows = await rawRows(
        db,
        `SELECT TABLE_NAME AS table_name, COLUMN_NAME AS column_name FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME IN (${placeholders(tables)}) ORDER BY TABLE_NAME, ORDINAL_POSITION`,
        [schema, ...tables],
      );
      // The catalogue may compare names case-insensitively; keep only the tables asked for.
      return rows.filter((row) => tables.includes(String(row.table_name))).map((row) => ({ table: String(row.table_name), column: String(row.column_name) }));
    },
  };
}

const mysql = informationSchemaCatalogue({
  searchPath: async (db) => [String((await rawRows(db, 'SELECT DATABASE() AS name'))[0]?.name ?? '')],
  // Column names never depend on case; table (and database) names do when lower_case_table_names = 0.
  caseRules: async (db) => ({ tables: Number((await rawRows(db, 'SELECT @@lower_case_table_names AS lctn'))[0]?.lctn ?? 0) === 0, columns: false }),
  describe: ([database]) => `MySQL database "${database}"`,
});

const mssql = informationSchemaCatalogue({
  // A bare name is looked up in the user's default schema, then in dbo.
  searchPath: async (db) => [String((await rawRows(db, 'SELECT SCHEMA_NAME() AS name'))[0]?.name ?? 'dbo'), 'dbo'],
  // Object names compare with the database's default collation, which literals also get.
  caseRules: async (db) => {
    const sensitive = Number((await rawRows(db, "SELECT CASE WHEN 'a' = 'A' THEN 0 ELSE 1 END AS cs"))[0]?.cs ?? 0) === 1;
    return { tables: sensitive, columns: sensitive };
  },
  describe: (path) => `SQL Server schema${path.length > 1 ? 's' : ''} ${path.map((schema) => `"${schema}"`).join(', ')}`,
});

const postgres: Catalogue = {
  // The schemas of search_path that exist, in order (pg_catalog left out: the engine never means it).
  searchPath: async (db) =>
    (await rawRows(db, 'SELECT s.name FROM unnest(current_schemas(false)) WITH ORDINALITY AS s(name, position) ORDER BY s.position')).map((row) => String(row.name)),
  // Every identifier the engine sends is quoted, and quoted identifiers are case-sensitive.
  caseRules: async () => ({ tables: true, columns: true }),
  describe: (path) => `PostgreSQL schema${path.length > 1 ? 's' : ''} ${path.map((schema) => `"${schema}"`).join(', ')}`,
  listsReadableOnly: true,
  async tables(db, schemas) {
    // A search_path naming no existing schema leaves nothing to list.
    if (schemas.length === 0) return [];
    // information_schema lists tables and views; materialized views only appear in pg_matviews.
    const rows = await rawRows(
      db,
      `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN (${placeholders(schemas)})
       UNION ALL SELECT schemaname, matviewname FROM pg_matviews WHERE schemaname IN (${placeholders(schemas)})`,
      [...schemas, ...schemas],
    );
    return rows.map((row) => ({ schema: String(row.table_schema), name: String(row.table_name) }));
  },
  async columns(db, schema, tables) {
    const rows = await rawRows(
      db,
      `SELECT table_name, column_name, ordinal_position FROM information_schema.columns WHERE table_schema = ? AND table_name IN (${placeholders(tables)})
       UNION ALL SELECT c.relname, a.attname, a.attnum FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE c.relkind = 'm' AND n.nspname = ? AND c.relname IN (${placeholders(tables)}) AND a.attnum > 0 AND NOT a.attisdropped
       ORDER BY 1, 3`,
      [schema, ...tables, schema, ...tables],
    );
    return rows.map((row) => ({ table: String(row.table_name), column: String(row.column_name) }));
  },
};

const CATALOGUES: Readonly<Record<DialectName, Catalogue>> = { sqlite, mysql, postgres, mssql };

function knexClientName(db: Knex): string {
  const client = (db.client as { config?: { client?: unknown } }).config?.client;
  if (typeof client === 'string') return client;
  return String((db.client as { dialect?: string }).dialect ?? '');
}

async function rawRows(db: Knex, sql: string, bindings: readonly unknown[] = []): Promise<Array<Record<string, unknown>>> {
  const result: unknown = await db.raw(sql, bindings as Knex.RawBinding[]);
  if (Array.isArray(result)) return (Array.isArray(result[0]) ? result[0] : result) as Array<Record<string, unknown>>;
  if (result && typeof result === 'object' && 'rows' in result) return (result as { rows: Array<Record<string, unknown>> }).rows;
  return [];
}

function placeholders(values: readonly unknown[]): string {
  return values.map(() => '?').join(', ');
}

function uniqueNames(names: readonly string[], caseSensitive: boolean): string[] {
  const out: string[] = [];
  for (const name of names) if (!out.some((seen) => sameName(seen, name, caseSensitive))) out.push(name);
  return out;
}
