import type { Condition, Expr, RelatedRows } from './compiled-mapping';
import { readCondition } from './read-condition';
import { AliasScope, readColumnRef, readExpression, readExpressionList } from './read-expression';
import { readAlias, readJoins, readTableName } from './read-source';
import type { YamlCursor } from './yaml-cursor';

/**
 * Reads `table`, `alias`, `joins`, `on` and `where` of rows related to the current row — the
 * shared part of a child-table list and an `exists` condition. The related rows have their own
 * aliases; only the right-hand side of `on` is read in the enclosing scope.
 */
export function readRelatedRows(cursor: YamlCursor, parentScope: AliasScope): { related: RelatedRows; aliases: Set<string> } | undefined {
  const table = readTableName(cursor.get('table')!);
  const alias = readAlias(cursor.get('alias')!);
  if (table === undefined || alias === undefined) return undefined;
  if (parentScope.has(alias)) {
    cursor.get('alias')!.error('MAPPING_DUPLICATE_ALIAS', `alias "${alias}" is already used by the source; pick another for the related table`);
    return undefined;
  }
  const aliases = new Set<string>([alias]);
  const joins = readJoins(cursor.get('joins'), aliases);
  const onCursor = cursor.get('on')!;
  if (!onCursor.isMap() || onCursor.keys().length === 0) {
    onCursor.error('MAPPING_WRONG_TYPE', `on takes an object like { ${alias}.PARENT_ID: S.ID } linking the related rows to the source row`);
    return undefined;
  }
  const on: Array<RelatedRows['on'][number]> = [];
  for (const [key, value] of onCursor.entries()) {
    const column = readColumnRef(onCursor.keyCursor(key), aliases);
    const parent = readExpression(value, parentScope);
    if (!column || !parent) return undefined;
    on.push({ column, parent });
  }
  const whereCursor = cursor.get('where');
  const where = whereCursor ? whereCursor.items().map((item) => readCondition(item, aliases)) : [];
  if (whereCursor && !whereCursor.isSeq()) {
    whereCursor.error('MAPPING_WRONG_TYPE', 'where takes a list of conditions (all must hold)');
    return undefined;
  }
  if (!joins || where.some((condition) => !condition)) return undefined;
  return {
    related: { from: { kind: 'table', table, alias, at: cursor.get('table')!.location }, joins, on, where: where as Condition[] },
    aliases,
  };
}

/** The keys of related rows that yield a value: a child-table list, a `first` expression. */
export const RELATED_VALUE_KEYS = ['table', 'alias', 'joins', 'on', 'where', 'value', 'orderBy'] as const;

/**
 * `{ table, alias, joins, on, where, value, orderBy }`: related rows, the value each gives and
 * their order, as both a child-table list and a `first` expression read them. `what` names the
 * construct in diagnostics.
 */
export function readRelatedValue(cursor: YamlCursor, parentScope: AliasScope, what: string): { related: RelatedRows; value: Expr; orderBy: Expr[] } | undefined {
  if (!cursor.isMap() || !cursor.checkKeys(RELATED_VALUE_KEYS, ['table', 'alias', 'on', 'value'], what)) return undefined;
  const read = readRelatedRows(cursor, parentScope);
  if (!read) return undefined;
  const value = readExpression(cursor.get('value')!, read.aliases);
  const orderCursor = cursor.get('orderBy');
  const orderBy = orderCursor ? (orderCursor.isSeq() ? readExpressionList(orderCursor, read.aliases, 'orderBy') : [readExpression(orderCursor, read.aliases)]) : [];
  if (!value || !orderBy || orderBy.some((expr) => !expr)) return undefined;
  return { related: read.related, value, orderBy: orderBy as Expr[] };
}
