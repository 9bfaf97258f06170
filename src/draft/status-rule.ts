import type { ConstantValue } from '../mapping/compiled-mapping';
import { describedCodes } from './code-tables';
import { flagFalseValue, flagTrueValue } from './column-values';
import type { DatabaseProfile } from './database-profile';
import type { DraftCondition, YamlValue } from './draft-model';
import { statusMeaning } from './vocabulary-guesses';
import type { TableFacts } from './table-facts';

export interface StatusGuess {
  /** The `status:` expression, or undefined when nothing in the table marks removals (status defaults to active). */
  readonly status?: { value: YamlValue; guess: string };
  /** Conditions under which the record is not served at all (codes meaning "not yet enrolled"). */
  readonly served: readonly DraftCondition[];
  /** The condition for "active" (the status code's active codes, or the active flag) for enabledUser. */
  readonly active?: { condition: YamlValue; guess: string };
  /** Codes of the status column nobody could read, for the comment. */
  readonly unread: readonly string[];
}

/**
 * Soft deletes become `tobedeleted`: a deleted flag (`DEL_FLG = Y`), an inactive flag, an active
 * flag that is off (unless a deleted flag is there too: then it only decides enabledUser), a
 * dropped flag, and status codes whose meaning (from the code table's
 * description or the code itself) is withdrawn/inactive/graduated. Codes meaning "not yet"
 * (pre-registered, applicant) are not served at all: OneRoster has no status for them.
 */
export function guessStatus(profile: DatabaseProfile, facts: TableFacts, alias: string): StatusGuess {
  const removed: Array<{ condition: YamlValue; because: string }> = [];
  for (const column of [...facts.all('deleteFlag'), ...facts.all('inactiveFlag'), ...facts.all('dropFlag')]) {
    removed.push({ condition: { column: `${alias}.${column.name}`, eq: yaml(flagTrueValue(column)) }, because: `${column.name} = ${String(flagTrueValue(column))} marks removed rows` });
  }
  const activeFlag = facts.all('activeFlag').find((column) => !facts.all('currentFlag').includes(column));
  // With a deleted flag beside it, an active flag means "may sign in" (staff on leave), not removal.
  const deleteFlags = removed.length;
  if (activeFlag && deleteFlags === 0) {
    removed.push({ condition: { column: `${alias}.${activeFlag.name}`, eq: yaml(flagFalseValue(activeFlag)) }, because: `${activeFlag.name} = ${String(flagFalseValue(activeFlag))} marks inactive rows` });
  }

  const served: DraftCondition[] = [];
  let active: StatusGuess['active'];
  let unread: string[] = [];
  const statusColumn = facts.first('statusCode');
  if (statusColumn) {
    const { codes, from } = describedCodes(profile, facts.table, statusColumn.name);
    const meaning = (code: string) => statusMeaning(code, codes.get(code) ?? code);
    const inactive = [...codes.keys()].filter((code) => meaning(code) === 'inactive');
    const notYet = [...codes.keys()].filter((code) => meaning(code) === 'notYet');
    const activeCodes = [...codes.keys()].filter((code) => meaning(code) === 'active');
    unread = [...codes.keys()].filter((code) => meaning(code) === undefined);
    const described = (list: string[]) => list.map((code) => (codes.get(code) && codes.get(code) !== code ? `${code} (${codes.get(code)})` : code)).join(', ');
    if (inactive.length > 0) {
      removed.push({ condition: { column: `${alias}.${statusColumn.name}`, in: inactive }, because: `${statusColumn.name} ${described(inactive)} mean${inactive.length === 1 ? 's' : ''} no longer active (${from})` });
    }
    if (notYet.length > 0) {
      served.push({
        condition: { column: `${alias}.${statusColumn.name}`, notIn: notYet },
        guess: `${statusColumn.name} ${described(notYet)}: not enrolled yet (${from}), so not served`,
      });
    }
    if (activeCodes.length > 0) {
      active = { condition: { column: `${alias}.${statusColumn.name}`, in: activeCodes }, guess: `${statusColumn.name} ${described(activeCodes)} mean${activeCodes.length === 1 ? 's' : ''} active (${from})` };
    }
  }
  if (!active && activeFlag) active = { condition: { column: `${alias}.${activeFlag.name}`, eq: yaml(flagTrueValue(activeFlag)) }, guess: `${activeFlag.name} is the active flag` };

  if (removed.length === 0) return { served, active, unread };
  const when = removed.length === 1 ? removed[0].condition : { any: removed.map((item) => item.condition) };
  return {
    status: { value: { case: [{ when, then: 'tobedeleted' }], else: 'active' }, guess: `${removed.map((item) => item.because).join('; ')}: served as tobedeleted` },
    served,
    active,
    unread,
  };
}

function yaml(value: ConstantValue | undefined): YamlValue {
  return value === undefined ? null : value;
}
