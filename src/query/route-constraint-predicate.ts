import type { EntityMapping, SourceMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { RouteConstraint, SubSelect } from './collection-request';
import { conditionSql, ExpressionContext, expressionSql, joinsSql } from './expression-sql';
import { filterPredicate, resolveFilter } from './filter-predicate';
import { sourceFromSql } from './source-from-sql';
import { andPredicates, compose, fragment, joinFragments, Predicate, SqlFragment } from './sql-fragment';

/** Finds the mapping of another entity, for semi-joins; throws when the provider does not serve it. */
export type EntityMappings = (entity: EntityName) => EntityMapping;

const VALUE_COLUMN = 'v';
const SUBQUERY_ALIAS = 's';

/**
 * A route's constraint as one predicate over one source, folded like a filter: a subtype test
 * that a source cannot meet drops the source, and a semi-join whose other side has no live
 * source is false without asking the database.
 */
export function constraintPredicate(
  constraint: readonly RouteConstraint[],
  entity: EntityName,
  source: SourceMapping,
  context: ExpressionContext,
  mappings: EntityMappings | undefined,
): Predicate {
  return andPredicates(
    constraint.map((part) => {
      if (part.kind === 'filter') return filterPredicate(part.filter, resolveFilter(part.filter, entity), source, context);
      return semiJoinPredicate(part.field, part.select, source, context, mappings);
    }),
  );
}

function semiJoinPredicate(field: string, select: SubSelect, source: SourceMapping, context: ExpressionContext, mappings: EntityMappings | undefined): Predicate {
  const mapped = source.fields.get(field);
  // An unmapped field is NULL, and NULL is IN nothing.
  if (!mapped) return false;
  if (mapped.kind !== 'scalar' && mapped.kind !== 'ref') throw new Error(`a semi-join compares a single-valued field, not ${field}`);
  if (!mappings) throw new Error('a semi-join needs the mappings of the other entities');
  const values = subSelectSql(select, context, mappings);
  if (values === false) return false;
  const subject = expressionSql(mapped.expr, context);
  // Both sides as text: a mapping may read an id from an integer column on one side only.
  return compose(`${context.dialect.castText('$')} IN (SELECT $ FROM ($) AS $)`, subject, fragment('??', [VALUE_COLUMN]), values, fragment('??', [SUBQUERY_ALIAS]));
}

/** `SELECT v FROM source₁ … UNION ALL SELECT v FROM source₂ …`, or false when no source can match. */
export function subSelectSql(select: SubSelect, context: ExpressionContext, mappings: EntityMappings): SqlFragment | false {
  const mapping = mappings(select.entity);
  const branches: SqlFragment[] = [];
  for (const source of mapping.sources) {
    const predicate = constraintPredicate(select.constraint, select.entity, source, context, mappings);
    if (predicate === false) continue;
    branches.push(...valueBranches(select.field, source, predicate, context));
  }
  return branches.length ? joinFragments(branches, ' UNION ALL ') : false;
}

function valueBranches(field: string, source: SourceMapping, predicate: Predicate, context: ExpressionContext): SqlFragment[] {
  const mapped = source.fields.get(field);
  const value = (sql: SqlFragment) => compose(`SELECT ${context.dialect.castText('$')} AS $`, sql, fragment('??', [VALUE_COLUMN]));
  if (!mapped || mapped.kind === 'metadata' || mapped.kind === 'identifiers') return [];
  if (mapped.kind === 'scalar' || mapped.kind === 'ref') return [compose('$$', value(expressionSql(mapped.expr, context, true)), sourceFromSql(source, predicate, context))];
  const list = mapped.list;
  switch (list.kind) {
    case 'items':
      return list.items.map((item) => compose('$$', value(expressionSql(item, context, true)), sourceFromSql(source, predicate, context)));
    case 'child': {
      const link = joinFragments(list.on.map((pair) => compose('$ = $', expressionSql(pair.column, context), expressionSql(pair.parent, context))), ' AND ');
      const join = compose(' INNER JOIN $ ON $$', fragment('?? AS ??', [list.from.table, list.from.alias]), link, joinsSql(list.joins, context));
      const childWhere = list.where.map((condition) => conditionSql(condition, context));
      return [compose('$$', value(expressionSql(list.value, context, true)), sourceFromSql(source, predicate, context, join, childWhere))];
    }
    case 'split':
      throw new Error(`${field} is a delimited list in source ${source.name}; it cannot be the other side of a semi-join`);
  }
}
