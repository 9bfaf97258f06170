import { Condition, ConstantValue, EntityMapping, EntityTracking, JoinMapping, NO_TRACKING, RowSource, SourceMapping } from './compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { readCondition } from './read-condition';
import { AliasScope, readColumnRef, readExpression } from './read-expression';
import { readFields } from './read-field';
import type { YamlCursor } from './yaml-cursor';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$#]*$/;
/** Table names may be schema-qualified (`dbo.STU_MSTR`, `sis.students`). */
const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_$#]*(\.[A-Za-z_][A-Za-z0-9_$#]*)?$/;

export const SOURCE_KEYS = ['name', 'description', 'table', 'alias', 'rows', 'joins', 'where', 'fields'] as const;

/** Reads one `sources[]` entry: its FROM (table or declared rows), joins, conditions and fields. */
export function readSource(cursor: YamlCursor, entity: EntityName, index: number, tracking: EntityTracking = NO_TRACKING): SourceMapping | undefined {
  if (!cursor.isMap()) {
    cursor.error('MAPPING_WRONG_TYPE', 'each source must be an object with name, table (or rows), alias and fields');
    return undefined;
  }
  if (!cursor.checkKeys(SOURCE_KEYS, ['name', 'alias', 'fields'], 'a source')) return undefined;
  const name = cursor.get('name')!.string('name');
  if (name === '') cursor.get('name')!.error('MAPPING_INVALID_NAME', 'a source name must not be empty');
  const from = readFrom(cursor);
  if (!name || !from) return undefined;

  const aliases = new Set<string>([from.alias]);
  const joins = readJoins(cursor.get('joins'), aliases);
  const scope: AliasScope = aliases;
  const whereCursor = cursor.get('where');
  const entries = whereCursor ? whereCursor.items().map((item) => readWhereEntry(item, scope)) : [];
  if (whereCursor && !whereCursor.isSeq()) whereCursor.error('MAPPING_WRONG_TYPE', 'where takes a list of conditions (all must hold)');
  const fields = readFields(cursor.get('fields')!, entity, scope, tracking);
  if (!joins || !fields || entries.some((entry) => entry === undefined)) return undefined;
  const where = entries.map((entry) => entry!.condition);
  const reasons = entries.map((entry) => entry!.because);
  return { name, index, from, joins, where, ...(reasons.some(Boolean) ? { whereReasons: reasons } : {}), fields, at: cursor.location };
}

/** A condition, or `{ require: <condition>, because: <why rows failing it are left out> }` for the doctor to report. */
function readWhereEntry(item: YamlCursor, scope: AliasScope): { condition: Condition; because?: string } | undefined {
  if (!item.isMap() || !item.has('because')) {
    const condition = readCondition(item, scope);
    return condition ? { condition } : undefined;
  }
  if (!item.checkKeys(['require', 'because'], ['require', 'because'], 'a where entry with a reason')) return undefined;
  const because = item.get('because')!.string('because');
  const condition = readCondition(item.get('require')!, scope);
  return condition && because ? { condition, because } : undefined;
}

function readFrom(cursor: YamlCursor): RowSource | undefined {
  const alias = readAlias(cursor.get('alias')!);
  const hasTable = cursor.has('table');
  if (hasTable === cursor.has('rows')) {
    cursor.error('MAPPING_MISSING_KEY', 'a source reads either a "table" or declared "rows" (exactly one of them)');
    return undefined;
  }
  if (alias === undefined) return undefined;
  if (hasTable) {
    const tableCursor = cursor.get('table')!;
    const table = readTableName(tableCursor);
    return table === undefined ? undefined : { kind: 'table', table, alias, at: tableCursor.location };
  }
  return readRows(cursor.get('rows')!, alias);
}

/** A `table:` value: a (optionally schema-qualified) table name; reports anything else. */
export function readTableName(cursor: YamlCursor): string | undefined {
  const table = cursor.string('table');
  if (table === undefined) return undefined;
  if (!TABLE_NAME.test(table)) {
    cursor.error('MAPPING_INVALID_NAME', `"${table}" is not a table name (letters, digits, _ ; optionally schema.table)`);
    return undefined;
  }
  return table;
}

