import type { FilterExpression } from '../filter';
import type { EntityName } from '../oneroster/entity-catalogue';

/**
 * A collection request after HTTP parsing and validation, in OneRoster terms: what the query
 * engine needs and nothing about Express. `fields` is undefined for "all fields".
 */
export interface CollectionRequest {
  readonly entity: EntityName;
  readonly filter?: FilterExpression;
  /**
   * What the route itself fixes (a subtype like /students, a parent like /schools/{id}/classes),
   * ANDed with the client's filter as its own group: no OR in the filter can widen it.
   */
  readonly constraint?: readonly RouteConstraint[];
  readonly sort?: { readonly field: string; readonly direction: 'asc' | 'desc' };
  readonly fields?: readonly string[];
  readonly limit: number;
  readonly offset: number;
}

/**
 * One condition of a route, on the requested entity: a filter built in code, or a semi-join
 * `field IN (SELECT <other entity's field> FROM <other entity> WHERE <its constraint>)` that the
 * database answers inside the same statement.
 */
export type RouteConstraint =
  | { readonly kind: 'filter'; readonly filter: FilterExpression }
  | { readonly kind: 'in'; readonly field: string; readonly select: SubSelect }
  /** True when all constraints of at least one group hold (e.g. a session taught in a class, or the parent of one). */
  | { readonly kind: 'any'; readonly of: ReadonlyArray<readonly RouteConstraint[]> }
  /** The record's sourcedId is one of these (ids the change-tracking store selected). */
  | { readonly kind: 'ids'; readonly ids: readonly string[] };

/** One field (scalar, reference or list: every element) of the records of another entity. */
export interface SubSelect {
  readonly entity: EntityName;
  readonly field: string;
  readonly constraint: readonly RouteConstraint[];
}
