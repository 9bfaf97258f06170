import type { ChildListSource, Condition, Expr, ListSource } from './compiled-mapping';
import { readCondition } from './read-condition';
import { AliasScope, readColumnRef, readExpression, readExpressionList } from './read-expression';
import { readAlias, readJoins, readTableName } from './read-source';
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
  const table = readTableName(cursor.get('table')!);
  const alias = readAlias(cursor.get('alias')!);
  if (table === undefined || alias === undefined) return undefined;
  if (parentScope.has(alias)) {
    cursor.get('alias')!.error('MAPPING_DUPLICATE_ALIAS', `alias "${alias}" is already used by the source; pick another for the child table`);
    return undefined;
  }
  const childAliases = new Set<string>([alias]);
  const joins = readJoins(cursor.get('joins'), childAliases);
  const onCursor = cursor.get('on')!;
  if (!onCursor.isMap() || onCursor.keys().length === 0) {
    onCursor.error('MAPPING_WRONG_TYPE', `on takes an object like { ${alias}.PARENT_ID: S.ID } linking child rows to the source row`);
    return undefined;
  }
  const on: Array<ChildListSource['on'][number]> = [];
  for (const [key, value] of onCursor.entries()) {
    const column = readColumnRef(onCursor.keyCursor(key), childAliases);
    const parent = readExpression(value, parentScope);
    if (!column || !parent) return undefined;
    on.push({ column, parent });
  }
  const whereCursor = cursor.get('where');
  const where = whereCursor ? whereCursor.items().map((item) => readCondition(item, childAliases)) : [];
  if (whereCursor && !whereCursor.isSeq()) whereCursor.error('MAPPING_WRONG_TYPE', 'where takes a list of conditions (all must hold)');
  const value = readExpression(cursor.get('value')!, childAliases);
  const orderCursor = cursor.get('orderBy');
  const orderBy = orderCursor ? (orderCursor.isSeq() ? readExpressionList(orderCursor, childAliases, 'orderBy') : [readExpression(orderCursor, childAliases)]) : [];
  if (!joins || !value || !orderBy || orderBy.some((e) => !e) || where.some((c) => !c) || (whereCursor && !whereCursor.isSeq())) return undefined;
  return {
    kind: 'child',
    from: { kind: 'table', table, alias, at: cursor.get('table')!.location },
    joins,
    on,
    where: where as Condition[],
    value,
    orderBy: orderBy as Expr[],
  };
}
