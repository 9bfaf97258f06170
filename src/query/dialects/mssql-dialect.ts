import { escapeLikeWith, SqlDialect } from './sql-dialect';

const TEXT = 'NVARCHAR(4000)';

export const mssqlDialect: SqlDialect = {
  name: 'mssql',
  knexClient: 'mssql',
  // 2100 is SQL Server's hard limit per request; keep a margin for paging parameters.
  maxBindings: 2000,
  // T-SQL has no ||; `+` yields NULL on a NULL part (CONCAT() would not), and casting keeps `+`
  // from attempting numeric addition when a part is an integer column.
  concat: (parts) => parts.map((part) => `CAST(${part} AS ${TEXT})`).join(' + '),
  // GREATEST() only exists from SQL Server 2022; a VALUES row constructor works everywhere and ignores NULLs.
  greatest: (parts) =>
    parts.length === 1
      ? parts[0]
      : { sql: `(SELECT MAX(v) FROM (VALUES ${parts.map((part) => `(${part.sql})`).join(', ')}) AS g(v))`, bindings: parts.flatMap((part) => part.bindings) },
  castInteger: (sql) => `CAST(${sql} AS INT)`,
  // Style 121 keeps dates and times as yyyy-mm-dd hh:mi:ss.mmm; CAST would use the locale's format.
  castText: (sql) => `CONVERT(${TEXT}, ${sql}, 121)`,
  textParameter: () => `CAST(? AS ${TEXT})`,
  dateTimeParameter: () => 'CAST(? AS DATETIME2(3))',
  integerParameter: () => 'CAST(? AS INT)',
  containsSql: (expr) => `LOWER(CAST(${expr} AS ${TEXT})) LIKE ? ESCAPE '!'`,
  // `[` opens a character class in T-SQL LIKE patterns.
  escapeLikeValue: (value) => escapeLikeWith(value, ['%', '_', '[']),
  lowerCasesPattern: true,
  firstRow: { top: 'TOP 1 ', limit: '' },
  seeksRowValues: false,
  keyOrderedSelect: 'SELECT',
  pageClause: (limit, offset) => ({ sql: ' OFFSET ? ROWS FETCH NEXT ? ROWS ONLY', bindings: [offset, limit] }),
  trim: (sql) => `LTRIM(RTRIM(${sql}))`,
  textLength: (sql) => `LEN(${sql})`,
};
