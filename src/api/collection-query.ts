import { FilterSyntaxError, parseFilter } from '../filter';
import type { EntityName } from '../oneroster/entity-catalogue';
import { HiddenFields, mappedFieldsFor, NOTHING_HIDDEN, publicField, publicFields } from '../oneroster/version-fields';
import type { OneRosterVersion } from '../oneroster/versions';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { statusInfo, StatusInfo } from '../errors/status-info';
import type { CollectionRequest } from '../query/collection-request';
import { filterForVersion } from './version-filter';

export interface CollectionQueryLimits {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export interface ParsedCollectionQuery {
  /** In mapped fields: what the query engine reads. */
  readonly request: CollectionRequest;
  /** The fields the client asked for, in the version's names (undefined: all of them). */
  readonly selected?: readonly string[];
  /** 1.1 partial-success warnings (unknown sort or selection fields), sent as statusInfoSet. */
  readonly warnings: StatusInfo[];
}

/** What `fields` asked for: the version's field names, and the mapped fields they are built from. */
export interface FieldSelection {
  readonly selected?: readonly string[];
  readonly mapped: readonly string[];
}

type RawQuery = Record<string, unknown>;

const SORTABLE_KINDS = new Set(['string', 'enum', 'datetime', 'date', 'boolean', 'ref']);

/**
 * Turns the query string of a collection request into a CollectionRequest over the mapped fields.
 * Parameters this provider does not know (SDS sends `limit ` with a trailing space) are ignored,
 * as consumers expect; known ones with bad values are refused with a 400 that says what is wrong.
 */
export function parseCollectionQuery(
  version: OneRosterVersion,
  entity: EntityName,
  query: RawQuery,
  limits: CollectionQueryLimits,
  hidden: HiddenFields = NOTHING_HIDDEN,
): ParsedCollectionQuery {
  const warnings: StatusInfo[] = [];
  const limit = parseWholeNumber(single(query, 'limit'), 'limit', 1) ?? limits.defaultLimit;
  if (limit > limits.maxLimit) {
    throw OneRosterRequestError.invalidData(`limit ${limit} exceeds this provider's maximum of ${limits.maxLimit}; page with limit=${limits.maxLimit} and offset`);
  }
  const offset = parseWholeNumber(single(query, 'offset'), 'offset', 0) ?? 0;
  const filterText = single(query, 'filter');
  const filter = filterText === undefined || filterText.trim() === '' ? undefined : filterForVersion(version, entity, parseFilterParameter(filterText), hidden);
  const sort = parseSort(version, entity, query, warnings, hidden);
  const { selected, mapped } = parseFields(version, entity, query, warnings, hidden);
  return { request: { entity, filter, sort, fields: mapped, limit, offset }, selected, warnings };
}

/** `fields` on a single-object GET follows the same rules as on a collection. */
export function parseFieldsOnly(version: OneRosterVersion, entity: EntityName, query: RawQuery, hidden: HiddenFields = NOTHING_HIDDEN): FieldSelection {
  return parseFields(version, entity, query, [], hidden);
}

function single(query: RawQuery, name: string): string | undefined {
  const value = query[name];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw OneRosterRequestError.invalidData(`the ${name} parameter may be given only once`);
  return String(value);
}

function parseWholeNumber(text: string | undefined, name: string, minimum: number): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (!/^\d{1,9}$/.test(trimmed) || Number(trimmed) < minimum) {
    throw OneRosterRequestError.invalidData(`${name} must be a whole number ${minimum === 1 ? 'of at least 1' : 'of 0 or more'}, got '${text.slice(0, 20)}'`);
  }
  return Number(trimmed);
}

function parseFilterParameter(text: string) {
  try {
    return parseFilter(text);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw OneRosterRequestError.invalidData(error.message);
    throw error;
  }
}

function parseSort(version: OneRosterVersion, entity: EntityName, query: RawQuery, warnings: StatusInfo[], hidden: HiddenFields): CollectionRequest['sort'] {
  const orderBy = single(query, 'orderBy')?.trim().toLowerCase();
  // The 1.1 OpenAPI file spells ascending "acs" in its enum; accept it.
  if (orderBy !== undefined && orderBy !== '' && !['asc', 'acs', 'desc'].includes(orderBy)) {
    throw OneRosterRequestError.invalidData(`orderBy must be asc or desc, got '${orderBy.slice(0, 20)}'`);
  }
  const direction = orderBy === 'desc' ? 'desc' : 'asc';
  const field = single(query, 'sort')?.trim();
  if (!field) return orderBy === 'desc' ? { field: 'sourcedId', direction } : undefined;
  const spec = publicField(version, entity, field, hidden);
  if (!spec || !SORTABLE_KINDS.has(spec.type.kind)) {
    // 1.2 has no invalid_sort_field and no warnings in a success body: the default order, silently.
    if (version.partialSuccess) {
      warnings.push(statusInfo('invalid_sort_field', `Unknown or unsortable sort field: ${field.slice(0, 60)}; the default order (sourcedId) was used`, { codeMajor: 'success', severity: 'warning' }));
    }
    return undefined;
  }
  return { field: spec.needs[0], direction };
}

function parseFields(version: OneRosterVersion, entity: EntityName, query: RawQuery, warnings: StatusInfo[], hidden: HiddenFields): FieldSelection {
  const all: FieldSelection = { mapped: mappedFieldsFor(version, entity, undefined, hidden) };
  const raw = query.fields;
  if (raw === undefined) return all;
  const names = (Array.isArray(raw) ? raw : [raw]).flatMap((part) => String(part).split(',')).map((name) => name.trim());
  if (names.every((name) => name === '')) {
    throw new OneRosterRequestError(
      version.partialSuccess ? 'invalid_blank_selection_field' : 'invalid_selection_field',
      'the fields parameter is blank; name at least one field or leave it out',
    );
  }
  const known = new Set(publicFields(version, entity, hidden).map((spec) => spec.name));
  const unknown = names.filter((name) => name !== '' && !known.has(name));
  if (unknown.length > 0) {
    if (!version.partialSuccess) {
      throw new OneRosterRequestError('invalid_selection_field', `Unknown field in fields parameter: ${unknown.map((name) => name.slice(0, 60)).join(', ')}`);
    }
    // 1.1: unknown selection fields return ALL data plus a warning per field.
    for (const name of unknown) {
      warnings.push(statusInfo('invalid_selection_field', `Unknown field in fields parameter: ${name.slice(0, 60)}`, { codeMajor: 'success', severity: 'warning' }));
    }
    return all;
  }
  const selected = [...new Set(names.filter((name) => name !== ''))];
  return { selected, mapped: mappedFieldsFor(version, entity, selected, hidden) };
}
