import type { ConstantValue } from '../mapping/compiled-mapping';
import type { ColumnProfile } from './database-profile';

/**
 * What a column's type and sampled values say about it, independent of its name: whether it
 * holds dates, yes/no flags, short codes or year numbers.
 */

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

export function holdsDates(column: ColumnProfile): boolean {
  if (column.kind === 'date' || column.kind === 'datetime') return true;
  return column.kind === 'text' && column.samples.length > 0 && column.samples.every((sample) => DATE_TEXT.test(sample.value));
}

/** Dates with a time of day (or a datetime type), as last-modified columns are. */
export function holdsTimestamps(column: ColumnProfile): boolean {
  if (column.kind === 'datetime') return true;
  return column.kind === 'text' && column.samples.length > 0 && column.samples.every((sample) => DATE_TEXT.test(sample.value) && sample.value.length > 10);
}

const FLAG_PAIRS: ReadonlyArray<readonly [string, string]> = [
  ['Y', 'N'],
  ['YES', 'NO'],
  ['T', 'F'],
  ['TRUE', 'FALSE'],
  ['1', '0'],
];

/**
 * The value that means "yes" in a flag column, or undefined when the column is not a flag. A
 * sample holding only one of a pair (every row `N`) still names the pair; a boolean column's
 * yes is `true`, an integer 0/1 column's is the number 1.
 */
export function flagTrueValue(column: ColumnProfile): ConstantValue | undefined {
  const values = column.samples.map((sample) => sample.value);
  if (column.kind === 'boolean') return values.some((value) => /^(1|0)$/.test(value)) ? 1 : true;
  if (values.length === 0 || values.length > 2) return undefined;
  for (const [yes, no] of FLAG_PAIRS) {
    if (values.every((value) => value.toUpperCase() === yes || value.toUpperCase() === no)) {
      if (yes === '1') return column.kind === 'integer' ? 1 : '1';
      // Keep the case the column uses: `Y`, `y`, `True`.
      const seenYes = values.find((value) => value.toUpperCase() === yes);
      const seenNo = values.find((value) => value.toUpperCase() === no);
      if (seenYes) return seenYes;
      return seenNo && seenNo === seenNo.toLowerCase() ? yes.toLowerCase() : yes;
    }
  }
  return undefined;
}

/** The "no" counterpart of flagTrueValue. */
export function flagFalseValue(column: ColumnProfile): ConstantValue | undefined {
  const yes = flagTrueValue(column);
  if (yes === undefined) return undefined;
  if (yes === true) return false;
  if (yes === 1) return 0;
  const pair = FLAG_PAIRS.find(([candidate]) => candidate === String(yes).toUpperCase());
  if (!pair) return undefined;
  return String(yes) === String(yes).toLowerCase() ? pair[1].toLowerCase() : pair[1];
}

export function isFlag(column: ColumnProfile): boolean {
  return flagTrueValue(column) !== undefined;
}

/** Short codes (at most 4 characters) with few distinct values: status codes, types, genders. */
export function holdsShortCodes(column: ColumnProfile, maxDistinct = 12): boolean {
  if (column.samples.length === 0 || column.moreValues || column.samples.length > maxDistinct) return false;
  return column.samples.every((sample) => sample.value.trim().length > 0 && sample.value.trim().length <= 4);
}

/** Four-digit years between 1990 and 2100: a school year's id or the year a term belongs to. */
export function holdsYears(column: ColumnProfile): boolean {
  return column.samples.length > 0 && column.samples.every((sample) => /^(199\d|20\d\d|2100)$/.test(sample.value.trim()));
}

/** Whether the sampled values are all distinct (a candidate key when nothing is declared). */
export function sampledValuesUnique(column: ColumnProfile, sampledRows: number): boolean {
  return sampledRows > 0 && column.nullsInSample === 0 && column.distinctInSample === sampledRows;
}

export function sampleList(column: ColumnProfile, limit = 8): string {
  const shown = column.samples.slice(0, limit).map((sample) => sample.value);
  return shown.join(', ') + (column.samples.length > limit || column.moreValues ? ', …' : '');
}
