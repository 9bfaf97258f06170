import type { FilterExpression, FilterPredicate } from '../filter';
import type { SourceMapping } from '../mapping/compiled-mapping';
import type { CollectionRequest } from './collection-request';
import type { ExpressionContext } from './expression-sql';
import { latestAfterDisjuncts } from './field-predicate';
import { parseFilterLiteral } from './filter-literal';
import { andPredicates, compose, Predicate } from './sql-fragment';

/**
 * A delta (`dateLastModified > T`, alone or ANDed at the top of the filter, as SDS sends it) on a
 * source whose dateLastModified is the latest of several columns, often of several joined tables
 * (an enrollment changes with its section and its student). As one OR across tables no database
 * can use an index: it reads the whole join. Split into one branch per column — `a > T`, then
 * `b > T AND NOT a > T`, … — each branch is a range on its own column's index and the branches
 * are disjoint, so their UNION ALL is exactly the delta, read from indexes.
 *
 * Undefined when the request is no such delta or the source's dateLastModified has one column.
 */
export function deltaBranches(source: SourceMapping, request: CollectionRequest, context: ExpressionContext): Predicate[] | undefined {
  const delta = deltaConjunct(request.filter);
  const field = source.fields.get('dateLastModified');
  if (!delta || field?.kind !== 'scalar' || field.expr.kind !== 'latest') return undefined;
  const literal = parseFilterLiteral({ kind: 'datetime' }, delta);
  if (literal.kind !== 'instant') return undefined;
  const disjuncts = latestAfterDisjuncts(field.expr, delta.operator as '>' | '>=', literal, context);
  if (disjuncts.length < 2) return undefined;
  return disjuncts.map((disjunct, index) => andPredicates([disjunct, ...disjuncts.slice(0, index).map(notTrue)]));
}

/**
 * Whether the request selects few records through an index of its own (a delta, or ids the
 * change-tracking store chose): the database should plan it freely rather than walk the base
 * table in key order.
 */
export function selectsThroughIndex(request: CollectionRequest): boolean {
  return deltaConjunct(request.filter) !== undefined || (request.constraint ?? []).some((constraint) => constraint.kind === 'ids');
}

function deltaConjunct(filter: FilterExpression | undefined): FilterPredicate | undefined {
  if (!filter) return undefined;
  const conjuncts = filter.kind === 'logical' && filter.operator === 'AND' ? filter.operands : [filter];
  return conjuncts.find(
    (node): node is FilterPredicate => node.kind === 'predicate' && node.path.length === 1 && node.path[0] === 'dateLastModified' && (node.operator === '>' || node.operator === '>='),
  );
}

/** NOT that counts NULL as "not true" (a plain NOT would drop rows where the column is NULL from every branch). */
function notTrue(predicate: Predicate): Predicate {
  if (predicate === true) return false;
  if (predicate === false) return true;
  return compose('(CASE WHEN $ THEN 1 ELSE 0 END) = 0', predicate);
}
