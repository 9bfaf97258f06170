import type { ChildListSource, Expr, ListSource } from './compiled-mapping';
import { AliasScope, readExpression, readExpressionList } from './read-expression';
import { readRelatedRows } from './read-related-rows';
import type { YamlCursor } from './yaml-cursor';

const CHILD_KEYS = ['table', 'alias', 'joins', 'on', 'where', 'value', 'orderBy'] as const;

/**
 * Reads a multi-valued field (orgs, agents, terms, grades…):
 * - a YAML list of expressions evaluated on the row itself: `[ { template: "sch-{S.SCH_CD}" } ]`;
 * - a delimited column: `{ split: C.GRD_LVLS, separator: ';' }`;
 * - a child table read in one batched query per page:
 *   `{ table: STU_CNTCT, alias: L, on: { L.STU_ID: S.STU_ID }, value: { template: "con-{L.CNTCT_ID}" } }`.
 */
export function readList(cursor: YamlCursor, scope: AliasScope): ListSource | undefined {
  if (cursor.isSeq()) {
    const items = readExpressionList(cursor, scope, 'a list field');
    return items ? { kind: 'items', items } : undefined;
  }
  if (cursor.isMap() && cursor.has('split')) {
    if (!cursor.checkKeys(['split', 'separator'], ['split', 'separator'], 'a split list')) return undefined;
    const input = readExpression(cursor.get('split')!, scope);
    const separator = cursor.get('separator')!.string('separator');
    if (separator === '') cursor.get('separator')!.error('MAPPING_WRONG_TYPE', 'separator must not be empty');
    return input && separator ? { kind: 'split', input, separator } : undefined;
  }
  if (cursor.isMap() && cursor.has('table')) return readChildList(cursor, scope);
  const single = readExpression(cursor, scope);
  return single ? { kind: 'items', items: [single] } : undefined;
}

function readChildList(cursor: YamlCursor, parentScope: AliasScope): ChildListSource | undefined {
  if (!cursor.checkKeys(CHILD_KEYS, ['table', 'alias', 'on', 'value'], 'a child-table list')) return undefined;
  const read = readRelatedRows(cursor, parentScope);
  if (!read) return undefined;
  const value = readExpression(cursor.get('value')!, read.aliases);
  const orderCursor = cursor.get('orderBy');
  const orderBy = orderCursor ? (orderCursor.isSeq() ? readExpressionList(orderCursor, read.aliases, 'orderBy') : [readExpression(orderCursor, read.aliases)]) : [];
  if (!value || !orderBy || orderBy.some((e) => !e)) return undefined;
  return { kind: 'child', ...read.related, value, orderBy: orderBy as Expr[] };
}
