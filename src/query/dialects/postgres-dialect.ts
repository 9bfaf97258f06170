import { escapeLikeWith, SqlDialect } from './sql-dialect';

export const postgresDialect: SqlDialect = {
  name: 'postgres',
  knexClient: 'pg',
  maxBindings: 65535,
  concat: (parts) => parts.map((part) => `CAST(${part} AS TEXT)`).join(' || '),
  // PostgreSQL's GREATEST() already ignores NULLs.
  greatest: (parts) => (parts.length === 1 ? parts[0] : { sql: `GREATEST(${parts.map((part) => part.sql).join(', ')})`, bindings: parts.flatMap((part) => part.bindings) }),
  castInteger: (sql) => `CAST(${sql} AS INTEGER)`,
  castText: (sql) => `CAST(${sql} AS TEXT)`,
  // A bare parameter in a UNION branch's select list has no type PostgreSQL can infer.
  textParameter: () => 'CAST(? AS TEXT)',
  dateTimeParameter: () => 'CAST(? AS TIMESTAMP)',
  integerParameter: () => 'CAST(? AS INTEGER)',
  containsSql: (expr) => `CAST(${expr} AS TEXT) ILIKE ? ESCAPE '!'`,
  escapeLikeValue: (value) => escapeLikeWith(value, ['%', '_']),
  lowerCasesPattern: false,
  firstRow: { top: '', limit: ' LIMIT 1' },
  seeksRowValues: true,
  keyOrderedSelect: 'SELECT',
  pageClause: (limit, offset) => ({ sql: ' LIMIT ? OFFSET ?', bindings: [limit, offset] }),
  trim: (sql) => `TRIM(${sql})`,
  textLength: (sql) => `LENGTH(${sql})`,
};
