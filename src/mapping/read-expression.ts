import { readRelatedValue } from './read-related-rows';
import type { ColumnRef, ConstantValue, Expr } from './compiled-mapping';
import { readCondition } from './read-condition';
import type { YamlCursor } from './yaml-cursor';

/** The aliases an expression may refer to at its place in a source (table alias, earlier joins). */
export type AliasScope = ReadonlySet<string>;

const COLUMN_REF = /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_$#]*)$/;

export const EXPRESSION_KEYS = ['column', 'value', 'template', 'concat', 'map', 'latest', 'case', 'coalesce', 'trim', 'lower', 'upper', 'is', 'first', 'e164'] as const;

/** Keys that may accompany an expression key (`map` takes `values` and `default`, …). */
const COMPANION_KEYS: Record<string, readonly string[]> = {
  concat: ['separator'],
  map: ['values', 'default'],
  latest: ['default'],
  case: ['else'],
  e164: ['countryCode', 'nationalLength'],
};

/**
 * Reads one expression. A plain text `ALIAS.COLUMN` whose alias is in scope is a column; any
 * other text, number or boolean is a constant. An unknown alias is reported rather than silently
 * becoming text, because a typo there would otherwise serve the literal string to every consumer.
 */
export function readExpression(cursor: YamlCursor, scope: AliasScope): Expr | undefined {
  if (cursor.isScalar()) return readScalarExpression(cursor, scope);
  if (cursor.isSeq()) {
    cursor.error('MAPPING_WRONG_TYPE', 'a list is not allowed here; expected one value or expression');
    return undefined;
  }
  const keys = cursor.keys();
  const kind = keys.filter((key) => (EXPRESSION_KEYS as readonly string[]).includes(key));
  if (kind.length !== 1) {
    cursor.error(
      'MAPPING_WRONG_TYPE',
      kind.length === 0
        ? `expected an expression: ALIAS.COLUMN, a constant, or an object with one of ${EXPRESSION_KEYS.join(', ')}${unknownKeysNote(keys)}`
        : `an expression has exactly one of ${EXPRESSION_KEYS.join(', ')}; found ${kind.join(' and ')}`,
    );
    return undefined;
  }
  const key = kind[0];
  if (!cursor.checkKeys([key, ...(COMPANION_KEYS[key] ?? [])], [], `a "${key}" expression`)) return undefined;
  const body = cursor.get(key)!;
  switch (key) {
    case 'column':
      return readColumnRef(body, scope);
    case 'value':
      return body.isScalar() ? { kind: 'const', value: body.scalar() as ConstantValue } : (body.error('MAPPING_WRONG_TYPE', 'value must be a constant'), undefined);
    case 'template':
      return readTemplate(body, scope);
    case 'concat': {
      const parts = readExpressionList(body, scope, 'concat');
      const separator = cursor.get('separator');
      const text = separator ? separator.string('separator') : '';
      return parts && text !== undefined ? { kind: 'concat', parts, separator: text } : undefined;
    }
    case 'map':
      return readValueMap(cursor, body, scope);
    case 'latest': {
      const exprs = readExpressionList(body, scope, 'latest');
      const fallback = cursor.get('default');
      const text = fallback ? fallback.string('default') : null;
      return exprs && text !== undefined ? { kind: 'latest', exprs, default: text } : undefined;
    }
    case 'case':
      return readCase(cursor, body, scope);
    case 'coalesce': {
      const exprs = readExpressionList(body, scope, 'coalesce');
      return exprs ? { kind: 'coalesce', exprs } : undefined;
    }
    case 'trim':
    case 'lower':
    case 'upper': {
      const arg = readExpression(body, scope);
      return arg ? { kind: 'fn', fn: key, arg } : undefined;
    }
    case 'first':
      return readFirst(body, scope);
    case 'e164':
      return readE164(cursor, body, scope);
    case 'is': {
      const condition = readCondition(body, scope);
      return condition ? { kind: 'is', condition } : undefined;
    }
    default:
      return undefined;
  }
}

function readScalarExpression(cursor: YamlCursor, scope: AliasScope): Expr | undefined {
  const value = cursor.scalar();
  if (typeof value === 'string') {
    const match = COLUMN_REF.exec(value);
    if (match) return resolveColumn(cursor, match[1], match[2], scope);
  }
  if (value !== null && typeof value === 'object') {
    cursor.error('MAPPING_WRONG_TYPE', 'expected a constant or ALIAS.COLUMN');
    return undefined;
  }
  return { kind: 'const', value: value as ConstantValue };
}

export function readColumnRef(cursor: YamlCursor, scope: AliasScope): ColumnRef | undefined {
  const text = cursor.string('a column');
  if (text === undefined) return undefined;
  const match = COLUMN_REF.exec(text);
  if (!match) {
    cursor.error('MAPPING_INVALID_NAME', `"${text}" is not a column reference; write ALIAS.COLUMN, e.g. S.LST_NM`);
    return undefined;
  }
  return resolveColumn(cursor, match[1], match[2], scope);
}

function resolveColumn(cursor: YamlCursor, alias: string, column: string, scope: AliasScope): ColumnRef | undefined {
  if (!scope.has(alias)) {
    cursor.error(
      'MAPPING_UNKNOWN_ALIAS',
      `unknown alias "${alias}" in "${alias}.${column}" (aliases here: ${[...scope].join(', ') || 'none'}); to use the text itself write { value: '${alias}.${column}' }`,
    );
    return undefined;
  }
  return { kind: 'column', alias, column, at: cursor.location };
}

