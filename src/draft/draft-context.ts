import type { Classification } from './classify-tables';
import { tableFor } from './classify-tables';
import { sampledValuesUnique } from './column-values';
import type { DatabaseProfile, ForeignKey } from './database-profile';
import type { DraftJoin } from './draft-model';
import { hasToken, nameTokens } from './name-tokens';
import type { TableFacts } from './table-facts';
import { EntityTableKind, KIND_DESCRIPTIONS, TableGuess, TableKind } from './table-kinds';

/** sourcedId prefixes: they keep ids unique across the tables one entity unions (stu-, stf-, con-). */
export const ID_PREFIXES: Readonly<Record<EntityTableKind, string>> = {
  student: 'stu',
  staff: 'stf',
  contact: 'con',
  school: 'sch',
  district: 'dist',
  course: 'crs',
  section: 'cls',
  schoolYear: 'sy',
  term: 'trm',
};

/**
 * What every entity drafter shares: the classification, and one id scheme, so that the
 * sourcedId a table's records get in one file is exactly what references to them build in
 * another (`sch-{S.SCH_CD}` in orgs.yaml, `sch-{K.SCH_CD}` in classes.yaml).
 */
export class DraftContext {
  constructor(
    readonly profile: DatabaseProfile,
    readonly classification: Classification,
  ) {}

  facts(table: string): TableFacts {
    return this.classification.facts.get(table)!;
  }

  /** The table drafted for a kind (the best-scoring one). */
  tableOf(kind: TableKind): TableFacts | undefined {
    const guess = tableFor(this.classification, kind);
    return guess ? this.facts(guess.table) : undefined;
  }

  guessOf(table: string): TableGuess | undefined {
    return this.classification.guesses.find((guess) => guess.table === table);
  }

  /** The kind the table was taken for, as drafted (only the chosen table of each kind counts). */
  kindOf(table: string): TableKind | undefined {
    const guess = this.guessOf(table);
    return guess && this.tableOf(guess.kind)?.name === table ? guess.kind : undefined;
  }

  /** The comment above a source: what the table was taken for and why. */
  sourceGuess(table: string): string {
    const guess = this.guessOf(table)!;
    return `${table} holds ${KIND_DESCRIPTIONS[guess.kind]} (${guess.confidence} confidence: ${guess.evidence.slice(0, 4).join('; ')})`;
  }

  /**
   * The columns that identify a row: the primary key, else a column named like an id whose
   * sampled values are all distinct (a guess, said so).
   */
  keyOf(facts: TableFacts): { columns: readonly string[]; guess?: string } | undefined {
    if (facts.table.primaryKey.length > 0) return { columns: facts.table.primaryKey };
    const candidate = facts.table.columns.find(
      (column) => hasToken(nameTokens(column.name), ['ID', 'CD', 'CODE', 'NO', 'NUM', 'NBR', 'KEY']) && sampledValuesUnique(column, facts.table.sampledRows),
    );
    return candidate ? { columns: [candidate.name], guess: `${facts.name} declares no primary key; ${candidate.name} looks like one (named like an id, distinct in every sampled row)` } : undefined;
  }

  /** `stu-{S.STU_ID}`: the sourcedId of a row of an entity table. */
  idTemplate(facts: TableFacts, alias: string): string | undefined {
    const kind = this.kindOf(facts.name);
    const key = this.keyOf(facts);
    if (!kind || kind === 'codeTable' || !(kind in ID_PREFIXES) || !key) return undefined;
    return `${ID_PREFIXES[kind as EntityTableKind]}-${key.columns.map((column) => `{${alias}.${column}}`).join('-')}`;
  }

  /** The foreign key of `from` to `target` whose columns match the target's key (what a reference can be built from). */
  keyReference(from: TableFacts, target: TableFacts): ForeignKey | undefined {
    const key = this.keyOf(target);
    if (!key) return undefined;
    return from.table.foreignKeys.find(
      (candidate) => candidate.references.table === target.name && candidate.columns.length === key.columns.length && key.columns.every((column) => candidate.references.columns.some((other) => other.toLowerCase() === column.toLowerCase())),
    );
  }

