import type { EntityMapping, Expr, SourceMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { RouteConstraint, SubSelect } from './collection-request';
import { conditionSql, ExpressionContext, expressionSql, joinsSql } from './expression-sql';
import { filterPredicate, resolveFilter } from './filter-predicate';
import { sourceFromSql } from './source-from-sql';
import { andPredicates, compose, fragment, joinFragments, orPredicates, Predicate, SqlFragment } from './sql-fragment';

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
      if (part.kind === 'any') return orPredicates(part.of.map((group) => constraintPredicate(group, entity, source, context, mappings)));
      if (part.kind === 'ids') return sourcedIdInPredicate(part.ids, source, context);
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
  const branches = subSelectBranches(select, context, mappings);
  const subject = expressionSql(mapped.expr, context);
  const values = branches.filter((branch) => branch.kind === 'value').map((branch) => branch.sql);
  // Both sides as text: a mapping may read an id from an integer column on one side only.
  const inValues: Predicate = values.length
    ? compose(`${context.dialect.castText('$')} IN (SELECT $ FROM ($) AS $)`, subject, fragment('??', [VALUE_COLUMN]), joinFragments(values, ' UNION ALL '), fragment('??', [SUBQUERY_ALIAS]))
    : false;
  const separators = [...new Set(branches.flatMap((branch) => (branch.kind === 'list' ? [branch.separator] : [])))];
  const inLists = separators.map((separator) => {
    const lists = branches.filter((branch) => branch.kind === 'list' && branch.separator === separator).map((branch) => branch.sql);
    return listsContainSql(subject, joinFragments(lists, ' UNION ALL '), separator, context);
  });
  return orPredicates([inValues, ...inLists]);
}

/**
 * One select of the other side of a semi-join: single values (`SELECT v …`), or delimited lists
 * (`SELECT sep||list||sep AS v …`) that cannot become values without splitting them in SQL, which
 * the four dialects do four different ways (or not at all); they are searched with LIKE instead.
 */
type SubSelectBranch = { readonly kind: 'value'; readonly sql: SqlFragment } | { readonly kind: 'list'; readonly separator: string; readonly sql: SqlFragment };

/** The selects of every source of the other entity that can match (none: the semi-join is false). */
function subSelectBranches(select: SubSelect, context: ExpressionContext, mappings: EntityMappings): SubSelectBranch[] {
  const mapping = mappings(select.entity);
  const branches: SubSelectBranch[] = [];
  for (const source of mapping.sources) {
    const predicate = constraintPredicate(select.constraint, select.entity, source, context, mappings);
    if (predicate === false) continue;
    branches.push(...valueBranches(select.field, source, predicate, context));
  }
  return branches;
}

function valueBranches(field: string, source: SourceMapping, predicate: Predicate, context: ExpressionContext): SubSelectBranch[] {
  const mapped = source.fields.get(field);
  const value = (sql: SqlFragment) => compose(`SELECT ${context.dialect.castText('$')} AS $`, sql, fragment('??', [VALUE_COLUMN]));
  const valueBranch = (sql: SqlFragment): SubSelectBranch => ({ kind: 'value', sql });
  if (!mapped || mapped.kind === 'metadata' || mapped.kind === 'identifiers') return [];
  if (mapped.kind === 'scalar' || mapped.kind === 'ref') return [valueBranch(compose('$$', value(expressionSql(mapped.expr, context, true)), sourceFromSql(source, predicate, context)))];
  const list = mapped.list;
  switch (list.kind) {
    case 'items':
      return list.items.map((item) => valueBranch(compose('$$', value(expressionSql(item, context, true)), sourceFromSql(source, predicate, context))));
    case 'child': {
      const link = joinFragments(list.on.map((pair) => compose('$ = $', expressionSql(pair.column, context), expressionSql(pair.parent, context))), ' AND ');
      const join = compose(' INNER JOIN $ ON $$', fragment('?? AS ??', [list.from.table, list.from.alias]), link, joinsSql(list.joins, context));
      const childWhere = list.where.map((condition) => conditionSql(condition, context));
      return [valueBranch(compose('$$', value(expressionSql(list.value, context, true)), sourceFromSql(source, predicate, context, join, childWhere)))];
    }
    case 'split': {
      // `sep || list || sep`, as the filter's split predicate wraps it, so every element has a separator on both sides.
      const input = expressionSql(list.input, context, true);
      const wrapped = fragment(context.dialect.concat(['?', input.sql, '?']), [list.separator, ...input.bindings, list.separator]);
      return [{ kind: 'list', separator: list.separator, sql: compose('SELECT $ AS $$', wrapped, fragment('??', [VALUE_COLUMN]), sourceFromSql(source, predicate, context)) }];
    }
  }
}

