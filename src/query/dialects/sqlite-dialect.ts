import { escapeLikeWith, greatestIgnoringNulls, SqlDialect } from './sql-dialect';

export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  knexClient: 'better-sqlite3',
  maxBindings: 32766,
  concat: (parts) => parts.join(' || '),
  // SQLite's multi-argument MAX() returns NULL as soon as one argument is NULL.
  greatest: (parts) => greatestIgnoringNulls('MAX', parts),
  castInteger: (sql) => sql,
  castText: (sql) => sql,
  textParameter: () => '?',
  dateTimeParameter: () => '?',
  integerParameter: () => '?',
  // LIKE is case-insensitive for ASCII in SQLite; LOWER() on both sides extends that to the rest.
  containsSql: (expr) => `LOWER(${expr}) LIKE ? ESCAPE '!'`,
  escapeLikeValue: (value) => escapeLikeWith(value, ['%', '_']),
  lowerCasesPattern: true,
  firstRow: { top: '', limit: ' LIMIT 1' },
  seeksRowValues: true,
  keyOrderedSelect: 'SELECT',
  pageClause: (limit, offset) => ({ sql: ' LIMIT ? OFFSET ?', bindings: [limit, offset] }),
  trim: (sql) => `TRIM(${sql})`,
  textLength: (sql) => `LENGTH(${sql})`,
};
