import type { OneRosterRecord } from '../api/record-serializer';
import type { RosterReader } from '../api/roster-reader';
import type { FilterExpression } from '../filter';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { DataFinding, WALK_ORDER } from './roster-data-check';

/**
 * Reads every record of every served entity through the query engine, as a consumer pages
 * through the API: in `sourcedId` order, WALK_PAGE_SIZE at a time, referenced entities first.
 * Only one page is held at a time; what is kept across pages is up to the sink. Shared by
 * `npm run mappings:check` and `npm run doctor`.
 */
export interface RosterSink {
  /**
   * One page of an entity's records, as the engine serializes them (mapped fields). The walk
   * awaits what it returns, so a writer's promise holds the next page back (backpressure).
   */
  add(entity: EntityName, records: readonly OneRosterRecord[]): unknown;
  /** The entity has been read completely (awaited like `add`). */
  complete(entity: EntityName): unknown;
  /** Something the walker noticed itself (pages read smaller than asked). */
  note(entity: EntityName, finding: DataFinding): void;
  /** The entity could not be read (completely). */
  fail(entity: EntityName, reason: string): void;
}

export interface WalkProgress {
  readonly entity: EntityName;
  /** Records read so far. */
  readonly read: number;
  /** The entity's record count, when the walk was asked to count (`count: true`). */
  readonly total?: number;
  /** The entity is done (read completely, or given up on). */
  readonly done: boolean;
}

export interface WalkOptions {
  /** Ask for the record count with the first page of each entity (for a progress bar's total). */
  readonly count?: boolean;
  readonly onProgress?: (progress: WalkProgress) => void;
  readonly pageSize?: number;
  /** Only the records matching this filter (e.g. a delta's dateLastModified), as the API's filter parameter would select them. */
  readonly filter?: FilterExpression;
  /** Only these fields (undefined: all), as the API's fields parameter. */
  readonly fields?: readonly string[];
  /** Read in the engine's default (keyed) order, whose deep pages cost what the first does, rather than in sourcedId order. */
  readonly keyedOrder?: boolean;
}

/** What the walk reads pages from: the RosterReader, or the TrackedRosterReader that adds change tracking. */
export type RosterPages = Pick<RosterReader, 'page'>;

/** Page size of the walk: large pages, few round trips, bounded memory (SDS pages by 5,000 too). */
export const WALK_PAGE_SIZE = 5000;
/** What a page that failed at WALK_PAGE_SIZE is retried with. */
export const FALLBACK_PAGE_SIZE = 500;
/** hrefs of the GUIDRefs the walk reads; no check looks at them. */
export const WALK_API_BASE = 'http://roster-walk.invalid/ims/oneroster/v1p1';

/**
 * Entities whose dateLastModified the adapter's change tracking stamps (`tracking.lastModified:
 * snapshot`): their mappings feed none, the server serves the stamp (always …SSSZ), and a walk
 * through the mapping alone has none to check.
 */
export function stampedLastModified(mapping: CompiledMapping): EntityName[] {
  return [...mapping.entities.values()]
    .filter((entity) => (entity as { tracking?: { lastModified?: boolean } }).tracking?.lastModified === true)
    .map((entity) => entity.entity);
}

/** The served entities in walk order (referenced entities before those that point at them). */
export function walkOrder(served: readonly EntityName[]): EntityName[] {
  return WALK_ORDER.filter((entity) => served.includes(entity));
}

export async function walkRoster(reader: RosterPages, served: readonly EntityName[], sink: RosterSink, options: WalkOptions = {}): Promise<void> {
  for (const entity of walkOrder(served)) await walkEntity(reader, entity, sink, options);
}

/**
 * One entity. A page size the engine cannot serve is reported (the API fails the same way for
 * such a limit) and the walk goes on in smaller pages.
 */
async function walkEntity(reader: RosterPages, entity: EntityName, sink: RosterSink, options: WalkOptions): Promise<void> {
  let pageSize = options.pageSize ?? WALK_PAGE_SIZE;
  let read = 0;
  let total: number | undefined;
  for (;;) {
    let records: OneRosterRecord[];
    try {
      const sort = options.keyedOrder ? undefined : { field: 'sourcedId', direction: 'asc' as const };
      const request = { entity, filter: options.filter, fields: options.fields, sort, limit: pageSize, offset: read };
      // A keyed walk asks for the count on every page: the reader then continues from the previous
      // page's last key (and reuses its count) instead of OFFSET-scanning to deep pages.
      const withCount = options.keyedOrder === true || (options.count === true && total === undefined);
      const page = await reader.page(request, WALK_API_BASE, withCount);
      records = page.records;
      if (withCount) total ??= page.total;
    } catch (error) {
      if (pageSize > FALLBACK_PAGE_SIZE) {
        sink.note(entity, {
          severity: 'warning',
          code: 'PAGE_TOO_LARGE',
          count: 0,
          examples: [],
          message: `a page of ${pageSize} ${entity} failed (${errorReason(error)}); read in pages of ${FALLBACK_PAGE_SIZE} instead. The API fails the same way for a limit this large`,
        });
        pageSize = FALLBACK_PAGE_SIZE;
        continue;
      }
      sink.fail(entity, errorReason(error));
      options.onProgress?.({ entity, read, total, done: true });
      return;
    }
    await sink.add(entity, records);
    read += records.length;
    const done = records.length < pageSize;
    options.onProgress?.({ entity, read, total, done });
    if (done) break;
  }
  await sink.complete(entity);
}

/** The database's words without the SQL knex puts in front of them (which can be very long). */
export function errorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const sqlPrefixed = /^\s*(select|with)\b/i.test(message) && message.includes(' - ');
  return (sqlPrefixed ? message.slice(message.lastIndexOf(' - ') + 3) : message).split(/\r?\n/)[0].trim();
}
