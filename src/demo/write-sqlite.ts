import type { Database, Statement } from 'better-sqlite3';
import type { Knex } from 'knex';
import type { DemoRow, DemoValue } from './demo-row';

/**
 * Fast path for the embedded demo: prepared statements on the raw better-sqlite3 connection,
 * committed in large transactions. Going through knex's query builder costs ~10x more per row.
 */

const ROWS_PER_TRANSACTION = 50_000;

export function isBetterSqlite(db: Knex): boolean {
  return db.client.driverName === 'better-sqlite3';
}

/** SQLite has no DATETIME type; the adapter reads these columns as UTC `YYYY-MM-DD HH:MM:SS` text. */
export function sqliteDateTime(value: Date): string {
  return value.toISOString().slice(0, 19).replace('T', ' ');
}

function sqliteValue(value: DemoValue): string | number | null {
  return value instanceof Date ? sqliteDateTime(value) : value;
}

export async function writeSqlite(db: Knex, rows: Iterable<DemoRow>): Promise<void> {
  const conn = (await db.client.acquireConnection()) as Database;
  const synchronous = conn.pragma('synchronous', { simple: true });
  // Nothing to protect mid-load: a crash leaves a file that gets rebuilt from scratch anyway.
  conn.pragma('synchronous = OFF');
  const inserts = new Map<string, { statement: Statement; columns: string[] }>();
  try {
    let pending = 0;
    conn.exec('BEGIN');
    for (const { table, row } of rows) {
      let insert = inserts.get(table);
      if (!insert) {
        const columns = Object.keys(row);
        const sql = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
        inserts.set(table, (insert = { statement: conn.prepare(sql), columns }));
      }
      insert.statement.run(insert.columns.map((c) => sqliteValue(row[c])));
      if (++pending === ROWS_PER_TRANSACTION) {
        conn.exec('COMMIT');
        pending = 0;
        // Let timers and I/O run between batches; the inserts themselves are synchronous.
        await new Promise((resolve) => setImmediate(resolve));
        conn.exec('BEGIN');
      }
    }
    conn.exec('COMMIT');
  } catch (error) {
    if (conn.inTransaction) conn.exec('ROLLBACK');
    throw error;
  } finally {
    conn.pragma(`synchronous = ${Number(synchronous)}`);
    await db.client.releaseConnection(conn);
  }
}
