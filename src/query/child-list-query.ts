import type { Knex } from 'knex';
import type { ChildListSource } from '../mapping/compiled-mapping';
import { conditionSql, ExpressionContext, expressionSql, joinsSql } from './expression-sql';
import type { OutputPlan } from './output-plan';
import { SOURCE_COLUMN } from './output-plan';
import { andPredicates, compose, fragment, joinFragments, predicateSql, SqlFragment } from './sql-fragment';

/** Rows per IN list: large enough to keep a 5,000-row page at a handful of queries. */
const MAX_KEYS_PER_QUERY = 1000;

export type QueryRunner = (query: Knex.Raw) => Promise<Array<Record<string, unknown>>>;

/** The loaded list values of one page: field → row index → values in order. */
export type PageLists = Map<string, Map<number, string[]>>;

/**
 * Loads the child-table lists (orgs, agents, terms…) of a page with one query per (field, source)
 * and per chunk of keys — never one query per row — and hands each row its values.
 */
export async function loadChildLists(
  db: Knex,
  plan: OutputPlan,
  rows: ReadonlyArray<Record<string, unknown>>,
  context: ExpressionContext,
  run: QueryRunner,
): Promise<PageLists> {
  const result: PageLists = new Map();
  for (const child of plan.childLists) {
    const byKey = new Map<string, number[]>();
    rows.forEach((row, rowIndex) => {
      if (Number(row[SOURCE_COLUMN]) !== child.source) return;
      const key = child.keyColumns.map((column) => row[column]);
      if (key.some((part) => part === null || part === undefined)) return;
      const id = keyId(key);
      const list = byKey.get(id) ?? [];
      list.push(rowIndex);
      byKey.set(id, list);
    });
    const values = result.get(child.field) ?? new Map<number, string[]>();
    result.set(child.field, values);
    const keys = [...byKey.keys()].map((id) => JSON.parse(id) as unknown[]);
    for (const chunk of chunks(keys, chunkSize(child.list, context))) {
      const found = await run(childListQuery(db, child.list, chunk, context));
      for (const row of found) {
        const value = row.__value;
        if (value === null || value === undefined || value === '') continue;
        const id = keyId(child.keyColumns.map((_, index) => row[`__parent_${index}`]));
        for (const rowIndex of byKey.get(id) ?? []) {
          const list = values.get(rowIndex) ?? [];
          list.push(String(value));
          values.set(rowIndex, list);
        }
      }
    }
  }
  return result;
}

/** The batched query for one chunk of parent keys; exported so golden SQL tests can show it. */
export function childListQuery(db: Knex, list: ChildListSource, keys: ReadonlyArray<readonly unknown[]>, context: ExpressionContext): Knex.Raw {
  const parents = list.on.map((pair, index) => compose('$ AS $', expressionSql(pair.column, context), fragment('??', [`__parent_${index}`])));
  const value = compose('$ AS $', expressionSql(list.value, context, true), fragment('??', ['__value']));
  const match = keyMatch(list, keys, context);
  const where = predicateSql(andPredicates([match, ...list.where.map((condition) => conditionSql(condition, context))]));
  const order = joinFragments([...list.on.map((pair) => expressionSql(pair.column, context)), ...(list.orderBy.length ? list.orderBy : [list.value]).map((e) => expressionSql(e, context))], ', ');
  const sql = compose('SELECT $, $ FROM $$ WHERE $ ORDER BY $', joinFragments(parents, ', '), value, fragment('?? AS ??', [list.from.table, list.from.alias]), joinsSql(list.joins, context), where, order);
  return db.raw(sql.sql, sql.bindings as Knex.RawBinding[]);
}

function keyMatch(list: ChildListSource, keys: ReadonlyArray<readonly unknown[]>, context: ExpressionContext): SqlFragment {
  if (list.on.length === 1) {
    return compose('$ IN ($)', expressionSql(list.on[0].column, context), fragment(keys.map(() => '?').join(', '), keys.map((key) => key[0])));
  }
  // Row-value IN lists are not portable (SQL Server lacks them); an OR of ANDs is.
  return compose(
    '($)',
    joinFragments(
      keys.map((key) => compose('($)', joinFragments(list.on.map((pair, index) => compose('$ = $', expressionSql(pair.column, context), fragment('?', [key[index]]))), ' AND '))),
      ' OR ',
    ),
  );
}

/** Composite keys become an OR chain, and SQLite refuses expression trees deeper than 1,000. */
const MAX_COMPOSITE_KEYS_PER_QUERY = 250;

function chunkSize(list: ChildListSource, context: ExpressionContext): number {
  const cap = list.on.length === 1 ? MAX_KEYS_PER_QUERY : MAX_COMPOSITE_KEYS_PER_QUERY;
  return Math.max(1, Math.min(cap, Math.floor((context.dialect.maxBindings - 100) / list.on.length)));
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Keys compare as text with trailing blanks dropped: CHAR(n) columns come back space-padded on some servers. */
function keyId(parts: readonly unknown[]): string {
  return JSON.stringify(parts.map((part) => (part instanceof Date ? part.toISOString() : String(part).replace(/\s+$/, ''))));
}
