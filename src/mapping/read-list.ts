import type { ChildListSource, ListSource } from './compiled-mapping';
import { AliasScope, readExpression, readExpressionList } from './read-expression';
import { readRelatedValue } from './read-related-rows';
import type { YamlCursor } from './yaml-cursor';

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
  const read = readRelatedValue(cursor, parentScope, 'a child-table list');
  return read ? { kind: 'child', ...read.related, value: read.value, orderBy: read.orderBy } : undefined;
}