/** An `alias:` value: a plain identifier; reports anything else (an empty alias included). */
export function readAlias(cursor: YamlCursor): string | undefined {
  const alias = cursor.string('alias');
  if (alias === undefined) return undefined;
  if (!IDENTIFIER.test(alias)) {
    cursor.error('MAPPING_INVALID_NAME', `alias "${alias}" must be a plain identifier like S or STU`);
    return undefined;
  }
  return alias;
}

/** Rows declared in the mapping (e.g. the district, which the SIS has no table for). */
function readRows(cursor: YamlCursor, alias: string): RowSource | undefined {
  const items = cursor.items();
  if (!cursor.isSeq() || items.length === 0) {
    cursor.error('MAPPING_ROWS', 'rows takes a non-empty list of objects, one per row, with the same column names');
    return undefined;
  }
  const columns = items[0].keys();
  const rows: ConstantValue[][] = [];
  for (const item of items) {
    const keys = item.keys();
    if (!item.isMap() || keys.length !== columns.length || keys.some((key) => !columns.includes(key))) {
      item.error('MAPPING_ROWS', `every row must have exactly the columns ${columns.join(', ')}`);
      return undefined;
    }
    const badName = keys.find((key) => !IDENTIFIER.test(key));
    if (badName) {
      item.keyCursor(badName).error('MAPPING_INVALID_NAME', `column name "${badName}" must be a plain identifier`);
      return undefined;
    }
    const cells = columns.map((column) => item.get(column)!);
    const nested = cells.find((cell) => !cell.isScalar());
    if (nested) {
      nested.error('MAPPING_ROWS', 'row values must be constants');
      return undefined;
    }
    rows.push(cells.map((cell) => cell.scalar()) as ConstantValue[]);
  }
  return { kind: 'rows', alias, columns, rows };
}

/** Joins in order; each join's `on` may use the aliases declared before it plus its own. */
export function readJoins(cursor: YamlCursor | undefined, aliases: Set<string>): JoinMapping[] | undefined {
  if (!cursor) return [];
  if (!cursor.isSeq()) {
    cursor.error('MAPPING_WRONG_TYPE', 'joins takes a list of { table, alias, on, type }');
    return undefined;
  }
  const joins: JoinMapping[] = [];
  let ok = true;
  for (const item of cursor.items()) {
    if (!item.isMap() || !item.checkKeys(['table', 'alias', 'on', 'type'], ['table', 'alias', 'on'], 'a join')) {
      ok = false;
      continue;
    }
    const table = readTableName(item.get('table')!);
    const alias = readAlias(item.get('alias')!);
    const typeCursor = item.get('type');
    const type = typeCursor ? typeCursor.string('type') : 'inner';
    if (type !== undefined && type !== 'inner' && type !== 'left') typeCursor!.error('MAPPING_WRONG_TYPE', 'join type is "inner" or "left"');
    if (table === undefined || alias === undefined) {
      ok = false;
      continue;
    }
    if (aliases.has(alias)) {
      item.get('alias')!.error('MAPPING_DUPLICATE_ALIAS', `alias "${alias}" is already used in this source`);
      ok = false;
      continue;
    }
    aliases.add(alias);
    const on = readJoinOn(item.get('on')!, alias, aliases);
    if (!on) {
      ok = false;
      continue;
    }
    joins.push({ type: type === 'left' ? 'left' : 'inner', table, alias, on, at: item.location });
  }
  return ok ? joins : undefined;
}

function readJoinOn(cursor: YamlCursor, alias: string, scope: AliasScope): JoinMapping['on'] | undefined {
  if (!cursor.isMap() || cursor.keys().length === 0) {
    cursor.error('MAPPING_WRONG_TYPE', `on takes an object like { ${alias}.KEY: OTHER.KEY } (all pairs must match)`);
    return undefined;
  }
  const pairs: Array<JoinMapping['on'][number]> = [];
  for (const [key, value] of cursor.entries()) {
    const column = readColumnRef(cursor.keyCursor(key), new Set([alias]));
    const equals = readExpression(value, scope);
    if (!column || !equals) return undefined;
    pairs.push({ column, equals });
  }
  return pairs;
}

export function sourceNamesAreUnique(mapping: EntityMapping): string | undefined {
  const seen = new Set<string>();
  for (const source of mapping.sources) {
    if (seen.has(source.name)) return source.name;
    seen.add(source.name);
  }
  return undefined;
}
