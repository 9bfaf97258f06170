import type { Knex } from 'knex';
import { SAMPLE_DISTINCT_VALUES, SampledValue } from './database-profile';

/**
 * Bounded reads of one table: a row count that stops at `cap` (the inner LIMIT keeps it from
 * scanning a large table to the end) and the first `rows` rows. knex writes LIMIT as each
 * dialect spells it (TOP on SQL Server).
 */
export function cappedCountQuery(db: Knex, table: string, cap: number): Knex.QueryBuilder {
  return db.count({ n: '*' }).from(db.select(db.raw('1 AS one')).from(table).limit(cap).as('capped'));
}

/** The first rows in key order (an index walk), so the same data samples alike on every database. */
export function sampleRowsQuery(db: Knex, table: string, rows: number, primaryKey: readonly string[] = []): Knex.QueryBuilder {
  const query = db.select('*').from(table).limit(rows);
  return primaryKey.length > 0 ? query.orderBy(primaryKey.map((column) => ({ column }))) : query;
}

/** A sampled cell as text; undefined for NULL and for binary values, which no heuristic reads. */
export function sampleText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return undefined;
  if (typeof value === 'object') return undefined;
  return String(value);
}

/** Distinct values of one column over the sampled rows, most frequent first, then in text order. */
export function distinctValues(rows: ReadonlyArray<Record<string, unknown>>, column: string): { samples: SampledValue[]; nulls: number; more: boolean; distinct: number } {
  const counts = new Map<string, number>();
  let nulls = 0;
  for (const row of rows) {
    const text = sampleText(row[column]);
    if (text === undefined) nulls += 1;
    else counts.set(text, (counts.get(text) ?? 0) + 1);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    samples: sorted.slice(0, SAMPLE_DISTINCT_VALUES).map(([value, count]) => ({ value, count })),
    nulls,
    more: sorted.length > SAMPLE_DISTINCT_VALUES,
    distinct: sorted.length,
  };
}