  /** The referencing columns in the order of the target's key. */
  private alignedColumns(fk: ForeignKey, target: TableFacts): string[] {
    const key = this.keyOf(target)!;
    return key.columns.map((column) => fk.columns[fk.references.columns.findIndex((other) => other.toLowerCase() === column.toLowerCase())]);
  }

  /** `sch-{K.SCH_CD}`: the sourcedId of the target row a row of `from` references, with the evidence. */
  refTemplate(from: TableFacts, alias: string, target: TableFacts): { template: string; because: string } | undefined {
    const kind = this.kindOf(target.name);
    const fk = this.keyReference(from, target);
    if (!kind || !(kind in ID_PREFIXES) || !fk) return undefined;
    const columns = this.alignedColumns(fk, target);
    return {
      template: `${ID_PREFIXES[kind as EntityTableKind]}-${columns.map((column) => `{${alias}.${column}}`).join('-')}`,
      because: `${columns.join(', ')} ${fk.declared ? 'is a declared foreign key' : `${columns.length > 1 ? 'match' : 'matches'} the key of ${target.name} (inferred: ${fk.evidence})`}`,
    };
  }

  /** `{ C.SCH_CD: K.SCH_CD, C.CRS_NO: K.CRS_NO }`: the join of `target` (as `targetAlias`) to `from`. */
  joinOn(from: TableFacts, fromAlias: string, target: TableFacts, targetAlias: string): Record<string, string> | undefined {
    const fk = this.keyReference(from, target);
    if (!fk) return undefined;
    const key = this.keyOf(target)!;
    const columns = this.alignedColumns(fk, target);
    return Object.fromEntries(key.columns.map((column, index) => [`${targetAlias}.${column}`, `${fromAlias}.${columns[index]}`]));
  }

  /** The tables `facts` references that were taken for `kind`. */
  referenced(facts: TableFacts, kind: TableKind): TableFacts | undefined {
    const target = this.tableOf(kind);
    return target && this.keyReference(facts, target) ? target : undefined;
  }

  /**
   * The inner join restricting rows to the current school year, when the row references the
   * year table and that has a current-year flag (`Y.CUR_YR_FLG = Y`): rosters of past years
   * are not served. Undefined when there is no such flag.
   */
  currentYearJoin(from: TableFacts, fromAlias: string, yearAlias: string): DraftJoin | undefined {
    const year = this.referenced(from, 'schoolYear');
    const flag = year?.first('currentFlag');
    if (!year || !flag) return undefined;
    const on = this.joinOn(from, fromAlias, year, yearAlias)!;
    const yes = flag.samples.find((sample) => ['Y', 'YES', 'T', 'TRUE', '1'].includes(sample.value.toUpperCase()))?.value ?? 'Y';
    return {
      table: year.name,
      alias: yearAlias,
      on: { ...on, [`${yearAlias}.${flag.name}`]: /^\d+$/.test(yes) ? Number(yes) : yes },
      guess: `${year.name}.${flag.name} marks the current school year: only its rows are served (remove this join to serve every year)`,
    };
  }
}

/** Aliases for one source: initials of the table's words (STU_MSTR → S, SECT_STU → SS), unique within the source. */
export class AliasPicker {
  private readonly used = new Set<string>();

  pick(table: string, preferred?: string): string {
    const words = nameTokens(table).filter((word) => !['MSTR', 'MASTER', 'TBL', 'TABLE', 'T', 'DBO'].includes(word) && !/^\d+$/.test(word));
    const base = preferred ?? (words.length > 0 ? words.map((word) => word[0]).join('').slice(0, 3) : 'T');
    let alias = base;
    for (let n = 2; this.used.has(alias); n += 1) alias = `${base}${n}`;
    this.used.add(alias);
    return alias;
  }
}
