import type { FilterOperator } from '../filter';
import type { ChildListSource, Expr, ListSource } from '../mapping/compiled-mapping';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { ExpressionContext, expressionSql, relatedRowsExistSql } from './expression-sql';
import type { FilterLiteral } from './filter-literal';
import { formatSourceDateTime, parseSourceDateTime } from './source-time';
import { andPredicates, compose, fragment, notPredicate, orPredicates, Predicate, SqlFragment } from './sql-fragment';

const SQL_OPERATOR: Record<Exclude<FilterOperator, '~'>, string> = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/**
 * `<field> <op> <literal>` for one scalar field of one source, as SQL the database can use an
 * index for whenever the mapping allows: constants fold at compile time, value maps are inverted
 * into `code IN (…)`, `prefix-{COL}` templates into `COL = …`, and `latest` of several columns
 * into an OR of sargable comparisons. A NULL value counts as "not equal" to anything.
 */
export function scalarPredicate(expr: Expr, op: FilterOperator, literal: FilterLiteral, context: ExpressionContext): Predicate {
  switch (expr.kind) {
    case 'const':
      return satisfies(constantAsLiteral(expr.value, literal), op, literal);
    case 'map':
      return mapPredicate(expr, op, literal, context);
    case 'template': {
      const inverted = invertTemplate(expr, op, literal);
      if (inverted) return inverted === 'none' ? false : compose('$ = $', expressionSql(inverted.column, context), fragment('?', [inverted.value]));
      break;
    }
    case 'latest':
      if ((op === '>' || op === '>=') && literal.kind === 'instant') return latestAfter(expr, op, literal, context);
      break;
    default:
      break;
  }
  return genericPredicate(expressionSql(expr, context), op, literal, context);
}

function genericPredicate(subject: SqlFragment, op: FilterOperator, literal: FilterLiteral, context: ExpressionContext): Predicate {
  const value = bindingFor(literal, context);
  if (op === '~') {
    const pattern = `%${context.dialect.escapeLikeValue(String(value))}%`;
    return fragment(context.dialect.containsSql(subject.sql), [...subject.bindings, context.dialect.lowerCasesPattern ? pattern.toLowerCase() : pattern]);
  }
  if (op === '!=') return compose('$ <> $ OR $ IS NULL', subject, fragment('?', [value]), subject);
  return compose(`$ ${SQL_OPERATOR[op]} $`, subject, fragment('?', [value]));
}

function bindingFor(literal: FilterLiteral, context: ExpressionContext): unknown {
  switch (literal.kind) {
    case 'instant':
      return formatSourceDateTime(literal.value, context.timeZone);
    case 'boolean':
      return literal.value ? 1 : 0;
    default:
      return literal.value;
  }
}

/** Compares a value known at compile time (a constant, a value-map entry) the way SQL would. */
export function satisfies(value: string | number | boolean | Date | null, op: FilterOperator, literal: FilterLiteral): boolean {
  if (value === null || value === undefined) return op === '!=';
  const left = value instanceof Date ? value.getTime() : typeof value === 'boolean' ? Number(value) : value;
  const right = literal.kind === 'instant' ? literal.value.getTime() : literal.kind === 'boolean' ? Number(literal.value) : literal.value;
  if (op === '~') return String(left).toLowerCase().includes(String(right).toLowerCase());
  const a = typeof left === 'number' && typeof right === 'number' ? left : String(left);
  const b = typeof left === 'number' && typeof right === 'number' ? right : String(right);
  switch (op) {
    case '=':
      return a === b;
    case '!=':
      return a !== b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
  }
}

function constantAsLiteral(value: string | number | boolean | null, literal: FilterLiteral): string | number | boolean | Date | null {
  if (value === null) return null;
  if (literal.kind === 'instant') return parseSourceDateTime(value, 'UTC') ?? null;
  if (literal.kind === 'boolean') return typeof value === 'boolean' ? value : value === 1 || value === '1' || value === 'true';
  return typeof value === 'boolean' ? String(value) : value;
}

function mapPredicate(expr: Expr & { kind: 'map' }, op: FilterOperator, literal: FilterLiteral, context: ExpressionContext): Predicate {
  const input = expressionSql(expr.input, context);
  const codes = Object.entries(expr.values)
    .filter(([, value]) => satisfies(constantAsLiteral(value, literal), op, literal))
    .map(([code]) => code);
  const allCodes = Object.keys(expr.values);
  const matchesCodes: Predicate = codes.length ? compose('$ IN ($)', input, fragment(codes.map(() => '?').join(', '), codes)) : false;
  const defaultValue = expr.default === null ? null : constantAsLiteral(expr.default, literal);
  const matchesDefault: Predicate = satisfies(defaultValue, op, literal)
    ? compose('$ NOT IN ($) OR $ IS NULL', input, fragment(allCodes.map(() => '?').join(', '), allCodes), input)
    : false;
  return orPredicates([matchesCodes, matchesDefault]);
}

