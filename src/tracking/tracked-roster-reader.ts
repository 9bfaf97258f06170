import { Inject, Injectable } from '@nestjs/common';
import { RecordPage, RosterReader } from '../api/roster-reader';
import type { OneRosterRecord } from '../api/record-serializer';
import { AppConfig } from '../config/app-config';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { FilterExpression, FilterPredicate } from '../filter';
import type { EntityMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { buildCollectionQueries } from '../query/build-collection-query';
import type { CollectionRequest } from '../query/collection-request';
import { parseFilterLiteral } from '../query/filter-literal';
import { deletedRecordsMapping } from './deleted-records-mapping';
import { TrackingStore } from './tracking-store';

export const TRACKING_STORE = Symbol('TrackingStore');

const SQL_OPERATORS = { '>': '>', '>=': '>=', '<': '<', '<=': '<=', '=': '=', '!=': '<>' } as const;

/**
 * Reads records like RosterReader, plus what the change-tracking store knows, for entities whose
 * mapping declares `tracking:`:
 *
 * - `lastModified: snapshot`: dateLastModified comes from the store; a dateLastModified filter is
 *   answered by the store (ids changed since T, from an index) and becomes `sourcedId IN (…)` in
 *   the SIS query, so paging, other filters and counts stay exact and in SQL.
 * - `deletions: snapshot`: records that vanished from the SIS follow the live records as
 *   `tobedeleted` stubs (sourcedId, status, dateLastModified) wherever the filter can match a stub,
 *   paged and counted by the store's own SQL. Routes that constrain the entity (a parent, a
 *   subtype, a client's orgs) cannot be decided for a stub, so they get none.
 */
@Injectable()
export class TrackedRosterReader {
  constructor(
    private readonly reader: RosterReader,
    @Inject(TRACKING_STORE) private readonly store: TrackingStore | undefined,
    private readonly config: AppConfig,
  ) {}

  async page(request: CollectionRequest, apiBaseUrl: string, withCount = true): Promise<RecordPage> {
    const mapping = this.reader.entityMapping(request.entity);
    const { tracking } = mapping;
    if (!this.store || (!tracking.deletions && !tracking.lastModified)) return this.reader.page(request, apiBaseUrl, withCount);

    // The store is keyed by sourcedId, so it is read even when the client did not select it.
    const keyed = request.fields && !request.fields.includes('sourcedId') ? { ...request, fields: [...request.fields, 'sourcedId'] } : request;
    const live = tracking.lastModified ? await this.withChangedIds(keyed) : keyed;
    const stubs = tracking.deletions && !request.constraint?.length;
    if (!stubs) return this.withStoreState(mapping, await this.reader.page(live, apiBaseUrl, withCount));

    // Live records first (revived before any stub is read), then the stubs: the page takes what it needs from each part.
    const page = await this.withStoreState(mapping, await this.reader.page(live, apiBaseUrl, true));
    const stubOffset = Math.max(0, request.offset - page.total);
    const stubLimit = request.offset + request.limit - Math.max(request.offset, page.total);
    const deleted = await this.deletedPage(request, stubOffset, Math.max(stubLimit, 0));
    return { records: [...page.records, ...deleted.records], total: page.total + deleted.total };
  }

  /** A deleted record by id, while it is retained (oneroster-spec §11: 200 with status tobedeleted, not 404). */
  async deletedRecord(entity: EntityName, sourcedId: string, fields: readonly string[] | undefined): Promise<OneRosterRecord | undefined> {
    if (!this.store || !this.reader.entityMapping(entity).tracking.deletions) return undefined;
    const state = (await this.store.states(entity, [sourcedId])).get(sourcedId);
    if (!state?.deletedAt) return undefined;
    const stub: OneRosterRecord = { sourcedId, status: 'tobedeleted', dateLastModified: TrackingStore.instant(state.deletedAt).toISOString() };
    return fields ? Object.fromEntries(Object.entries(stub).filter(([name]) => fields.includes(name))) : stub;
  }

  /**
   * One read of the store's state for a page of live records. Records the store still has as
   * deleted came back since the last pass: they are revived (before any stub is served). For
   * `lastModified` entities, dateLastModified comes from the store; a record no pass has seen yet
   * is stamped now and keeps that date.
   */
  private async withStoreState(mapping: EntityMapping, page: RecordPage): Promise<RecordPage> {
    const { deletions, lastModified } = mapping.tracking;
    if (!this.store || page.records.length === 0 || page.records[0].sourcedId === undefined) return page;
    const ids = page.records.map((record) => String(record.sourcedId));
    const states = await this.store.states(mapping.entity, ids);
    const now = new Date();
    const returned = deletions ? ids.filter((id) => states.get(id)?.deletedAt) : [];
    if (returned.length) {
      await this.store.revive(mapping.entity, returned, now);
      for (const id of returned) states.set(id, { ...states.get(id)!, deletedAt: null, contentHash: null, changedAt: TrackingStore.timestamp(now) });
    }
    if (!lastModified) return page;
    const unseen = ids.filter((id) => !states.has(id));
    if (unseen.length) {
      await this.store.stampFirstSeen(mapping.entity, unseen, now);
      // Another instance sharing the store may have stamped them first: its date is the one kept.
      for (const [id, state] of await this.store.states(mapping.entity, unseen)) states.set(id, state);
    }
    const records = page.records.map((record) => {
      const state = states.get(String(record.sourcedId));
      return state ? { ...record, dateLastModified: TrackingStore.instant(state.changedAt).toISOString() } : record;
    });
    return { ...page, records };
  }

  /**
   * dateLastModified comparisons at the top level of the filter (alone or ANDed, as SDS sends
   * them) become a constraint on the ids the store says changed; anywhere else in the filter the
   * store cannot answer them in the same statement, so that is refused with a clear 400.
   */
  private async withChangedIds(request: CollectionRequest): Promise<CollectionRequest> {
    const sort = request.sort?.field === 'dateLastModified' ? undefined : request.sort;
    if (!request.filter) return { ...request, sort };
    const conjuncts = request.filter.kind === 'logical' && request.filter.operator === 'AND' ? request.filter.operands : [request.filter];
    const changed = conjuncts.filter(isLastModified) as FilterPredicate[];
    const rest = conjuncts.filter((node) => !isLastModified(node));
    if (rest.some(mentionsLastModified)) {
      throw OneRosterRequestError.invalidData(`${request.entity}.dateLastModified is kept by change tracking; combine it with other conditions by AND only`);
    }
    if (changed.length === 0) return { ...request, sort };
    const ids: string[][] = [];
    for (const predicate of changed) {
      if (predicate.operator === '~') throw OneRosterRequestError.invalidData('~ (contains) applies to text fields, not dateLastModified');
      const literal = parseFilterLiteral({ kind: 'datetime' }, predicate);
      const stamp = TrackingStore.timestamp((literal as { value: Date }).value);
      const found = await this.store!.liveIdsChanged(request.entity, SQL_OPERATORS[predicate.operator], stamp, this.config.tracking.maxChangedIds);
      if (found.length > this.config.tracking.maxChangedIds) {
        throw OneRosterRequestError.invalidData(
          `more than ${this.config.tracking.maxChangedIds} ${request.entity} match this dateLastModified filter; request a full sync (filter=status='active') or a later dateLastModified`,
        );
      }
      ids.push(found);
    }
    const intersection = ids.reduce((all, next) => all.filter((id) => next.includes(id)));
    const filter: FilterExpression | undefined = rest.length === 0 ? undefined : rest.length === 1 ? rest[0] : { ...(request.filter as FilterExpression & { kind: 'logical' }), operands: rest };
    return { ...request, sort, filter, constraint: [...(request.constraint ?? []), { kind: 'ids', ids: intersection }] };
  }

  private async deletedPage(request: CollectionRequest, offset: number, limit: number): Promise<RecordPage> {
    const store = this.store!;
    const mapping = deletedRecordsMapping(request.entity);
    const context = { dialect: store.dialect, timeZone: 'UTC' };
    const fields = request.fields?.filter((field) => ['sourcedId', 'status', 'dateLastModified'].includes(field));
    const stubRequest: CollectionRequest = { entity: request.entity, filter: request.filter, sort: request.sort, fields, limit: Math.max(limit, 1), offset };
    const queries = buildCollectionQueries(store.db, mapping, stubRequest, context, () => {
      throw new Error('deleted-record stubs have no relations');
    });
    if (!queries.page || !queries.count) return { records: [], total: 0 };
    const [counted] = (await queries.count) as Array<{ total: number | string }>;
    const total = Number(counted?.total ?? 0);
    if (limit === 0) return { records: [], total };
    const rows = (await queries.page) as Array<Record<string, unknown>>;
    const records = rows.map((row) => {
      const record: OneRosterRecord = {};
      if (row.sourcedId !== undefined) record.sourcedId = String(row.sourcedId);
      if (row.status !== undefined) record.status = 'tobedeleted';
      if (row.dateLastModified !== undefined) record.dateLastModified = TrackingStore.instant(String(row.dateLastModified)).toISOString();
      return record;
    });
    return { records, total };
  }
}

function isLastModified(node: FilterExpression): boolean {
  return node.kind === 'predicate' && node.path.length === 1 && node.path[0] === 'dateLastModified';
}

function mentionsLastModified(node: FilterExpression): boolean {
  return node.kind === 'predicate' ? node.path[0] === 'dateLastModified' : node.operands.some(mentionsLastModified);
}
