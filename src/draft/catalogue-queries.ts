import type { Knex } from 'knex';
import type { DialectName } from '../query/dialects/sql-dialect';

/**
 * The catalogue queries `mappings init` adds to what source/introspect-schema.ts reads (table and
 * column names): column types and nullability, primary keys and declared foreign keys of the
 * tables an unqualified name reaches in the connection's default schema. Catalogue views only,
 * so a read-only login is enough. Built through knex so each dialect's quoting and parameters
 * are knex's (and the SQL Server text is unit-tested without a server).
 *
 * Every query answers with lower-case column aliases:
 * - columns: table_name, column_name, data_type, is_nullable ('YES' | 'NO');
 * - primaryKeys: table_name, column_name, ordinal;
 * - foreignKeys: constraint_name, table_name, column_name, ref_table, ref_column, ordinal.
 */
export interface CatalogueQueries {
  columns(db: Knex): Knex.QueryBuilder | Knex.Raw;
  primaryKeys(db: Knex): Knex.QueryBuilder | Knex.Raw;
  foreignKeys(db: Knex): Knex.QueryBuilder | Knex.Raw;
}

/**
 * SQLite: the table-valued pragma functions joined to sqlite_master, one query for all tables
 * (`pk` is the 1-based position in the primary key, 0 for other columns).
 */
const sqlite: CatalogueQueries = {
  columns: (db) =>
    db.raw(
      `SELECT m.name AS table_name, p.name AS column_name, p.type AS data_type, CASE WHEN p."notnull" = 1 OR p.pk > 0 THEN 'NO' ELSE 'YES' END AS is_nullable
       FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
       WHERE m.type IN ('table', 'view') AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name, p.cid`,
    ),
  primaryKeys: (db) =>
    db.raw(
      `SELECT m.name AS table_name, p.name AS column_name, p.pk AS ordinal
       FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p
       WHERE m.type = 'table' AND p.pk > 0 ORDER BY m.name, p.pk`,
    ),
  foreignKeys: (db) =>
    db.raw(
      `SELECT m.name || '#' || f.id AS constraint_name, m.name AS table_name, f."from" AS column_name, f."table" AS ref_table, f."to" AS ref_column, f.seq AS ordinal
       FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f
       WHERE m.type = 'table' ORDER BY m.name, f.id, f.seq`,
    ),
};

/** MySQL/MariaDB: INFORMATION_SCHEMA of the current database; KEY_COLUMN_USAGE names the referenced columns itself. */
const mysql: CatalogueQueries = {
  columns: (db) =>
    db
      .select({ table_name: 'TABLE_NAME', column_name: 'COLUMN_NAME', data_type: 'COLUMN_TYPE', is_nullable: 'IS_NULLABLE' })
      .from('INFORMATION_SCHEMA.COLUMNS')
      .where('TABLE_SCHEMA', db.raw('DATABASE()'))
      .orderBy(['TABLE_NAME', 'ORDINAL_POSITION']),
  primaryKeys: (db) =>
    db
      .select({ table_name: 'TABLE_NAME', column_name: 'COLUMN_NAME', ordinal: 'ORDINAL_POSITION' })
      .from('INFORMATION_SCHEMA.KEY_COLUMN_USAGE')
      .where('TABLE_SCHEMA', db.raw('DATABASE()'))
      .andWhere('CONSTRAINT_NAME', 'PRIMARY')
      .orderBy(['TABLE_NAME', 'ORDINAL_POSITION']),
  foreignKeys: (db) =>
    db
      .select({
        constraint_name: 'CONSTRAINT_NAME',
        table_name: 'TABLE_NAME',
        column_name: 'COLUMN_NAME',
        ref_table: 'REFERENCED_TABLE_NAME',
        ref_column: 'REFERENCED_COLUMN_NAME',
        ordinal: 'ORDINAL_POSITION',
      })
      .from('INFORMATION_SCHEMA.KEY_COLUMN_USAGE')
      .where('TABLE_SCHEMA', db.raw('DATABASE()'))
      .andWhere('REFERENCED_TABLE_SCHEMA', db.raw('DATABASE()'))
      .whereNotNull('REFERENCED_TABLE_NAME')
      .orderBy(['TABLE_NAME', 'CONSTRAINT_NAME', 'ORDINAL_POSITION']),
};

/**
 * SQL Server: INFORMATION_SCHEMA of the login's default schema (upper case, as case-sensitive
 * databases require). A foreign key's referenced columns are those of the unique constraint it
 * points at, matched by position.
 */
