import { createConnection } from 'mysql2/promise';
import type { FloorConnection, Row } from './floor-connection';
import { afterByAlternatives, placeholders, tuples } from './floor-connection';

/**
 * mysql2, text protocol. DATETIME and DATE come back as the server's text (`dateStrings`), the
 * way the hand-written export formats them itself; ANSI_QUOTES lets the shared SQL quote
 * identifiers with `"` (the legacy names are upper case, which PostgreSQL needs quoted).
 */
export async function openMysqlFloor(settings: Record<string, unknown>): Promise<FloorConnection> {
  const connection = await createConnection({ ...settings, dateStrings: true, timezone: 'Z', supportBigNumbers: true } as Parameters<typeof createConnection>[0]);
  await connection.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',ANSI_QUOTES')");
  return {
    dialect: 'mysql',
    query: async (sql, params = []) => (await connection.query(sql, params as unknown[]))[0] as Row[],
    after: afterByAlternatives,
    list: placeholders,
    tupleList: (types, count) => `(${tuples(types.length, count)})`,
    version: async () => {
      const [rows] = await connection.query('SELECT VERSION() AS v');
      const version = String((rows as Row[])[0].v);
      return /mariadb/i.test(version) ? `MariaDB ${version}` : `MySQL ${version}`;
    },
    close: () => connection.end(),
  };
}
