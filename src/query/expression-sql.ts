import type { Condition, ConstantValue, Expr, JoinMapping, RelatedRows, RowSource } from '../mapping/compiled-mapping';
import type { SqlDialect } from './dialects/sql-dialect';
import { formatSourceDateTime, parseSourceDateTime } from './source-time';
import { andPredicates, compose, fragment, joinFragments, Predicate, predicateSql, SqlFragment } from './sql-fragment';

export interface ExpressionContext {
  readonly dialect: SqlDialect;
  readonly timeZone: string;
}

const OPERATOR_SQL: Record<string, string> = { '=': '=', '!=': '<>', '>': '>', '>=': '>=', '<': '<', '<=': '<=' };

/**
 * Compiles a mapping expression to SQL. `inSelect` marks select-list position, where constants
 * need explicit types (UNION branches must agree and some servers cannot type a bare parameter);
 * in comparisons a bare parameter lets the server use the column's own type and its index.
 */
export function expressionSql(expr: Expr, context: ExpressionContext, inSelect = false): SqlFragment {
  const { dialect } = context;
  switch (expr.kind) {
    case 'column':
      return fragment('??', [`${expr.alias}.${expr.column}`]);
    case 'const':
      return constantSql(expr.value, context, inSelect);
    case 'template': {
      const parts = expr.parts.map((part) => (typeof part === 'string' ? constantSql(part, context, inSelect) : expressionSql(part, context)));
      return parts.length === 1 ? parts[0] : concatFragments(parts, dialect);
    }
    case 'concat': {
      const parts = expr.parts.map((part) => expressionSql(part, context));
      const separator = constantSql(expr.separator, context, inSelect);
      return compose(`CONCAT_WS(${['$', ...parts.map(() => '$')].join(', ')})`, separator, ...parts);
    }
    case 'map': {
      const input = expressionSql(expr.input, context);
      const whens = Object.entries(expr.values).map(([code, value]) =>
        compose(' WHEN $ THEN $', fragment('?', [code]), constantSql(value, context, inSelect)),
      );
      const otherwise = constantSql(expr.default, context, inSelect);
      return compose('CASE $$ ELSE $ END', input, joinFragments(whens, ''), otherwise);
    }
    case 'latest': {
      const parts = expr.exprs.map((part) => expressionSql(part, context));
      const greatest = dialect.greatest(parts);
      return expr.default === null ? greatest : compose('COALESCE($, $)', greatest, dateTimeConstantSql(expr.default, context));
    }
    case 'case': {
      const whens = expr.whens.map((branch) => compose(' WHEN $ THEN $', conditionSql(branch.when, context), expressionSql(branch.then, context, inSelect)));
      return compose('CASE$ ELSE $ END', joinFragments(whens, ''), expressionSql(expr.else, context, inSelect));
    }
    case 'coalesce':
      return compose(`COALESCE(${expr.exprs.map(() => '$').join(', ')})`, ...expr.exprs.map((part) => expressionSql(part, context, inSelect)));
    case 'fn': {
      const arg = expressionSql(expr.arg, context);
      if (expr.fn === 'trim') return fragment(dialect.trim(arg.sql), arg.bindings);
      return compose(`${expr.fn === 'lower' ? 'LOWER' : 'UPPER'}($)`, arg);
    }
    case 'is':
      return compose('CASE WHEN $ THEN 1 ELSE 0 END', conditionSql(expr.condition, context));
    case 'first':
      return firstRelatedValueSql(expr, context);
    case 'e164':
      return e164Sql(expr, context);
    default:
      return assertNever(expr);
  }
}

export function conditionSql(condition: Condition, context: ExpressionContext): SqlFragment {
  switch (condition.kind) {
    case 'compare':
      return compose(`$ ${OPERATOR_SQL[condition.op]} $`, expressionSql(condition.left, context), expressionSql(condition.right, context));
    case 'in': {
      const list = fragment(condition.values.map(() => '?').join(', '), condition.values);
      return compose(`$ ${condition.negate ? 'NOT IN' : 'IN'} ($)`, expressionSql(condition.left, context), list);
    }
    case 'isNull':
      return compose(`$ IS ${condition.negate ? 'NOT ' : ''}NULL`, expressionSql(condition.expr, context));
    case 'all':
    case 'any':
      return compose('($)', joinFragments(condition.conditions.map((inner) => compose('($)', conditionSql(inner, context))), condition.kind === 'all' ? ' AND ' : ' OR '));
    case 'not':
      return compose('NOT ($)', conditionSql(condition.condition, context));
    case 'exists':
      return relatedRowsExistSql(condition.related, context, true);
    default:
      return assertNever(condition);
  }
}

function constantSql(value: ConstantValue, context: ExpressionContext, inSelect: boolean): SqlFragment {
  if (value === null) return fragment('NULL');
  if (typeof value === 'boolean') return fragment(value ? '1' : '0');
  if (!inSelect) return fragment('?', [value]);
  if (typeof value === 'number') return fragment(Number.isInteger(value) ? context.dialect.integerParameter() : '?', [value]);
  return fragment(context.dialect.textParameter(), [value]);
}

/** A timestamp constant written in the mapping (ISO 8601), bound as wall-clock time of the source. */
export function dateTimeConstantSql(text: string, context: ExpressionContext): SqlFragment {
  const instant = parseSourceDateTime(text, 'UTC');
  if (!instant) throw new Error(`"${text}" is not an ISO 8601 date-time`);
  return fragment(context.dialect.dateTimeParameter(), [formatSourceDateTime(instant, context.timeZone)]);
}

function concatFragments(parts: readonly SqlFragment[], dialect: SqlDialect): SqlFragment {
  return fragment(dialect.concat(parts.map((part) => part.sql)), parts.flatMap((part) => part.bindings));
}

