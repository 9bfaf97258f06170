import { mssqlDialect } from './mssql-dialect';
import { mysqlDialect } from './mysql-dialect';
import { postgresDialect } from './postgres-dialect';
import { DialectName, SqlDialect } from './sql-dialect';
import { sqliteDialect } from './sqlite-dialect';

export const DIALECTS: Readonly<Record<DialectName, SqlDialect>> = {
  sqlite: sqliteDialect,
  mysql: mysqlDialect,
  postgres: postgresDialect,
  mssql: mssqlDialect,
};

export function dialectForKnexClient(client: string): SqlDialect {
  switch (client) {
    case 'better-sqlite3':
    case 'sqlite3':
      return sqliteDialect;
    case 'mysql':
    case 'mysql2':
      return mysqlDialect;
    case 'pg':
    case 'postgres':
    case 'postgresql':
      return postgresDialect;
    case 'mssql':
      return mssqlDialect;
    default:
      throw new Error(`unsupported database client "${client}"`);
  }
}