const mssql: CatalogueQueries = {
  columns: (db) =>
    db
      .select({ table_name: 'TABLE_NAME', column_name: 'COLUMN_NAME', data_type: 'DATA_TYPE', is_nullable: 'IS_NULLABLE' })
      .from('INFORMATION_SCHEMA.COLUMNS')
      .where('TABLE_SCHEMA', db.raw('SCHEMA_NAME()'))
      .orderBy(['TABLE_NAME', 'ORDINAL_POSITION']),
  primaryKeys: (db) =>
    db
      .select({ table_name: 'K.TABLE_NAME', column_name: 'K.COLUMN_NAME', ordinal: 'K.ORDINAL_POSITION' })
      .from({ C: 'INFORMATION_SCHEMA.TABLE_CONSTRAINTS' })
      .join({ K: 'INFORMATION_SCHEMA.KEY_COLUMN_USAGE' }, (on) => on.on('K.CONSTRAINT_SCHEMA', 'C.CONSTRAINT_SCHEMA').andOn('K.CONSTRAINT_NAME', 'C.CONSTRAINT_NAME'))
      .where('C.TABLE_SCHEMA', db.raw('SCHEMA_NAME()'))
      .andWhere('C.CONSTRAINT_TYPE', 'PRIMARY KEY')
      .orderBy(['K.TABLE_NAME', 'K.ORDINAL_POSITION']),
  foreignKeys: (db) =>
    db
      .select({
        constraint_name: 'R.CONSTRAINT_NAME',
        table_name: 'F.TABLE_NAME',
        column_name: 'F.COLUMN_NAME',
        ref_table: 'P.TABLE_NAME',
        ref_column: 'P.COLUMN_NAME',
        ordinal: 'F.ORDINAL_POSITION',
      })
      .from({ R: 'INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS' })
      .join({ F: 'INFORMATION_SCHEMA.KEY_COLUMN_USAGE' }, (on) => on.on('F.CONSTRAINT_SCHEMA', 'R.CONSTRAINT_SCHEMA').andOn('F.CONSTRAINT_NAME', 'R.CONSTRAINT_NAME'))
      .join({ P: 'INFORMATION_SCHEMA.KEY_COLUMN_USAGE' }, (on) =>
        on.on('P.CONSTRAINT_SCHEMA', 'R.UNIQUE_CONSTRAINT_SCHEMA').andOn('P.CONSTRAINT_NAME', 'R.UNIQUE_CONSTRAINT_NAME').andOn('P.ORDINAL_POSITION', 'F.ORDINAL_POSITION'),
      )
      .where('F.TABLE_SCHEMA', db.raw('SCHEMA_NAME()'))
      .andWhere('P.TABLE_SCHEMA', db.raw('SCHEMA_NAME()'))
      .orderBy(['F.TABLE_NAME', 'R.CONSTRAINT_NAME', 'F.ORDINAL_POSITION']),
};

/**
 * PostgreSQL: columns from information_schema (it lists what the login may read), keys from
 * pg_constraint, because information_schema's constraint views hide the constraints of tables
 * the login only has SELECT on — exactly the adapter's read-only login.
 */
const postgres: CatalogueQueries = {
  columns: (db) =>
    db
      .select({ table_name: 'table_name', column_name: 'column_name', data_type: 'data_type', is_nullable: 'is_nullable' })
      .from('information_schema.columns')
      .where('table_schema', db.raw('current_schema()'))
      .orderBy(['table_name', 'ordinal_position']),
  primaryKeys: (db) =>
    db.raw(
      `SELECT cl.relname AS table_name, a.attname AS column_name, k.ord AS ordinal
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       CROSS JOIN LATERAL unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
       WHERE n.nspname = current_schema() AND c.contype = 'p' ORDER BY cl.relname, k.ord`,
    ),
  foreignKeys: (db) =>
    db.raw(
      `SELECT c.conname AS constraint_name, cl.relname AS table_name, a.attname AS column_name, rcl.relname AS ref_table, ra.attname AS ref_column, k.ord AS ordinal
       FROM pg_constraint c JOIN pg_class cl ON cl.oid = c.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
       JOIN pg_class rcl ON rcl.oid = c.confrelid JOIN pg_namespace rn ON rn.oid = rcl.relnamespace
       CROSS JOIN LATERAL unnest(c.conkey, c.confkey) WITH ORDINALITY AS k(attnum, refnum, ord)
       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum
       JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = k.refnum
       WHERE n.nspname = current_schema() AND rn.nspname = current_schema() AND c.contype = 'f' ORDER BY cl.relname, c.conname, k.ord`,
    ),
};

export const CATALOGUE_QUERIES: Readonly<Record<DialectName, CatalogueQueries>> = { sqlite, mysql, postgres, mssql };
