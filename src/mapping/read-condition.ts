import type { ComparisonOperator, Condition, ConstantValue, Expr } from './compiled-mapping';
import { AliasScope, readColumnRef, readExpression } from './read-expression';
import { readRelatedRows } from './read-related-rows';
import type { YamlCursor } from './yaml-cursor';

const COMPARISONS: Record<string, ComparisonOperator> = { eq: '=', ne: '!=', gt: '>', gte: '>=', lt: '<', lte: '<=' };
const OPERATOR_KEYS = [...Object.keys(COMPARISONS), 'in', 'notIn', 'isNull'];

/**
 * Reads a condition: `{ column: S.DEL_FLG, eq: Y }`, `{ column: S.ENR_STAT, in: [A, W] }`,
 * `{ column: S.WDRL_DT, isNull: true }`, or `{ any: [...] }`, `{ all: [...] }`, `{ not: … }`.
 * `expr:` may replace `column:` to test a computed value. A list is read as `all`.
 * `{ exists: { table, alias, on, where } }` holds when a related row exists.
 */
export function readCondition(cursor: YamlCursor, scope: AliasScope): Condition | undefined {
  if (cursor.isSeq()) return readGroup('all', cursor, scope);
  if (!cursor.isMap()) {
    cursor.error('MAPPING_WRONG_TYPE', 'expected a condition such as { column: S.DEL_FLG, eq: Y }');
    return undefined;
  }
  for (const group of ['any', 'all'] as const) {
    if (cursor.has(group)) {
      return cursor.checkKeys([group], [group], `an "${group}" condition`) ? readGroup(group, cursor.get(group)!, scope) : undefined;
    }
  }
  if (cursor.has('exists')) {
    if (!cursor.checkKeys(['exists'], ['exists'], 'an "exists" condition')) return undefined;
    const body = cursor.get('exists')!;
    if (!body.isMap() || !body.checkKeys(['table', 'alias', 'joins', 'on', 'where'], ['table', 'alias', 'on'], 'an "exists" condition')) return undefined;
    const read = readRelatedRows(body, scope);
    return read ? { kind: 'exists', related: read.related } : undefined;
  }
  if (cursor.has('not')) {
    if (!cursor.checkKeys(['not'], ['not'], 'a "not" condition')) return undefined;
    const inner = readCondition(cursor.get('not')!, scope);
    return inner ? { kind: 'not', condition: inner } : undefined;
  }
  return readTest(cursor, scope);
}

function readGroup(kind: 'all' | 'any', cursor: YamlCursor, scope: AliasScope): Condition | undefined {
  if (!cursor.isSeq() || cursor.items().length === 0) {
    cursor.error('MAPPING_WRONG_TYPE', `${kind} takes a non-empty list of conditions`);
    return undefined;
  }
  const conditions = cursor.items().map((item) => readCondition(item, scope));
  return conditions.every((c): c is Condition => c !== undefined) ? { kind, conditions } : undefined;
}

function readTest(cursor: YamlCursor, scope: AliasScope): Condition | undefined {
  const subjectKey = cursor.has('column') ? 'column' : 'expr';
  if (!cursor.checkKeys([subjectKey, ...OPERATOR_KEYS], [subjectKey], 'a condition')) return undefined;
  const operators = cursor.keys().filter((key) => OPERATOR_KEYS.includes(key));
  if (operators.length !== 1) {
    cursor.error('MAPPING_WRONG_TYPE', `a condition has exactly one operator (${OPERATOR_KEYS.join(', ')}); found ${operators.length}`);
    return undefined;
  }
  // `column:` must name a column: `column: DEL_FLG` (alias forgotten) would otherwise compare a constant.
  const left = subjectKey === 'column' ? readColumnRef(cursor.get('column')!, scope) : readExpression(cursor.get('expr')!, scope);
  const operator = operators[0];
  const operand = cursor.get(operator)!;
  if (!left) return undefined;
  if (operator === 'isNull') {
    const value = operand.scalar();
    if (typeof value !== 'boolean') {
      operand.error('MAPPING_WRONG_TYPE', 'isNull takes true or false');
      return undefined;
    }
    return { kind: 'isNull', expr: left, negate: !value };
  }
  if (operator === 'in' || operator === 'notIn') {
    const values = readConstantList(operand);
    return values ? { kind: 'in', left, values, negate: operator === 'notIn' } : undefined;
  }
  const right: Expr | undefined = readExpression(operand, scope);
  return right ? { kind: 'compare', left, op: COMPARISONS[operator], right } : undefined;
}

function readConstantList(cursor: YamlCursor): ConstantValue[] | undefined {
  if (!cursor.isSeq() || cursor.items().length === 0) {
    cursor.error('MAPPING_WRONG_TYPE', 'in / notIn take a non-empty list of constants');
    return undefined;
  }
  const values: ConstantValue[] = [];
  for (const item of cursor.items()) {
    const value = item.scalar();
    if (!item.isScalar() || value === null || typeof value === 'object') {
      item.error('MAPPING_WRONG_TYPE', 'in / notIn list items must be constants');
      return undefined;
    }
    values.push(value as ConstantValue);
  }
  return values;
}
