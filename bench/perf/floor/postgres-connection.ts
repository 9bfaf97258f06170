import type { FloorConnection, Row } from './floor-connection';
import { afterByRowValue, placeholders, tuples } from './floor-connection';

/** The slice of node-postgres the floor uses (the project has no @types/pg). */
interface PgClient {
  connect(): Promise<void>;
  query(config: { text: string; values: unknown[]; types?: unknown }): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}
type PgModule = { Client: new (config: Record<string, unknown>) => PgClient; types: { getTypeParser(oid: number, format?: string): unknown } };

/** Timestamps and dates as the server's text, like the other two drivers here. */
const TEXT_TYPES = new Set([1082, 1114, 1184]);

/** node-postgres, parameterised queries (`$1…`: the shared SQL's `?` renumbered). */
export async function openPostgresFloor(settings: Record<string, unknown>): Promise<FloorConnection> {
  const pg = require('pg') as PgModule;
  const client = new pg.Client({
    ...settings,
    types: {
      getTypeParser: (oid: number, format?: string) =>
        TEXT_TYPES.has(oid) ? (value: string) => value : pg.types.getTypeParser(oid, format),
    },
  });
  await client.connect();
  const numbered = new Map<string, string>();
  const toNative = (sql: string) => {
    let text = numbered.get(sql);
    if (text === undefined) {
      let index = 0;
      text = sql.replace(/\?/g, () => `$${++index}`);
      if (numbered.size < 1000) numbered.set(sql, text);
    }
    return text;
  };
  return {
    dialect: 'postgres',
    query: async (sql, params = []) => (await client.query({ text: toNative(sql), values: [...params] })).rows,
    after: afterByRowValue,
    list: placeholders,
    // A VALUES list, which PostgreSQL hashes (a plain list of 5000 row values is a 5000-way OR on
    // every row); its first row typed, as parameters in VALUES are text otherwise.
    tupleList: (types, count) => {
      const first = `(${types.map((type) => `CAST(? AS ${type})`).join(', ')})`;
      return `(VALUES ${[first, ...(count > 1 ? [tuples(types.length, count - 1)] : [])].join(', ')})`;
    },
    version: async () => `PostgreSQL ${String((await client.query({ text: 'SHOW server_version', values: [] })).rows[0].server_version)}`,
    close: () => client.end(),
  };
}
