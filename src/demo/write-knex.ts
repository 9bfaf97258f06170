import type { Knex } from 'knex';
import type { DemoRow, Row } from './demo-row';
import { sqliteDateTime } from './write-sqlite';

/**
 * Generic path for MySQL/MariaDB, PostgreSQL and SQL Server: multi-row INSERTs sized to stay under
 * each driver's bind-parameter limit, committed every few tens of thousands of rows.
 */

const MAX_ROWS_PER_INSERT = 1000;
const ROWS_PER_TRANSACTION = 20_000;

/** Bind parameters per statement: SQL Server refuses more than 2100, old SQLite 999. */
function parameterLimit(db: Knex): number {
  switch (db.client.dialect) {
    case 'mssql':
      return 2000;
    case 'postgresql':
      return 30_000;
    case 'mysql':
      return 20_000;
    default:
      return 999;
  }
}

export async function writeKnex(db: Knex, rows: Iterable<DemoRow>): Promise<void> {
  const limit = parameterLimit(db);
  // Other drivers take Date objects and apply the connection's time zone; SQLite needs text.
  const datesAsText = db.client.dialect === 'sqlite3';
  const buffers = new Map<string, { rows: Row[]; size: number }>();
  let trx = await db.transaction();
  let inTransaction = 0;

  const flush = async (table: string, buffer: { rows: Row[] }) => {
    if (buffer.rows.length === 0) return;
    const chunk = buffer.rows;
    buffer.rows = [];
    await trx(table).insert(chunk);
    inTransaction += chunk.length;
    if (inTransaction >= ROWS_PER_TRANSACTION) {
      await trx.commit();
      trx = await db.transaction();
      inTransaction = 0;
    }
  };

  try {
    for (const { table, row } of rows) {
      let buffer = buffers.get(table);
      if (!buffer) {
        const size = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(limit / Object.keys(row).length)));
        buffers.set(table, (buffer = { rows: [], size }));
      }
      buffer.rows.push(datesAsText ? textDates(row) : row);
      if (buffer.rows.length >= buffer.size) await flush(table, buffer);
    }
    for (const [table, buffer] of buffers) await flush(table, buffer);
    await trx.commit();
  } catch (error) {
    if (!trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw error;
  }
}

function textDates(row: Row): Row {
  const out: Row = {};
  for (const [key, value] of Object.entries(row)) out[key] = value instanceof Date ? sqliteDateTime(value) : value;
  return out;
}
