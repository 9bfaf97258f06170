import type { DatabaseProfile, TableProfile } from './database-profile';
import { findColumn, findTable } from './database-profile';
import { hasRole } from './column-roles';
import { hasToken, nameTokens } from './name-tokens';

/**
 * Code tables (CD_GNDR: M → Male) are where a legacy schema explains its one-letter codes. When a
 * column references one, its descriptions decide the OneRoster vocabulary (`Withdrawn` → status
 * tobedeleted, `Legal guardian` → role guardian) better than the codes alone.
 */
export interface CodeTable {
  readonly table: string;
  readonly codeColumn: string;
  readonly descriptionColumn: string;
  /** code → description, every row of the table. */
  readonly descriptions: ReadonlyMap<string, string>;
}

/** A small table (rows kept by the profile) keyed by one column and with a description column. */
export function asCodeTable(table: TableProfile): CodeTable | undefined {
  if (!table.rows || table.rows.length === 0 || table.primaryKey.length !== 1) return undefined;
  const codeColumn = table.primaryKey[0];
  const description = table.columns.find((column) => column.name !== codeColumn && hasRole(column, 'name'));
  if (!description) return undefined;
  const descriptions = new Map<string, string>();
  for (const row of table.rows) {
    const code = row[codeColumn];
    const text = row[description.name];
    if (code !== undefined && text !== undefined) descriptions.set(code.trim(), text);
  }
  return { table: table.name, codeColumn, descriptionColumn: description.name, descriptions };
}

/** Whether the table looks like a code table by name as well (CD_, _CODE, LKP_, LOOKUP, REF_). */
export function namedLikeCodeTable(table: TableProfile): boolean {
  return hasToken(nameTokens(table.name), ['CD', 'CODE', 'CODES', 'LKP', 'LOOKUP', 'LU', 'REF', 'TYPES', 'TYP', 'LIST', 'DOMAIN', 'ENUM']);
}

/** The code table a column references (declared or inferred foreign key), if any. */
export function codeTableFor(profile: DatabaseProfile, table: TableProfile, column: string): CodeTable | undefined {
  for (const key of table.foreignKeys) {
    if (key.columns.length !== 1 || key.columns[0].toLowerCase() !== column.toLowerCase()) continue;
    const target = findTable(profile, key.references.table);
    const codes = target && asCodeTable(target);
    if (codes && findColumn(target!, key.references.columns[0])?.name === codes.codeColumn) return codes;
  }
  return undefined;
}

/**
 * The codes a column holds with what each means: the code table's descriptions when it has one,
 * else the sampled values described by themselves (`ACTIVE`, `Withdrawn`).
 */
export function describedCodes(profile: DatabaseProfile, table: TableProfile, column: string): { codes: Map<string, string>; from: string } {
  const codes = codeTableFor(profile, table, column);
  if (codes) return { codes: new Map(codes.descriptions), from: `code table ${codes.table}` };
  const sampled = findColumn(table, column)?.samples ?? [];
  return { codes: new Map(sampled.map((sample) => [sample.value.trim(), sample.value.trim()])), from: 'sampled values' };
}
