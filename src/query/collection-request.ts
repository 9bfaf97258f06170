import type { FilterExpression } from '../filter';
import type { EntityName } from '../oneroster/entity-catalogue';

/**
 * A collection request after HTTP parsing and validation, in OneRoster terms: what the query
 * engine needs and nothing about Express. `fields` is undefined for "all fields".
 */
export interface CollectionRequest {
  readonly entity: EntityName;
  readonly filter?: FilterExpression;
  readonly sort?: { readonly field: string; readonly direction: 'asc' | 'desc' };
  readonly fields?: readonly string[];
  readonly limit: number;
  readonly offset: number;
}