export function readExpressionList(cursor: YamlCursor, scope: AliasScope, what: string): Expr[] | undefined {
  if (!cursor.isSeq() || cursor.items().length === 0) {
    cursor.error('MAPPING_WRONG_TYPE', `${what} takes a non-empty list of expressions`);
    return undefined;
  }
  const exprs = cursor.items().map((item) => readExpression(item, scope));
  return exprs.every((expr): expr is Expr => expr !== undefined) ? exprs : undefined;
}

function readTemplate(cursor: YamlCursor, scope: AliasScope): Expr | undefined {
  const text = cursor.string('template');
  if (text === undefined) return undefined;
  const parts: Array<string | Expr> = [];
  let literal = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if ((char === '{' || char === '}') && text[i + 1] === char) {
      literal += char;
      i++;
    } else if (char === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) {
        cursor.error('MAPPING_TEMPLATE', `unclosed "{" at character ${i + 1} of template "${text}" (write {{ for a literal brace)`);
        return undefined;
      }
      const reference = text.slice(i + 1, end).trim();
      const match = COLUMN_REF.exec(reference);
      if (!match) {
        cursor.error('MAPPING_TEMPLATE', `"{${reference}}" in template "${text}" must name a column as {ALIAS.COLUMN}`);
        return undefined;
      }
      const column = resolveColumn(cursor, match[1], match[2], scope);
      if (!column) return undefined;
      if (literal) parts.push(literal);
      literal = '';
      parts.push(column);
      i = end;
    } else if (char === '}') {
      cursor.error('MAPPING_TEMPLATE', `unmatched "}" at character ${i + 1} of template "${text}" (write }} for a literal brace)`);
      return undefined;
    } else {
      literal += char;
    }
  }
  if (literal) parts.push(literal);
  return { kind: 'template', parts };
}

function readValueMap(cursor: YamlCursor, body: YamlCursor, scope: AliasScope): Expr | undefined {
  const input = readExpression(body, scope);
  const valuesCursor = cursor.get('values');
  if (!valuesCursor || !valuesCursor.isMap()) {
    (valuesCursor ?? cursor).error('MAPPING_MISSING_KEY', 'a "map" expression needs "values": an object from source codes to OneRoster values');
    return undefined;
  }
  const values: Record<string, string> = {};
  for (const [code, target] of valuesCursor.entries()) {
    const value = target.scalar();
    if (!target.isScalar() || value === null || typeof value === 'object') {
      target.error('MAPPING_WRONG_TYPE', `the value for code "${code}" must be a constant`);
      return undefined;
    }
    values[code] = String(value);
  }
  const fallback = cursor.get('default');
  if (fallback && !fallback.isScalar()) {
    fallback.error('MAPPING_WRONG_TYPE', 'the default of a "map" expression must be a constant');
    return undefined;
  }
  const defaultValue = fallback ? fallback.scalar() : null;
  return input ? { kind: 'map', input, values, default: defaultValue === null ? null : String(defaultValue) } : undefined;
}

function readCase(cursor: YamlCursor, body: YamlCursor, scope: AliasScope): Expr | undefined {
  if (!body.isSeq() || body.items().length === 0) {
    body.error('MAPPING_WRONG_TYPE', 'case takes a non-empty list of { when: <condition>, then: <expression> }');
    return undefined;
  }
  const whens = body.items().map((item) => {
    if (!item.isMap() || !item.checkKeys(['when', 'then'], ['when', 'then'], 'a case branch')) return undefined;
    const when = readCondition(item.get('when')!, scope);
    const then = readExpression(item.get('then')!, scope);
    return when && then ? { when, then } : undefined;
  });
  const elseCursor = cursor.get('else');
  const otherwise = elseCursor ? readExpression(elseCursor, scope) : { kind: 'const' as const, value: null };
  if (!otherwise || whens.some((when) => when === undefined)) return undefined;
  return { kind: 'case', whens: whens as Array<{ when: never; then: Expr }>, else: otherwise };
}

/**
 * `{ e164: C.HOME_PHN, countryCode: 1, nationalLength: 10 }`: the number in E.164. The country
 * calling code is the mapping's default for numbers written without one; nationalLength (10 for
 * countryCode 1) is how many digits such a national number has.
 */
function readE164(cursor: YamlCursor, body: YamlCursor, scope: AliasScope): Expr | undefined {
  const input = readExpression(body, scope);
  const codeCursor = cursor.get('countryCode');
  const code = codeCursor?.scalar();
  if (!codeCursor || !/^[1-9]\d{0,2}$/.test(String(code ?? ''))) {
    (codeCursor ?? cursor).error('MAPPING_MISSING_KEY', 'an "e164" expression needs countryCode: the default country calling code, 1 to 3 digits (1 for the US and Canada, 44 for the UK)');
    return undefined;
  }
  const lengthCursor = cursor.get('nationalLength');
  const length = lengthCursor ? Number(lengthCursor.scalar()) : String(code) === '1' ? 10 : NaN;
  if (!Number.isInteger(length) || length < 4 || length + String(code).length > 15) {
    (lengthCursor ?? cursor).error('MAPPING_MISSING_KEY', 'an "e164" expression needs nationalLength (digits of a national number without the trunk 0, 4 to 14) unless countryCode is 1');
    return undefined;
  }
  return input ? { kind: 'e164', input, countryCode: String(code), nationalLength: length } : undefined;
}

/** `{ first: { table, alias, joins, on, where, value, orderBy } }`: one value from related rows. */
function readFirst(body: YamlCursor, scope: AliasScope): Expr | undefined {
  const read = readRelatedValue(body, scope, 'a "first" expression');
  return read ? { kind: 'first', ...read } : undefined;
}

function unknownKeysNote(keys: string[]): string {
  return keys.length ? `; found ${keys.map((key) => `"${key}"`).join(', ')}` : '';
}
