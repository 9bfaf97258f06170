import type { FilterPredicate } from '../filter';
import type { FieldType } from '../oneroster/entity-catalogue';
import { OneRosterRequestError } from '../errors/oneroster-request-error';

/** A filter value converted to the type of the field it is compared with. */
export type FilterLiteral =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'instant'; readonly value: Date }
  | { readonly kind: 'date'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean };

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|z|[+-]\d{2}:?\d{2})?)?$/;
/** A `+hh:mm` offset sent unencoded in a query string arrives as ` hh:mm`. */
const LOST_PLUS = /^(.*T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:?\d{2})$/;

export function parseFilterLiteral(type: FieldType, predicate: FilterPredicate): FilterLiteral {
  const raw = predicate.value;
  switch (type.kind) {
    case 'datetime':
      return { kind: 'instant', value: parseInstant(raw, predicate) };
    case 'date': {
      const match = DATE_TIME.exec(raw.trim());
      if (!match || !isRealDate(match[1])) throw invalidValue(predicate, 'a date like 2025-01-31');
      return { kind: 'date', value: match[1] };
    }
    case 'boolean': {
      const text = raw.trim().toLowerCase();
      if (text !== 'true' && text !== 'false') throw invalidValue(predicate, "'true' or 'false'");
      return { kind: 'boolean', value: text === 'true' };
    }
    default:
      return { kind: 'text', value: raw };
  }
}

export function parseInstant(raw: string, predicate: FilterPredicate): Date {
  const text = raw.trim().replace(LOST_PLUS, '$1+$2');
  const match = DATE_TIME.exec(text);
  if (!match || !isRealDate(match[1])) throw invalidValue(predicate, "a date-time like '2025-01-31T00:00:00.000Z'");
  const [, day, time = '00:00:00', zone = 'Z'] = match;
  const normalisedZone = zone === 'z' ? 'Z' : /^[+-]\d{4}$/.test(zone) ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone;
  const instant = new Date(`${day}T${time.length === 5 ? `${time}:00` : time}${normalisedZone}`);
  if (Number.isNaN(instant.getTime())) throw invalidValue(predicate, "a date-time like '2025-01-31T00:00:00.000Z'");
  return instant;
}

function isRealDate(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

function invalidValue(predicate: FilterPredicate, expected: string): OneRosterRequestError {
  return OneRosterRequestError.invalidData(
    `invalid filter at column ${predicate.valuePosition.column}: ${predicate.field} expects ${expected}, got '${predicate.value.slice(0, 40)}'`,
  );
}
