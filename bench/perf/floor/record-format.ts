/**
 * What a hand-written export does in code to serve the OneRoster 1.1 JSON the adapter serves:
 * ISO times, references with hrefs, E.164 phones, absent fields instead of nulls.
 */

export interface FloorContext {
  /** `http://host:port/ims/oneroster/v1p1`: hrefs point where the adapter's do. */
  readonly base: string;
  /** dateLastModified of records whose tables keep none (the adapter dates them from its snapshot store). */
  readonly exportedAt: string;
}

export type OneRosterRecord = Record<string, unknown>;

/** `2026-07-20 20:06:34[.5]` (UTC wall-clock text from the driver) → `2026-07-20T20:06:34.500Z`. */
export function isoDateTime(text: string): string {
  const [date, time] = text.split(' ');
  const [whole, fraction = ''] = (time ?? '00:00:00').split('.');
  return `${date}T${whole}.${fraction.padEnd(3, '0').slice(0, 3)}Z`;
}

/** The latest of timestamps that may be null (text in one format compares like the times), or `fallback`. */
export function latest(fallback: string | null, ...times: Array<string | number | null>): string | null {
  let best: string | null = null;
  for (const time of times) if (time !== null && (best === null || String(time) > best)) best = String(time);
  return best ?? fallback;
}

export function ref(context: FloorContext, collection: string, sourcedId: string, type: string): OneRosterRecord {
  return { href: `${context.base}/${collection}/${sourcedId}`, sourcedId, type };
}

/** The record without its null and undefined fields, as the API leaves them out. */
export function withoutNulls(record: OneRosterRecord): OneRosterRecord {
  for (const key of Object.keys(record)) if (record[key] === null || record[key] === undefined) delete record[key];
  return record;
}

const PUNCTUATION = /[ \-.()/]/g;

/**
 * E.164 with country code 1 and 10-digit national numbers, as the demo mapping's `e164` asks:
 * `+` and 8–15 digits as written; 10 digits; a trunk 0 and 10 digits; or 1 and 10 digits.
 * Anything else is left out.
 */
export function e164(written: string | number | null): string | null {
  if (written === null) return null;
  const trimmed = String(written).trim();
  const compact = trimmed.replace(PUNCTUATION, '');
  const digits = compact.replace(/\+/g, '');
  if (digits.length === 0 || !/^\d+$/.test(digits)) return null;
  if (compact.startsWith('+')) return digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : null;
  if (digits.length === 10 && !digits.startsWith('0')) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('0')) return `+1${digits.slice(1, 11)}`;
  if (digits.length === 11 && digits.startsWith('1')) return `+${digits}`;
  return null;
}

/** A list, or null (left out) when it is empty, as the API leaves out empty lists. */
export const nonEmpty = <T>(items: T[]): T[] | null => (items.length ? items : null);

/** `a;b;c` → ['a', 'b', 'c'], empty pieces and a null column leaving nothing. */
export function split(text: string | number | null, separator: string): string[] | null {
  if (text === null) return null;
  const parts = String(text).split(separator).map((part) => part.trim()).filter((part) => part !== '');
  return parts.length ? parts : null;
}

export const lower = (text: string | number | null): string | null => (text === null ? null : String(text).toLowerCase());

/** Groups child rows by their parent's key (rows arrive ordered, so each list keeps the order). */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const name = key(row);
    let group = groups.get(name);
    if (!group) groups.set(name, (group = []));
    group.push(row);
  }
  return groups;
}
