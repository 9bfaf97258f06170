import { FilterSyntaxError, parseFilter } from '../filter';
import { ENTITY_CATALOGUE, EntityName } from '../oneroster/entity-catalogue';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { statusInfo, StatusInfo } from '../errors/status-info';
import type { CollectionRequest } from '../query/collection-request';

export interface CollectionQueryLimits {
  readonly defaultLimit: number;
  readonly maxLimit: number;
}

export interface ParsedCollectionQuery {
  readonly request: CollectionRequest;
  /** 1.1 partial-success warnings (unknown sort or selection fields), sent as statusInfoSet. */
  readonly warnings: StatusInfo[];
}

type RawQuery = Record<string, unknown>;

const SORTABLE_KINDS = new Set(['string', 'enum', 'datetime', 'date', 'boolean', 'ref']);

/**
 * Turns the query string of a collection request into a CollectionRequest. Parameters this
 * provider does not know (SDS sends `limit ` with a trailing space) are ignored, as consumers
 * expect; known ones with bad values are refused with a 400 that says what is wrong.
 */
export function parseCollectionQuery(entity: EntityName, query: RawQuery, limits: CollectionQueryLimits): ParsedCollectionQuery {
  const warnings: StatusInfo[] = [];
  const limit = parseWholeNumber(single(query, 'limit'), 'limit', 1) ?? limits.defaultLimit;
  if (limit > limits.maxLimit) {
    throw OneRosterRequestError.invalidData(`limit ${limit} exceeds this provider's maximum of ${limits.maxLimit}; page with limit=${limits.maxLimit} and offset`);
  }
  const offset = parseWholeNumber(single(query, 'offset'), 'offset', 0) ?? 0;
  const filterText = single(query, 'filter');
  const filter = filterText === undefined || filterText.trim() === '' ? undefined : parseFilterParameter(filterText);
  const sort = parseSort(entity, query, warnings);
  const fields = parseFields(entity, query, warnings);
  return { request: { entity, filter, sort, fields, limit, offset }, warnings };
}

/** `fields` on a single-object GET follows the same rules as on a collection. */
export function parseFieldsOnly(entity: EntityName, query: RawQuery): ParsedCollectionQuery['request']['fields'] & unknown {
  return parseFields(entity, query, []);
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

function parseSort(entity: EntityName, query: RawQuery, warnings: StatusInfo[]): CollectionRequest['sort'] {
  const orderBy = single(query, 'orderBy')?.trim().toLowerCase();
  // The 1.1 OpenAPI file spells ascending "acs" in its enum; accept it.
  if (orderBy !== undefined && orderBy !== '' && !['asc', 'acs', 'desc'].includes(orderBy)) {
    throw OneRosterRequestError.invalidData(`orderBy must be asc or desc, got '${orderBy.slice(0, 20)}'`);
  }
  const direction = orderBy === 'desc' ? 'desc' : 'asc';
  const field = single(query, 'sort')?.trim();
  if (!field) return orderBy === 'desc' ? { field: 'sourcedId', direction } : undefined;
  const spec = ENTITY_CATALOGUE[entity].fields.find((candidate) => candidate.name === field);
  if (!spec || !SORTABLE_KINDS.has(spec.type.kind)) {
    warnings.push(statusInfo('invalid_sort_field', `Unknown or unsortable sort field: ${field.slice(0, 60)}; the default order (sourcedId) was used`, { codeMajor: 'success', severity: 'warning' }));
    return undefined;
  }
  return { field, direction };
}

function parseFields(entity: EntityName, query: RawQuery, warnings: StatusInfo[]): string[] | undefined {
  const raw = query.fields;
  if (raw === undefined) return undefined;
  const names = (Array.isArray(raw) ? raw : [raw]).flatMap((part) => String(part).split(',')).map((name) => name.trim());
  if (names.every((name) => name === '')) {
    throw new OneRosterRequestError('invalid_blank_selection_field', 'the fields parameter is blank; name at least one field or leave it out');
  }
  const known = new Set(ENTITY_CATALOGUE[entity].fields.map((spec) => spec.name));
  const unknown = names.filter((name) => name !== '' && !known.has(name));
  if (unknown.length > 0) {
    // 1.1: unknown selection fields return ALL data plus a warning per field.
    for (const name of unknown) {
      warnings.push(statusInfo('invalid_selection_field', `Unknown field in fields parameter: ${name.slice(0, 60)}`, { codeMajor: 'success', severity: 'warning' }));
    }
    return undefined;
  }
  return [...new Set(names.filter((name) => name !== ''))];
}
