import type { FilterExpression, FilterPredicate } from '../filter';
import type { Expr, SourceMapping } from '../mapping/compiled-mapping';
import { ENTITY_CATALOGUE, EntityName, FieldSpec } from '../oneroster/entity-catalogue';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { ExpressionContext } from './expression-sql';
import { listPredicate, satisfies, scalarPredicate } from './field-predicate';
import { FilterLiteral, parseFilterLiteral } from './filter-literal';
import { expressionSql } from './expression-sql';
import { andPredicates, compose, notPredicate, orPredicates, Predicate } from './sql-fragment';

/** A filter predicate bound to its catalogue field, checked once for the whole entity. */
interface ResolvedPredicate {
  readonly predicate: FilterPredicate;
  readonly spec: FieldSpec;
  readonly literal: FilterLiteral;
}

/**
 * Checks every field of a filter against the entity (unknown field → 400 invalid_filter_field,
 * naming it and its column) and converts every value to its field's type (bad value → 400
 * invaliddata). Done once, before any source is compiled, so the error does not depend on
 * which sources happen to map the field.
 */
export function resolveFilter(filter: FilterExpression, entity: EntityName): Map<FilterPredicate, ResolvedPredicate> {
  const resolved = new Map<FilterPredicate, ResolvedPredicate>();
  const visit = (node: FilterExpression): void => {
    if (node.kind === 'logical') return node.operands.forEach(visit);
    const spec = resolveFilterField(node, entity);
    if (node.operator === '~' && !['string', 'enum', 'ref', 'refList', 'stringList', 'identifierList'].includes(spec.type.kind)) {
      throw OneRosterRequestError.invalidData(`invalid filter at column ${node.position.column}: ~ (contains) applies to text fields, not ${node.field}`);
    }
    if (spec.type.kind === 'boolean' && !['=', '!='].includes(node.operator)) {
      throw OneRosterRequestError.invalidData(`invalid filter at column ${node.position.column}: ${node.field} is true or false; use = or !=`);
    }
    resolved.set(node, { predicate: node, spec, literal: parseFilterLiteral(valueType(spec), node) });
  };
  visit(filter);
  return resolved;
}

function resolveFilterField(predicate: FilterPredicate, entity: EntityName): FieldSpec {
  const [name, ...rest] = predicate.path;
  const spec = ENTITY_CATALOGUE[entity].fields.find((field) => field.name === name);
  const isReference = spec?.type.kind === 'ref' || spec?.type.kind === 'refList';
  const isIdentifiers = spec?.type.kind === 'identifierList';
  const subPathOk = isIdentifiers
    ? rest.length === 1 && (rest[0] === 'identifier' || rest[0] === 'type')
    : rest.length === 0 || (isReference && rest.length === 1 && rest[0] === 'sourcedId');
  if (!spec || !subPathOk || spec.type.kind === 'metadata') {
    throw new OneRosterRequestError(
      'invalid_filter_field',
      `invalid filter at column ${predicate.position.column}: unknown field '${predicate.field}' for ${entity}`,
    );
  }
  return spec;
}

/** References compare by sourcedId (text); lists compare element-wise. */
function valueType(spec: FieldSpec) {
  return ['ref', 'refList', 'stringList', 'identifierList'].includes(spec.type.kind) ? ({ kind: 'string' } as const) : spec.type;
}

/** The filter as a predicate over one source, folded where the mapping makes it constant. */
export function filterPredicate(
  filter: FilterExpression,
  resolved: Map<FilterPredicate, ResolvedPredicate>,
  source: SourceMapping,
  context: ExpressionContext,
): Predicate {
  if (filter.kind === 'logical') {
    const parts = filter.operands.map((operand) => filterPredicate(operand, resolved, source, context));
    return filter.operator === 'AND' ? andPredicates(parts) : orPredicates(parts);
  }
  const { spec, literal } = resolved.get(filter)!;
  const mapping = source.fields.get(spec.name);
  // A field this source does not map is absent (NULL) on its rows.
  if (!mapping) return satisfies(null, filter.operator, literal);
  switch (mapping.kind) {
    case 'scalar':
    case 'ref':
      return scalarPredicate(mapping.expr, filter.operator, literal, context);
    case 'list':
      return listPredicate(mapping.list, filter.operator, literal, context);
    case 'identifiers':
      return identifiersPredicate(mapping.entries, filter, literal, context);
    case 'metadata':
      return false;
  }
}

/**
 * `userIds.identifier='x'`: any mapped identifier matches (`!=`: none equals); `userIds.type='SIS'`:
 * the row has a non-NULL identifier of a type that matches, decided per type at compile time.
 */
function identifiersPredicate(entries: ReadonlyMap<string, Expr>, filter: FilterPredicate, literal: FilterLiteral, context: ExpressionContext): Predicate {
  const negate = filter.operator === '!=';
  const op = negate ? '=' : filter.operator;
  const matches = [...entries].map(([type, expr]) =>
    filter.path[1] === 'type'
      ? satisfies(type, op, literal) && compose('$ IS NOT NULL', expressionSql(expr, context))
      : scalarPredicate(expr, op, literal, context),
  );
  const any = orPredicates(matches);
  return negate ? notPredicate(any) : any;
}
