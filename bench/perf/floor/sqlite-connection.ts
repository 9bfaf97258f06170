import Database from 'better-sqlite3';
import type { FloorConnection, Row } from './floor-connection';
import { afterByRowValue, placeholders, tuples } from './floor-connection';

/** better-sqlite3 on the demo file, read-only, statements prepared once per text. */
export async function openSqliteFloor(filename: string): Promise<FloorConnection> {
  const db = new Database(filename, { readonly: true, fileMustExist: true });
  const statements = new Map<string, Database.Statement>();
  const prepare = (sql: string) => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      if (statements.size < 1000) statements.set(sql, statement);
    }
    return statement;
  };
  return {
    dialect: 'sqlite',
    query: async (sql, params = []) => prepare(sql).all(...params) as Row[],
    after: afterByRowValue,
    list: placeholders,
    // SQLite compares row values with IN only against a subquery; VALUES is one.
    tupleList: (types, count) => `(VALUES ${tuples(types.length, count)})`,
    version: async () => `SQLite ${String((db.prepare('SELECT sqlite_version() AS v').get() as Row).v)}`,
    close: async () => {
      db.close();
    },
  };
}
