import type { Knex } from 'knex';
import type { ColumnRef, EntityMapping, SourceMapping } from '../mapping/compiled-mapping';
import { requestPlan, sourcePredicates } from './build-collection-query';
import type { CollectionRequest } from './collection-request';
import { deltaBranches, selectsThroughIndex } from './delta-branches';
import { ExpressionContext, expressionSql } from './expression-sql';
import { OutputPlan, selectList } from './output-plan';
import { sourcePagingKey } from './paging-key';
import type { EntityMappings } from './route-constraint-predicate';
import { sourceFromSql } from './source-from-sql';
import { andPredicates, compose, fragment, joinFragments, Predicate, SqlFragment } from './sql-fragment';

/** Where a source's page starts: after the last key a previous page ended on, or at an offset into the source. */
export interface SourcePosition {
  readonly after?: readonly unknown[];
  readonly offset: number;
}

export interface KeyedSource {
  /** The source's index in the mapping (the rows' __source). */
  readonly index: number;
  /** Result columns holding the paging key, in key order (the last row's values continue the walk). */
  readonly keyColumns: readonly string[];
  page(position: SourcePosition, limit: number): Knex.Raw;
}

export interface KeyedPageQueries {
  readonly plan: OutputPlan;
  /** The sources that can match, in mapping order: the default order is source by source, each by its key. */
  readonly sources: readonly KeyedSource[];
  /** One row per source in `sources`: `{ __source, total }`. Undefined when no source can match. */
  readonly counts?: Knex.Raw;
}

const KEY_PREFIX = '__pk_';
const BRANCHES_ALIAS = 'b';

/**
 * The default order (no `sort`) as queries the database answers from its indexes: records come
 * source by source (students, then staff, …), each source ordered by its paging key (the
 * columns its sourcedId is built from). A page is one query per source it spans, each a range
 * seek `key > last key` when the previous page's last key is known, or `OFFSET` into that source
 * when the client jumps; never a sort of the whole UNION. Filters, route constraints and the
 * mapping's own conditions are exactly those of buildCollectionQueries.
 *
 * Undefined when the request sorts by a field, or a source has no paging key: then the UNION
 * query of buildCollectionQueries serves it.
 */
export function buildKeyedPageQueries(
  db: Knex,
  mapping: EntityMapping,
  request: CollectionRequest,
  context: ExpressionContext,
  mappings?: EntityMappings,
): KeyedPageQueries | undefined {
  if (request.sort) return undefined;
  const keys = mapping.sources.map(sourcePagingKey);
  if (keys.some((key) => key === undefined)) return undefined;
  const plan = requestPlan(mapping, request, context);
  const predicates = sourcePredicates(mapping, request, context, mappings);
  const live = mapping.sources.filter((source) => predicates[source.index] !== false);
  if (live.length === 0) return { plan, sources: [] };

  // A walk reads the base table in key order; a delta or an id list is better planned by the database.
  const select = selectsThroughIndex(request) ? 'SELECT' : context.dialect.keyOrderedSelect;
  const sources = live.map((source): KeyedSource => {
    const key = keys[source.index]!;
    const keyColumns = key.map((_, position) => `${KEY_PREFIX}${position}`);
    const keySelect = joinFragments(
      key.map((column, position) => compose('$ AS $', expressionSql(column, context), fragment('??', [keyColumns[position]]))),
      ', ',
    );
    const branches = deltaBranches(source, request, context);
    return {
      index: source.index,
      keyColumns,
      page: (position, limit) => {
        const predicate = andPredicates([predicates[source.index], position.after ? keysetAfter(key, position.after, context) : true]);
        const page = context.dialect.pageClause(limit, position.after ? 0 : position.offset);
        const columns = compose('$, $', selectList(plan, source, context), keySelect);
        let sql: SqlFragment;
        if (branches) {
          const union = joinFragments(
            branches.map((branch) => compose('SELECT $$', columns, sourceFromSql(source, andPredicates([predicate, branch]), context))),
            ' UNION ALL ',
          );
          const order = fragment(keyColumns.map(() => '??').join(', '), keyColumns.map((column) => `${BRANCHES_ALIAS}.${column}`));
          sql = compose('SELECT * FROM ($) AS $ ORDER BY $$', union, fragment('??', [BRANCHES_ALIAS]), order, page);
        } else {
          const order = joinFragments(key.map((column) => expressionSql(column, context)), ', ');
          sql = compose(`${select} $$ ORDER BY $$`, columns, sourceFromSql(source, predicate, context), order, page);
        }
        return db.raw(sql.sql, sql.bindings as Knex.RawBinding[]);
      },
    };
  });
  const counted = joinFragments(live.map((source) => sourceCount(source, predicates[source.index], deltaBranches(source, request, context), context)), ' UNION ALL ');
  return { plan, sources, counts: db.raw(counted.sql, counted.bindings as Knex.RawBinding[]) };
}

/** `SELECT <index> AS __source, COUNT(*) AS total …` for one source (over its delta branches when split). */
function sourceCount(source: SourceMapping, predicate: Predicate, branches: Predicate[] | undefined, context: ExpressionContext): SqlFragment {
  const head = compose(`SELECT ${source.index} AS $, COUNT(*) AS $`, fragment('??', ['__source']), fragment('??', ['total']));
  if (!branches) return compose('$$', head, sourceFromSql(source, predicate, context));
  const union = joinFragments(
    branches.map((branch) => compose('SELECT 1 AS $$', fragment('??', ['one']), sourceFromSql(source, andPredicates([predicate, branch]), context))),
    ' UNION ALL ',
  );
  return compose('$ FROM ($) AS $', head, union, fragment('??', [BRANCHES_ALIAS]));
}

/**
 * `key > after` over several columns, spelled so that the server can seek with it: a row-value
 * comparison where the dialect seeks those, else a leading `k1 >= v1` any range optimizer uses
 * and the lexicographic comparison as ORs (SQL Server has no row values, and MariaDB does not
 * turn them into index ranges).
 */
export function keysetAfter(key: readonly ColumnRef[], after: readonly unknown[], context: ExpressionContext): Predicate {
  const columns = key.map((column) => expressionSql(column, context));
  const value = (position: number) => fragment('?', [after[position]]);
  if (key.length > 1 && context.dialect.seeksRowValues) {
    return compose('($) > ($)', joinFragments(columns, ', '), joinFragments(key.map((_, position) => value(position)), ', '));
  }
  let tail: SqlFragment = compose('$ > $', columns[key.length - 1], value(key.length - 1));
  for (let position = key.length - 2; position >= 0; position--) {
    tail = compose('$ > $ OR ($ = $ AND ($))', columns[position], value(position), columns[position], value(position), tail);
  }
  return key.length === 1 ? tail : compose('$ >= $ AND ($)', columns[0], value(0), tail);
}
