import type { DatabaseProfile, ForeignKey, TableProfile } from './database-profile';
import { nameTokens } from './name-tokens';

/**
 * Legacy SIS schemas rarely declare foreign keys, but they name a key the same wherever it is
 * used: STU_MSTR.SCH_CD, SECT_STU.STU_ID. A table whose columns include every column of another
 * table's primary key (by name, any case) is taken to reference it, and so is `student_id` /
 * `studentId` pointing at a `student(s)` table keyed by `id`. Declared keys always win; inferred
 * ones carry their evidence for the guess comments.
 */
export function withInferredForeignKeys(profile: DatabaseProfile): DatabaseProfile {
  return { ...profile, tables: profile.tables.map((table) => ({ ...table, foreignKeys: [...table.foreignKeys, ...inferForeignKeys(table, profile.tables)] })) };
}

export function inferForeignKeys(table: TableProfile, tables: readonly TableProfile[]): ForeignKey[] {
  const found: ForeignKey[] = [];
  const covered = (columns: readonly string[], target: string) =>
    [...table.foreignKeys, ...found].some((key) => key.references.table === target && sameSet(key.columns, columns));
  for (const target of tables) {
    if (target.name === table.name || target.primaryKey.length === 0) continue;
    // A key named just `id` says nothing about which table it belongs to; `student_id` does (below).
    const genericKey = target.primaryKey.length === 1 && target.primaryKey[0].toUpperCase() === 'ID';
    const columns = genericKey ? [undefined] : target.primaryKey.map((key) => columnNamed(table, key));
    if (columns.every((column): column is string => column !== undefined)) {
      // Two tables keyed by the same columns (an extension table) reference nothing: neither is the parent.
      if (sameSet(columns, table.primaryKey)) continue;
      if (!covered(columns, target.name)) {
        found.push({ columns, references: { table: target.name, columns: target.primaryKey }, declared: false, evidence: `${table.name} has ${target.name}'s key ${target.primaryKey.join(', ')}` });
      }
      continue;
    }
    const byCodeName = codeColumn(table, target);
    if (byCodeName && !covered([byCodeName], target.name)) {
      found.push({ columns: [byCodeName], references: { table: target.name, columns: target.primaryKey }, declared: false, evidence: `${table.name}.${byCodeName} is ${target.name}.${target.primaryKey[0]} without its suffix` });
      continue;
    }
    const byEntityName = entityIdColumn(table, target);
    if (byEntityName && !covered([byEntityName], target.name)) {
      found.push({ columns: [byEntityName], references: { table: target.name, columns: target.primaryKey }, declared: false, evidence: `${table.name}.${byEntityName} names ${target.name}` });
    }
  }
  return found;
}

/** `student_id` → table `student`/`students` keyed by a single `id` column. */
function entityIdColumn(table: TableProfile, target: TableProfile): string | undefined {
  if (target.primaryKey.length !== 1 || target.primaryKey[0].toUpperCase() !== 'ID') return undefined;
  const targetWords = nameTokens(target.name);
  const singular = targetWords.map((word, index) => (index === targetWords.length - 1 ? singularOf(word) : word)).join('');
  return table.columns.find((column) => {
    const words = nameTokens(column.name);
    if (words.length < 2 || words[words.length - 1] !== 'ID') return false;
    return words.slice(0, -1).join('') === singular;
  })?.name;
}

function singularOf(word: string): string {
  if (word.endsWith('IES')) return `${word.slice(0, -3)}Y`;
  if (/(SS|X|CH|SH)ES$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('S') && !word.endsWith('SS')) return word.slice(0, -1);
  return word;
}

/** `GNDR` → a code table keyed by `GNDR_CD` (or `GNDR_CODE`). */
function codeColumn(table: TableProfile, target: TableProfile): string | undefined {
  if (target.primaryKey.length !== 1) return undefined;
  const words = nameTokens(target.primaryKey[0]);
  if (words.length < 2 || !['CD', 'CODE'].includes(words[words.length - 1])) return undefined;
  const stem = words.slice(0, -1).join('_');
  return table.columns.find((column) => nameTokens(column.name).join('_') === stem && !table.primaryKey.includes(column.name))?.name;
}

function columnNamed(table: TableProfile, name: string): string | undefined {
  return table.columns.find((column) => column.name === name)?.name ?? table.columns.find((column) => column.name.toLowerCase() === name.toLowerCase())?.name;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((column) => b.some((other) => other.toLowerCase() === column.toLowerCase()));
}