/**
 * Mapping aliases are identifiers (`[A-Za-z_][A-Za-z0-9_$#]*`), so this one cannot hide an alias
 * of the subject's source from the correlated subquery, in any dialect's case rules.
 */
const LISTS_ALIAS = 'split-lists';
/** Characters some dialect's LIKE treats specially; `!` (the ESCAPE character) first, so escapes are not escaped again. */
const LIKE_SPECIALS = ['!', '%', '_', '['];

/**
 * `EXISTS (SELECT 1 FROM (<wrapped lists>) AS l WHERE l.v LIKE '%' || sep || subject || sep || '%' ESCAPE '!')`:
 * the subject is an element of one of the lists. The subject is SQL (a mapped expression), so its
 * LIKE wildcards are escaped in SQL with REPLACE; the separator is the mapping's text, escaped here.
 * The lists are a derived table so that their source's aliases stay inside it: the subject refers
 * to the outer source, whose aliases may be the same names.
 */
function listsContainSql(subject: SqlFragment, lists: SqlFragment, separator: string, context: ExpressionContext): SqlFragment {
  const { dialect } = context;
  // Which characters to escape is the dialect's knowledge (`[` only on SQL Server): ask it.
  const specials = LIKE_SPECIALS.filter((char) => dialect.escapeLikeValue(char) !== char);
  const escapedSubject = specials.reduce((sql, char) => `REPLACE(${sql}, '${char}', '!${char}')`, dialect.castText(subject.sql));
  const escapedSeparator = dialect.escapeLikeValue(separator);
  const pattern = fragment(dialect.concat(['?', escapedSubject, '?']), [`%${escapedSeparator}`, ...subject.bindings, `${escapedSeparator}%`]);
  const listColumn = fragment('??', [`${LISTS_ALIAS}.${VALUE_COLUMN}`]);
  return compose("EXISTS (SELECT 1 FROM ($) AS $ WHERE $ LIKE $ ESCAPE '!')", lists, fragment('??', [LISTS_ALIAS]), listColumn, pattern);
}

/** Ids per IN list, so no statement nears a server's parameter limit (SQL Server: 2100). */
const IDS_PER_LIST = 1000;

/**
 * `sourcedId IN (…)` over one source: on a `prefix-{COL}` template the prefix is stripped and the
 * column compared (an index lookup); ids that cannot come from this source are dropped.
 */
function sourcedIdInPredicate(ids: readonly string[], source: SourceMapping, context: ExpressionContext): Predicate {
  const mapped = source.fields.get('sourcedId');
  if (!mapped || mapped.kind !== 'scalar') return false;
  const key = templateKey(mapped.expr);
  const subject = key ? expressionSql(key.column, context) : expressionSql(mapped.expr, context);
  const values = key ? ids.filter((id) => id.startsWith(key.prefix) && id.endsWith(key.suffix) && id.length >= key.prefix.length + key.suffix.length).map((id) => id.slice(key.prefix.length, id.length - key.suffix.length)) : [...ids];
  if (values.length === 0) return false;
  const lists: Predicate[] = [];
  for (let start = 0; start < values.length; start += IDS_PER_LIST) {
    const chunk = values.slice(start, start + IDS_PER_LIST);
    lists.push(compose('$ IN ($)', subject, fragment(chunk.map(() => '?').join(', '), chunk)));
  }
  return orPredicates(lists);
}

/** A template with exactly one column: its literal prefix and suffix. */
function templateKey(expr: Expr): { column: Expr; prefix: string; suffix: string } | undefined {
  if (expr.kind !== 'template') return undefined;
  const columns = expr.parts.filter((part) => typeof part !== 'string');
  if (columns.length !== 1) return undefined;
  const at = expr.parts.findIndex((part) => typeof part !== 'string');
  return { column: columns[0] as Expr, prefix: expr.parts.slice(0, at).join(''), suffix: expr.parts.slice(at + 1).join('') };
}
