import type { DatabaseProfile } from './database-profile';
import { TableFacts } from './table-facts';
import { confidenceOf, MIN_SCORE, TableGuess, TableKind } from './table-kinds';
import { RuleContext, TABLE_RULES } from './table-rules';

export interface Classification {
  /** The best guess per table that has one, in table order. */
  readonly guesses: readonly TableGuess[];
  /** Tables no rule recognised. */
  readonly unclassified: readonly string[];
  readonly facts: ReadonlyMap<string, TableFacts>;
}

/**
 * Runs every table rule on every table and keeps each table's best kind. Rules that look at
 * neighbours (a link table references a student table and a section table) need the first
 * pass's answer, so the passes repeat until no table changes kind (three at most).
 */
export function classifyTables(profile: DatabaseProfile): Classification {
  const facts = new Map(profile.tables.map((table) => [table.name, new TableFacts(table)]));
  const referencesOf = new Map<string, TableFacts[]>();
  const referencedByOf = new Map<string, TableFacts[]>();
  for (const table of profile.tables) {
    for (const key of table.foreignKeys) {
      const target = facts.get(key.references.table);
      if (!target || target.name === table.name) continue;
      referencesOf.set(table.name, unique([...(referencesOf.get(table.name) ?? []), target]));
      referencedByOf.set(target.name, unique([...(referencedByOf.get(target.name) ?? []), facts.get(table.name)!]));
    }
  }

  let kinds = new Map<string, TableKind>();
  let guesses: TableGuess[] = [];
  for (let pass = 0; pass < 3; pass += 1) {
    const previous = kinds;
    const context: RuleContext = {
      kindOf: (table) => previous.get(table),
      references: (table) => referencesOf.get(table.name) ?? [],
      referencedBy: (table) => referencedByOf.get(table.name) ?? [],
    };
    guesses = [...facts.values()].flatMap((table) => {
      const best = bestGuess(table, context);
      return best ? [best] : [];
    });
    kinds = new Map(guesses.map((guess) => [guess.table, guess.kind]));
    if (pass > 0 && sameKinds(previous, kinds)) break;
  }
  const classified = new Set(guesses.map((guess) => guess.table));
  return { guesses, unclassified: profile.tables.map((table) => table.name).filter((name) => !classified.has(name)), facts };
}

function bestGuess(facts: TableFacts, context: RuleContext): TableGuess | undefined {
  let best: TableGuess | undefined;
  for (const [kind, rule] of Object.entries(TABLE_RULES) as Array<[TableKind, (typeof TABLE_RULES)[TableKind]]>) {
    const evidence = rule(facts, context);
    if (!evidence) continue;
    const score = evidence.reduce((sum, item) => sum + item.points, 0);
    if (score < MIN_SCORE || (best && best.score >= score)) continue;
    const reasons = [...evidence].sort((a, b) => b.points - a.points).map((item) => (item.points < 0 ? `but ${item.because}` : item.because));
    best = { table: facts.name, kind, score, confidence: confidenceOf(score), evidence: reasons };
  }
  return best;
}

/** The table drafted for a kind: the best-scoring one, then the one with most rows. */
export function tableFor(classification: Classification, kind: TableKind): TableGuess | undefined {
  return tablesFor(classification, kind)[0];
}

export function tablesFor(classification: Classification, kind: TableKind): TableGuess[] {
  const rows = (guess: TableGuess) => classification.facts.get(guess.table)?.table.rowCount ?? 0;
  return classification.guesses.filter((guess) => guess.kind === kind).sort((a, b) => b.score - a.score || rows(b) - rows(a));
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function sameKinds(a: ReadonlyMap<string, TableKind>, b: ReadonlyMap<string, TableKind>): boolean {
  return a.size === b.size && [...a].every(([table, kind]) => b.get(table) === kind);
}
