import { escapeLikeWith, greatestIgnoringNulls, SqlDialect } from './sql-dialect';

export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  knexClient: 'mysql2',
  maxBindings: 65535,
  // CONCAT() yields NULL when any argument is NULL, like || elsewhere.
  concat: (parts) => `CONCAT(${parts.join(', ')})`,
  // MySQL's GREATEST() returns NULL if any argument is NULL.
  greatest: (parts) => greatestIgnoringNulls('GREATEST', parts),
  castInteger: (sql) => sql,
  castText: (sql) => sql,
  textParameter: () => '?',
  dateTimeParameter: () => 'CAST(? AS DATETIME(3))',
  integerParameter: () => '?',
  // LOWER() on both sides makes the match independent of the column's collation.
  containsSql: (expr) => `LOWER(${expr}) LIKE ? ESCAPE '!'`,
  escapeLikeValue: (value) => escapeLikeWith(value, ['%', '_']),
  lowerCasesPattern: true,
  firstRow: { top: '', limit: ' LIMIT 1' },
  trim: (sql) => `TRIM(${sql})`,
  textLength: (sql) => `CHAR_LENGTH(${sql})`,
};
