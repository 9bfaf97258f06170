import type { Knex } from 'knex';
import type { EntityMapping } from '../mapping/compiled-mapping';
import type { CollectionRequest } from './collection-request';
import type { ExpressionContext } from './expression-sql';
import { filterPredicate, resolveFilter } from './filter-predicate';
import { constraintPredicate, EntityMappings } from './route-constraint-predicate';
import { OutputPlan, planOutput, selectList } from './output-plan';
import { sourceFromSql } from './source-from-sql';
import { andPredicates, compose, fragment, joinFragments, Predicate, SqlFragment } from './sql-fragment';

export interface CollectionQueries {
  readonly plan: OutputPlan;
  /** Undefined when the filter rules out every source: the answer is empty without asking the database. */
  readonly page?: Knex.QueryBuilder;
  readonly count?: Knex.Raw;
}

const UNION_ALIAS = 'e';

/**
 * Compiles a collection request into the page query and the COUNT query with the same predicate.
 * Each source is filtered on its own (so each table's indexes serve the filter), the sources are
 * UNION ALLed, and ordering and paging happen once over the union, in the database. The order
 * always ends with sourcedId so pages are stable and SQL Server's OFFSET has its ORDER BY.
 * `mappings` resolves the other entities a route's semi-joins read (one statement per query).
 */
export function buildCollectionQueries(
  db: Knex,
  mapping: EntityMapping,
  request: CollectionRequest,
  context: ExpressionContext,
  mappings?: EntityMappings,
): CollectionQueries {
  const plan = requestPlan(mapping, request, context);
  const predicates = sourcePredicates(mapping, request, context, mappings);
  const live = mapping.sources.filter((source) => predicates[source.index] !== false);
  if (live.length === 0) return { plan };

  const union = joinFragments(
    live.map((source) => compose('SELECT $$', selectList(plan, source, context), sourceFromSql(source, predicates[source.index], context))),
    ' UNION ALL ',
  );
  const order: Array<{ column: string; order: 'asc' | 'desc' }> = [];
  // A field no source maps has no column in the union: NULL on every row, so it cannot order anything.
  const sortColumn = request.sort && request.sort.field !== 'sourcedId' && plan.columns.some((column) => column.name === request.sort!.field);
  if (sortColumn) order.push({ column: `${UNION_ALIAS}.${request.sort!.field}`, order: request.sort!.direction });
  order.push({ column: `${UNION_ALIAS}.sourcedId`, order: request.sort?.field === 'sourcedId' ? request.sort.direction : 'asc' });

  const page = db
    .select(`${UNION_ALIAS}.*`)
    .from(db.raw(`(${union.sql}) as ??`, [...union.bindings, UNION_ALIAS] as Knex.RawBinding[]))
    .orderBy(order)
    .limit(request.limit)
    .offset(request.offset);

  const counted = joinFragments(
    live.map((source) => compose('SELECT 1 AS $$', fragment('??', ['one']), sourceFromSql(source, predicates[source.index], context))),
    ' UNION ALL ',
  );
  const count = db.raw(`SELECT COUNT(*) AS ?? FROM (${counted.sql}) AS ??`, ["total", ...counted.bindings, UNION_ALIAS] as Knex.RawBinding[]);
  return { plan, page, count };
}

/** The page's columns: the requested fields plus what paging itself reads (sourcedId, the sort field). */
export function requestPlan(mapping: EntityMapping, request: CollectionRequest, context: ExpressionContext): OutputPlan {
  const internalFields = request.fields ? [...new Set([...request.fields, 'sourcedId', ...(request.sort ? [request.sort.field] : [])])] : undefined;
  return planOutput(mapping, internalFields, context);
}

/** Per source: the route's constraint AND the client's filter, each its own group (false: the source cannot match). */
export function sourcePredicates(mapping: EntityMapping, request: CollectionRequest, context: ExpressionContext, mappings: EntityMappings | undefined): Predicate[] {
  const resolved = request.filter ? resolveFilter(request.filter, mapping.entity) : undefined;
  return mapping.sources.map((source) => {
    const constraint = request.constraint ? constraintPredicate(request.constraint, mapping.entity, source, context, mappings) : true;
    if (constraint === false) return false;
    return andPredicates([constraint, resolved ? filterPredicate(request.filter!, resolved, source, context) : true]);
  });
}

/** The SQL and bindings of a query as the driver receives them (for explain, golden files and tests). */
export function toNativeSql(query: Knex.QueryBuilder | Knex.Raw): SqlFragment {
  const native = query.toSQL().toNative();
  return { sql: native.sql, bindings: native.bindings };
}