/** `sourcedId='stu-0000123'` against `stu-{S.STU_ID}` becomes `S.STU_ID = '0000123'`. */
function invertTemplate(expr: Expr & { kind: 'template' }, op: FilterOperator, literal: FilterLiteral): { column: Expr; value: string } | 'none' | undefined {
  if (op !== '=' || literal.kind !== 'text') return undefined;
  const columns = expr.parts.filter((part) => typeof part !== 'string');
  if (columns.length !== 1) return undefined;
  const at = expr.parts.findIndex((part) => typeof part !== 'string');
  const prefix = expr.parts.slice(0, at).join('');
  const suffix = expr.parts.slice(at + 1).join('');
  const text = literal.value;
  if (text.length < prefix.length + suffix.length || !text.startsWith(prefix) || !text.endsWith(suffix)) return 'none';
  return { column: columns[0] as Expr, value: text.slice(prefix.length, text.length - suffix.length) };
}

function latestAfter(expr: Expr & { kind: 'latest' }, op: '>' | '>=', literal: FilterLiteral & { kind: 'instant' }, context: ExpressionContext): Predicate {
  return orPredicates(latestAfterDisjuncts(expr, op, literal, context));
}

/**
 * `latest(a, b, …) > T` as its disjuncts `a > T`, `b > T`, … (and "all NULL" when the default is
 * after T). Each is sargable on its own column's index; a query can run them as separate branches.
 */
export function latestAfterDisjuncts(expr: Expr & { kind: 'latest' }, op: '>' | '>=', literal: FilterLiteral & { kind: 'instant' }, context: ExpressionContext): Predicate[] {
  const parts = expr.exprs.map((part) => genericPredicate(expressionSql(part, context), op, literal, context));
  const fallback = expr.default === null ? null : parseSourceDateTime(expr.default, 'UTC') ?? null;
  const allNull: Predicate = satisfies(fallback, op, literal)
    ? andPredicates(expr.exprs.map((part) => compose('$ IS NULL', expressionSql(part, context))))
    : false;
  return [...parts, allNull].filter((part) => part !== false);
}

/**
 * A predicate on a multi-valued field: true when any element matches (`!=`: when none equals).
 * Child-table lists become correlated EXISTS subqueries, so the database still does the work.
 */
export function listPredicate(list: ListSource, op: FilterOperator, literal: FilterLiteral, context: ExpressionContext): Predicate {
  switch (list.kind) {
    case 'items':
      return op === '!='
        ? andPredicates(list.items.map((item) => scalarPredicate(item, '!=', literal, context)))
        : orPredicates(list.items.map((item) => scalarPredicate(item, op, literal, context)));
    case 'split':
      return splitPredicate(list, op, literal, context);
    case 'child': {
      const any = childExists(list, op === '!=' ? '=' : op, literal, context);
      return op === '!=' ? notPredicate(any) : any;
    }
  }
}

function splitPredicate(list: ListSource & { kind: 'split' }, op: FilterOperator, literal: FilterLiteral, context: ExpressionContext): Predicate {
  const input = expressionSql(list.input, context);
  if (op === '~') return genericPredicate(input, '~', literal, context);
  if (op !== '=' && op !== '!=') throw OneRosterRequestError.invalidData(`the operator ${op} is not supported on a list field; use =, != or ~`);
  const separator = fragment('?', [list.separator]);
  const wrapped = fragment(context.dialect.concat([separator.sql, input.sql, separator.sql]), [list.separator, ...input.bindings, list.separator]);
  const pattern = `%${context.dialect.escapeLikeValue(list.separator + String(literal.value) + list.separator)}%`;
  const contains = compose("$ LIKE $ ESCAPE '!'", wrapped, fragment('?', [pattern]));
  return op === '=' ? contains : orPredicates([notPredicate(contains), compose('$ IS NULL', input)]);
}

function childExists(list: ChildListSource, op: FilterOperator, literal: FilterLiteral, context: ExpressionContext): Predicate {
  const valueMatch = scalarPredicate(list.value, op, literal, context);
  return valueMatch === false ? false : relatedRowsExistSql(list, context, valueMatch);
}
