/**
 * Conversions between OneRoster's UTC instants and the wall-clock DATETIME values a legacy SIS
 * stores in its own time zone. Filter literals are bound as wall-clock text in the source zone
 * (so an index on the column stays usable); values read back are turned into UTC instants.
 */

const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Formats an instant as `YYYY-MM-DD HH:MM:SS[.SSS]` wall-clock time in `timeZone`. */
export function formatSourceDateTime(instant: Date, timeZone: string): string {
  const wall = timeZone === 'UTC' ? instant : new Date(instant.getTime() + zoneOffsetMs(instant, timeZone));
  const iso = wall.toISOString();
  // Whole seconds are written without a fraction so they compare correctly with second-precision
  // text timestamps (SQLite stores DATETIME as text; '…:11' < '…:11.000' as strings).
  return wall.getUTCMilliseconds() === 0 ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

/** Reads a DATETIME value from a driver (Date or text) as a UTC instant. */
export function parseSourceDateTime(value: unknown, timeZone: string): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value;
  if (typeof value === 'number') return new Date(value);
  const match = WALL_CLOCK.exec(String(value).trim());
  if (!match) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone] = match;
  const ms = Number(fraction.padEnd(3, '0').slice(0, 3));
  const asUtc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  if (zone) return new Date(asUtc - parseZone(zone));
  if (timeZone === 'UTC') return new Date(asUtc);
  // The wall time's offset is the zone's offset at (approximately) that instant; one correction
  // pass handles times next to a DST change.
  const guess = asUtc - zoneOffsetMs(new Date(asUtc), timeZone);
  return new Date(asUtc - zoneOffsetMs(new Date(guess), timeZone));
}

/** A date value (`DATE` column, Date, or date-time text) as `YYYY-MM-DD`. */
export function formatSourceDate(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString().slice(0, 10);
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(String(value).trim());
  return match ? match[1] : undefined;
}

function zoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(instant.getTime() / 1000) * 1000;
}

function parseZone(zone: string): number {
  if (zone === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  // PostgreSQL prints whole-hour offsets as +00, others as +05:30.
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60000;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