/** Rows declared in a mapping, as a derived table that the source database filters like any table. */
export function inlineRowsSql(source: RowSource & { kind: 'rows' }, context: ExpressionContext): SqlFragment {
  const selects = source.rows.map((row) =>
    joinFragments(
      row.map((value, index) => compose('$ AS $', inlineValueSql(value, context), fragment('??', [source.columns[index]]))),
      ', ',
    ),
  );
  const union = joinFragments(selects.map((select) => compose('SELECT $', select)), ' UNION ALL ');
  return compose('($) AS $', union, fragment('??', [source.alias]));
}

const DATE_TIME_TEXT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

function inlineValueSql(value: ConstantValue, context: ExpressionContext): SqlFragment {
  if (typeof value === 'string' && DATE_TIME_TEXT.test(value)) return dateTimeConstantSql(value, context);
  return constantSql(value, context, true);
}

function assertNever(value: never): never {
  throw new Error(`unhandled mapping node ${JSON.stringify(value)}`);
}

/** `EXISTS (SELECT 1 FROM related … WHERE link AND related conditions AND extra)`, correlated to the current row. */
export function relatedRowsExistSql(related: RelatedRows, context: ExpressionContext, extra: Predicate): SqlFragment {
  return compose('EXISTS (SELECT 1 FROM $)', relatedRowsSql(related, context, extra));
}

/** `related AS r … joins WHERE link AND related conditions AND extra`: the rows linked to the current row. */
function relatedRowsSql(related: RelatedRows, context: ExpressionContext, extra: Predicate = true): SqlFragment {
  const link = related.on.map((pair) => compose('$ = $', expressionSql(pair.column, context), expressionSql(pair.parent, context)));
  const where = predicateSql(andPredicates([...link, ...related.where.map((condition) => conditionSql(condition, context)), extra]));
  return compose('$$ WHERE $', fragment('?? AS ??', [related.from.table, related.from.alias]), joinsSql(related.joins, context), where);
}

const PHONE_PUNCTUATION = [' ', '-', '.', '(', ')', '/'];
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/**
 * A phone number in E.164, in portable SQL (no regular expressions): punctuation removed, then
 * `+` and 8–15 digits as written; or a national number of `nationalLength` digits (a leading
 * trunk `0` dropped) prefixed with the country code; or the country code and national number
 * without `+`. Anything else (letters, extensions, wrong length) is NULL: left out of the record,
 * and reported by `npm run doctor`.
 */
function e164Sql(expr: Expr & { kind: 'e164' }, context: ExpressionContext): SqlFragment {
  const { dialect } = context;
  const strip = (sql: SqlFragment, characters: readonly string[]) =>
    characters.reduce((inner, character) => compose('REPLACE($, $, $)', inner, fragment('?', [character]), fragment('?', [''])), sql);
  const written = compose(dialect.trim('$'), expressionSql(expr.input, context));
  const compact = strip(written, PHONE_PUNCTUATION);
  const digits = strip(compact, ['+']);
  const onlyDigits = compose('$ = $', strip(digits, DIGITS), fragment('?', ['']));
  const length = compose(dialect.textLength('$'), digits);
  const startsWith = (sql: SqlFragment, prefix: string) => compose('SUBSTRING($, 1, $) = $', sql, fragment(String(prefix.length)), fragment('?', [prefix]));
  const national = compose('SUBSTRING($, 2, $)', digits, fragment(String(expr.nationalLength)));
  const plus = (...parts: SqlFragment[]) => fragment(dialect.concat(['?', ...parts.map((part) => part.sql)]), ['+', ...parts.flatMap((part) => part.bindings)]);
  const code = fragment('?', [expr.countryCode]);
  const ccLength = expr.countryCode.length + expr.nationalLength;
  return compose(
    'CASE WHEN $ IS NULL OR NOT ($) OR $ = 0 THEN NULL' +
      ' WHEN $ THEN CASE WHEN $ BETWEEN 8 AND 15 AND NOT ($) THEN $ ELSE NULL END' +
      ` WHEN $ = ${expr.nationalLength} AND NOT ($) THEN $` +
      ` WHEN $ = ${expr.nationalLength + 1} AND $ THEN $` +
      ` WHEN $ = ${ccLength} AND $ THEN $` +
      ' ELSE NULL END',
    written, onlyDigits, length,
    startsWith(compact, '+'), length, startsWith(digits, '0'), plus(digits),
    length, startsWith(digits, '0'), plus(code, digits),
    length, startsWith(digits, '0'), plus(code, national),
    length, startsWith(digits, expr.countryCode), plus(digits),
  );
}

/** `(SELECT value FROM related … WHERE link AND conditions ORDER BY … LIMIT 1)`, correlated to the current row. */
function firstRelatedValueSql(expr: Expr & { kind: 'first' }, context: ExpressionContext): SqlFragment {
  const orderBy = expr.orderBy.length ? compose(' ORDER BY $', joinFragments(expr.orderBy.map((part) => expressionSql(part, context, true)), ', ')) : fragment('');
  const { top, limit } = context.dialect.firstRow;
  return compose(`(SELECT ${top}$ FROM $$${limit})`, expressionSql(expr.value, context, true), relatedRowsSql(expr.related, context), orderBy);
}

export function joinsSql(joins: readonly JoinMapping[], context: ExpressionContext): SqlFragment {
  return joinFragments(
    joins.map((join) =>
      compose(
        ` ${join.type === 'left' ? 'LEFT' : 'INNER'} JOIN $ ON $`,
        fragment('?? AS ??', [join.table, join.alias]),
        joinFragments(join.on.map((pair) => compose('$ = $', expressionSql(pair.column, context), expressionSql(pair.equals, context))), ' AND '),
      ),
    ),
    '',
  );
}
