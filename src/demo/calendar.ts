import type { Random } from './random';

/**
 * The demo's fixed generation clock and school calendar. Everything is derived from these
 * constants, never from the real clock, so the same seed gives the same database on any day.
 */

const DAY_MS = 86_400_000;

/** `LST_UPD_DT` values fall in [UPDATES_FROM, GENERATION_CLOCK). */
export const UPDATES_FROM = Date.UTC(2025, 5, 1);
export const GENERATION_CLOCK = Date.UTC(2026, 10, 1);
/** The last day anything "has happened" (withdrawals, drops) in the current year. */
export const LAST_EVENT_DATE = '2026-10-30';

export interface SchoolYear {
  id: number;
  desc: string;
  begin: string;
  end: string;
  current: boolean;
}

export const PRIOR_YEAR: SchoolYear = { id: 2026, desc: '2025-2026', begin: '2025-08-18', end: '2026-06-12', current: false };
export const CURRENT_YEAR: SchoolYear = { id: 2027, desc: '2026-2027', begin: '2026-08-17', end: '2027-06-11', current: true };
export const SCHOOL_YEARS: readonly SchoolYear[] = [PRIOR_YEAR, CURRENT_YEAR];

export type TermCode = 'S1' | 'S2' | 'Q1' | 'Q2' | 'Q3' | 'Q4';

export interface Term {
  code: TermCode;
  type: 'S' | 'Q';
  desc: string;
  begin: string;
  end: string;
  parent: TermCode | null;
}

/** Semesters split on Jan 15/16; quarters split each semester at its midpoint. */
export function termsOf(year: SchoolYear): Term[] {
  // SY_ID names the calendar year the school year ends in.
  const s1End = `${year.id}-01-15`;
  const s2Begin = addDays(s1End, 1);
  const q1End = midpoint(year.begin, s1End);
  const q3End = midpoint(s2Begin, year.end);
  return [
    { code: 'S1', type: 'S', desc: 'Semester 1', begin: year.begin, end: s1End, parent: null },
    { code: 'S2', type: 'S', desc: 'Semester 2', begin: s2Begin, end: year.end, parent: null },
    { code: 'Q1', type: 'Q', desc: 'Quarter 1', begin: year.begin, end: q1End, parent: 'S1' },
    { code: 'Q2', type: 'Q', desc: 'Quarter 2', begin: addDays(q1End, 1), end: s1End, parent: 'S1' },
    { code: 'Q3', type: 'Q', desc: 'Quarter 3', begin: s2Begin, end: q3End, parent: 'S2' },
    { code: 'Q4', type: 'Q', desc: 'Quarter 4', begin: addDays(q3End, 1), end: year.end, parent: 'S2' },
  ];
}

export function dayNumber(isoDate: string): number {
  return Date.UTC(+isoDate.slice(0, 4), +isoDate.slice(5, 7) - 1, +isoDate.slice(8, 10)) / DAY_MS;
}

export function fromDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(dayNumber(isoDate) + days);
}

function midpoint(from: string, to: string): string {
  return fromDayNumber(Math.floor((dayNumber(from) + dayNumber(to)) / 2));
}

/** A date in [from, to], both inclusive; `to` before `from` collapses to `from`. */
export function randomDate(rng: Random, from: string, to: string): string {
  const a = dayNumber(from);
  const b = dayNumber(to);
  return b <= a ? from : fromDayNumber(rng.int(a, b));
}

/** A whole-second UTC instant in [fromMs, toMs). */
export function randomInstant(rng: Random, fromMs: number, toMs: number): Date {
  const from = Math.ceil(fromMs / 1000);
  const to = Math.floor(toMs / 1000);
  return new Date((to <= from ? from : from + Math.floor(rng.next() * (to - from))) * 1000);
}

export function startOfDayMs(isoDate: string): number {
  return dayNumber(isoDate) * DAY_MS;
}
