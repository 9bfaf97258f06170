import type { FloorConnection, Row } from './floor-connection';
import type { FloorContext, OneRosterRecord } from './record-format';

export type KeyValues = ReadonlyArray<string | number | null>;

/** One table a collection is served from, read in primary-key order. */
export interface FloorSource {
  /** Up to `limit` records after the key `after` (from the start when undefined) and the last one's key. */
  page(connection: FloorConnection, context: FloorContext, after: KeyValues | undefined, limit: number): Promise<{ records: OneRosterRecord[]; last?: KeyValues }>;
}

/** A OneRoster collection as the hand-written export reads it: its sources one after another. */
export interface FloorCollection {
  readonly name: string;
  readonly sources: readonly FloorSource[];
}

/** `WHERE <conditions> AND <after the last key> ORDER BY <key> LIMIT ?`: the keyset page every source uses. */
export function keysetPage(
  connection: FloorConnection,
  select: string,
  where: readonly string[],
  key: readonly string[],
  after: KeyValues | undefined,
  limit: number,
): { sql: string; params: unknown[] } {
  const conditions = [...where];
  const params: unknown[] = [];
  if (after) {
    const next = connection.after(key, after);
    conditions.push(next.sql);
    params.push(...next.params);
  }
  params.push(limit);
  return { sql: `${select}${conditions.length ? ` WHERE ${conditions.join(' AND ')}` : ''} ORDER BY ${key.join(', ')} LIMIT ?`, params };
}

export interface DeferredJoin {
  /** The driving table and its alias, e.g. `"SECT_STU" R`; its key columns qualified by that alias. */
  readonly table: string;
  readonly key: readonly string[];
  /** Conditions on the driving table alone, applied before the page is cut (no parameters). */
  readonly where?: readonly string[];
  /** The full query around the page of driving rows, given as `(…) R`: joins (LEFT, so no row is lost), no WHERE on them. */
  readonly around: (page: string) => string;
  /** Whether a joined row is served (what the joins' conditions would have filtered). */
  readonly keep: (row: Row) => boolean;
  /** The driving row's key from a result row. */
  readonly keyOf: (row: Row) => KeyValues;
  /** Learnt as the pages go; a hint for the batch size only. */
  readonly estimate: KeptShare;
}

/** The share of a source's rows kept so far: sizes the next batch so that a page rarely needs a second query. */
export interface KeptShare {
  share: number;
}

/**
 * Fills a page from rows that are partly left out in code: batches in key order (sized by the
 * share kept so far), used up to the `limit`-th kept row; `last` is the key of the last row
 * used, so the next page starts right after it.
 */
export async function fillPage<T>(
  estimate: KeptShare,
  after: KeyValues | undefined,
  limit: number,
  batch: (after: KeyValues | undefined, count: number) => Promise<Row[]>,
  accept: (rows: Row[]) => Promise<Array<T | undefined>>,
  keyOf: (row: Row) => KeyValues,
): Promise<{ kept: T[]; last?: KeyValues }> {
  const kept: T[] = [];
  let last = after;
  while (kept.length < limit) {
    // A little over the estimate: one batch a page, rather than a second one for the last few rows.
    const count = Math.ceil(((limit - kept.length) / estimate.share) * 1.03) + 16;
    const rows = await batch(last, count);
    const accepted = await accept(rows);
    let used = 0;
    while (used < rows.length && kept.length < limit) {
      const record = accepted[used++];
      if (record !== undefined) kept.push(record);
    }
    if (used > 0) last = keyOf(rows[used - 1]);
    if (rows.length < count) break;
    if (rows.length > 0) estimate.share = Math.max(0.05, accepted.filter((record) => record !== undefined).length / rows.length);
  }
  return { kept, last };
}

/**
 * A keyset page by "deferred join": the next rows of the driving table by its primary key in a
 * derived table, then the lookups joined to those rows only, and the rows that fail the joins'
 * conditions dropped in code. Joining first and paging after lets MariaDB pick another table to
 * drive and sort the whole join (seconds a page at 10^6 rows); this way each page costs its own rows.
 */
export async function deferredJoinPage(connection: FloorConnection, join: DeferredJoin, after: KeyValues | undefined, limit: number): Promise<{ rows: Row[]; last?: KeyValues }> {
  const alias = join.table.split(' ').pop();
  const { kept, last } = await fillPage(
    join.estimate,
    after,
    limit,
    (from, count) => {
      const page = keysetPage(connection, `SELECT * FROM ${join.table}`, join.where ?? [], join.key, from, count);
      return connection.query(join.around(`(${page.sql}) ${alias}`), page.params);
    },
    async (rows) => rows.map((row) => (join.keep(row) ? row : undefined)),
    join.keyOf,
  );
  return { rows: kept, last };
}
