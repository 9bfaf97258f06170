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
  // STRAIGHT_JOIN keeps the base table first, so its primary key gives the order and LIMIT stops
  // the scan. Join buffering would then still sort everything: MariaDB turns it off for this one
  // statement through its executable comment (/*M! … */, a comment to MySQL), MySQL through its
  // optimizer hint (a comment to MariaDB before 12). Neither changes the session or writes.
  seeksRowValues: false,
  keyOrderedSelect: '/*M! SET STATEMENT join_cache_level=0 FOR */ SELECT /*+ NO_BNL() */ STRAIGHT_JOIN',
  pageClause: (limit, offset) => ({ sql: ' LIMIT ? OFFSET ?', bindings: [limit, offset] }),
  trim: (sql) => `TRIM(${sql})`,
  textLength: (sql) => `CHAR_LENGTH(${sql})`,
};
