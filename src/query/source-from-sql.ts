import type { SourceMapping } from '../mapping/compiled-mapping';
import { conditionSql, ExpressionContext, inlineRowsSql, joinsSql } from './expression-sql';
import { andPredicates, compose, fragment, Predicate, predicateSql, SqlFragment } from './sql-fragment';

/**
 * `FROM … JOIN … WHERE <mapping conditions AND request predicate>` for one source. `extraJoins`
 * (after the source's own) and `extraConditions` serve semi-joins that read a child-table list.
 */
export function sourceFromSql(
  source: SourceMapping,
  requestPredicate: Predicate,
  context: ExpressionContext,
  extraJoins: SqlFragment = fragment(''),
  extraConditions: readonly Predicate[] = [],
): SqlFragment {
  const from = source.from.kind === 'table' ? fragment('?? AS ??', [source.from.table, source.from.alias]) : inlineRowsSql(source.from, context);
  const mappingConditions = source.where.map((condition) => conditionSql(condition, context));
  // The mapping's own conditions and the client's filter are separate groups, so no OR in a
  // filter can reach rows the mapping excludes.
  const where = predicateSql(andPredicates([...mappingConditions, ...extraConditions, requestPredicate === true ? true : requestPredicate]));
  return compose(' FROM $$$ WHERE $', from, joinsSql(source.joins, context), extraJoins, where);
}
