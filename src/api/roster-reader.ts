import { Inject, Injectable } from '@nestjs/common';
import type { CompiledMapping, EntityMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { buildCollectionQueries } from '../query/build-collection-query';
import { loadChildLists } from '../query/child-list-query';
import type { CollectionRequest, RouteConstraint } from '../query/collection-request';
import { buildKeyedPageQueries, KeyedPageQueries, SourcePosition } from '../query/keyed-page-query';
import type { OutputPlan } from '../query/output-plan';
import { SOURCE_COLUMN } from '../query/output-plan';
import { SourceDatabase } from '../source/source-database';
import { COUNT_REUSE_MS, PageCursor, PageCursors, SourceCounts } from './page-cursors';
import { OneRosterRecord, serializeRecord } from './record-serializer';

export const COMPILED_MAPPING = Symbol('CompiledMapping');

export interface RecordPage {
  readonly records: OneRosterRecord[];
  readonly total: number;
}

type Row = Record<string, unknown>;

/**
 * Reads OneRoster records through the mappings: compiles the request, runs the page and count
 * queries in the source database, loads the page's lists in batches and serializes the rows.
 * Knows nothing about HTTP.
 *
 * Without a `sort`, pages come in the keyed default order (buildKeyedPageQueries) and a walk's
 * next page continues after the last key of the previous one (PageCursors), so the last page of
 * a million enrollments costs what the first does, and the walk counts its records once.
 */
@Injectable()
export class RosterReader {
  private readonly cursors = new PageCursors();

  constructor(
    @Inject(COMPILED_MAPPING) private readonly mapping: CompiledMapping,
    private readonly source: SourceDatabase,
  ) {}

  serves(entity: EntityName): boolean {
    return this.mapping.entities.has(entity);
  }

  entityMapping(entity: EntityName): EntityMapping {
    const mapping = this.mapping.entities.get(entity);
    if (!mapping) throw OneRosterRequestError.unknownObject(`This provider does not serve ${entity}: the mapping has no ${entity} file`);
    return mapping;
  }

  async page(request: CollectionRequest, apiBaseUrl: string, withCount = true): Promise<RecordPage> {
    const mapping = this.entityMapping(request.entity);
    const { db, context } = this.source;
    const resolve = (entity: EntityName) => this.entityMapping(entity);
    const keyed = buildKeyedPageQueries(db, mapping, request, context, resolve);
    if (keyed) {
      const { rows, total } = await this.keyedRows(keyed, request, withCount);
      return { records: await this.serialize(rows, keyed.plan, mapping, request, apiBaseUrl), total };
    }
    const queries = buildCollectionQueries(db, mapping, request, context, resolve);
    if (!queries.page || !queries.count) return { records: [], total: 0 };
    const [rows, counted] = await Promise.all([this.source.rows(queries.page), withCount ? this.source.rows(queries.count) : Promise.resolve([])]);
    const records = await this.serialize(rows, queries.plan, mapping, request, apiBaseUrl);
    return { records, total: withCount ? Number(counted[0]?.total ?? 0) : records.length };
  }

  /**
   * Every record a request selects, a page at a time, each page continuing after the last key of
   * the one before: no record is skipped or read twice however the table changes meanwhile, which
   * the snapshot pass relies on (a record it missed would be taken for deleted). An entity without
   * a keyed order is walked by its sourcedId text instead.
   */
  async *walk(request: Omit<CollectionRequest, 'limit' | 'offset'>, apiBaseUrl: string, pageSize: number): AsyncGenerator<OneRosterRecord[]> {
    const mapping = this.entityMapping(request.entity);
    const { db, context } = this.source;
    const paged: CollectionRequest = { ...request, limit: pageSize, offset: 0 };
    const keyed = buildKeyedPageQueries(db, mapping, paged, context, (entity) => this.entityMapping(entity));
    if (!keyed) {
      yield* this.walkBySourcedId(paged, apiBaseUrl);
      return;
    }
    for (const source of keyed.sources) {
      let position: SourcePosition = { offset: 0 };
      for (;;) {
        const rows = await this.source.rows(source.page(position, pageSize));
        if (rows.length > 0) yield await this.serialize(rows, keyed.plan, mapping, paged, apiBaseUrl);
        if (rows.length < pageSize) break;
        const last = rows[rows.length - 1];
        position = { after: source.keyColumns.map((column) => last[column]), offset: 0 };
      }
    }
  }

  private async *walkBySourcedId(request: CollectionRequest, apiBaseUrl: string): AsyncGenerator<OneRosterRecord[]> {
    const fields = request.fields && !request.fields.includes('sourcedId') ? [...request.fields, 'sourcedId'] : request.fields;
    let after: string | undefined;
    for (;;) {
      const past = after === undefined ? [] : [sourcedIdAfter(after)];
      const constraint = [...(request.constraint ?? []), ...past];
      const page = await this.page({ ...request, fields, constraint, sort: { field: 'sourcedId', direction: 'asc' } }, apiBaseUrl, false);
      if (page.records.length > 0) yield page.records;
      if (page.records.length < request.limit) return;
      after = String(page.records[page.records.length - 1].sourcedId);
    }
  }

  /**
   * The rows of one page in the keyed order, and the total. A page continuing a walk seeks past
   * the previous page's last key and reuses the walk's counts; any other page counts first and
   * skips whole sources by their counts, then OFFSETs into the one it starts in.
   */
  private async keyedRows(keyed: KeyedPageQueries, request: CollectionRequest, withCount: boolean): Promise<{ rows: Row[]; total: number }> {
    if (!keyed.counts || keyed.sources.length === 0) return { rows: [], total: 0 };
    const signature = PageCursors.signature(request);
    const cursor = request.offset > 0 ? this.cursors.find(signature, request.offset) : undefined;
    // Counts are needed for X-Total-Count, and to find where a page asked out of turn starts.
    const needed = withCount || (!cursor && request.offset > 0);
    const walked = cursor?.counts && Date.now() - cursor.countedAt <= COUNT_REUSE_MS ? { counts: cursor.counts, countedAt: cursor.countedAt } : undefined;
    // A first page always counts afresh (a new walk's total is as of its start); a later page asked
    // out of turn may take the query's count from the last 30 s.
    const reusable = walked ?? (request.offset > 0 ? this.cursors.recentCounts(signature) : undefined);
    const counts = keyed.counts;
    const counting = needed ? (reusable ? Promise.resolve(reusable) : this.cursors.count(signature, () => this.countPerSource(counts))) : undefined;
    // Counted alongside the first source's page; handled here so a failing page cannot leave it unobserved.
    counting?.catch(() => undefined);

    let start: { at: number; position: SourcePosition } | undefined;
    if (cursor) start = { at: keyed.sources.findIndex((source) => source.index === cursor.source), position: { after: cursor.after, offset: 0 } };
    else if (request.offset === 0) start = { at: 0, position: { offset: 0 } };
    else start = locate(keyed, (await counting!).counts, request.offset);

    const rows: Row[] = [];
    if (start && start.at >= 0) {
      for (let at = start.at; at < keyed.sources.length && rows.length < request.limit; at++) {
        const position = at === start.at ? start.position : { offset: 0 };
        rows.push(...(await this.source.rows(keyed.sources[at].page(position, request.limit - rows.length))));
      }
    }
    const counted = await counting;
    if (rows.length === request.limit) {
      const last = rows[rows.length - 1];
      const source = keyed.sources.find((candidate) => candidate.index === Number(last[SOURCE_COLUMN]))!;
      const next: PageCursor = { source: source.index, after: source.keyColumns.map((column) => last[column]), counts: counted?.counts, countedAt: counted?.countedAt ?? 0 };
      this.cursors.put(signature, request.offset + request.limit, next);
    }
    const total = counted ? [...counted.counts.values()].reduce((sum, count) => sum + count, 0) : rows.length;
    return { rows, total };
  }

  private async countPerSource(query: NonNullable<KeyedPageQueries['counts']>): Promise<SourceCounts> {
    const countedAt = Date.now();
    const rows = await this.source.rows(query);
    return { counts: new Map(rows.map((row) => [Number(row.__source), Number(row.total)])), countedAt };
  }

  private async serialize(rows: Row[], plan: OutputPlan, mapping: EntityMapping, request: CollectionRequest, apiBaseUrl: string): Promise<OneRosterRecord[]> {
    const { db, context } = this.source;
    const lists = await loadChildLists(db, plan, rows, context, (query) => this.source.rows(query));
    const serialization = { apiBaseUrl, timeZone: context.timeZone, fields: request.fields };
    return rows.map((row, index) => serializeRecord(row, index, plan, lists, mapping, serialization));
  }
}

function sourcedIdAfter(after: string): RouteConstraint {
  const position = { offset: 0, column: 1, length: 0 };
  return { kind: 'filter', filter: { kind: 'predicate', field: 'sourcedId', path: ['sourcedId'], operator: '>', value: after, position, valuePosition: position } };
}

/** The source an offset falls in, and the offset within it; undefined past the end. */
function locate(keyed: KeyedPageQueries, counts: ReadonlyMap<number, number>, offset: number): { at: number; position: SourcePosition } | undefined {
  let skipped = 0;
  for (let at = 0; at < keyed.sources.length; at++) {
    const count = counts.get(keyed.sources[at].index) ?? 0;
    if (offset < skipped + count) return { at, position: { offset: offset - skipped } };
    skipped += count;
  }
  return undefined;
}
