import { Inject, Injectable } from '@nestjs/common';
import type { CompiledMapping, EntityMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { buildCollectionQueries } from '../query/build-collection-query';
import { loadChildLists } from '../query/child-list-query';
import type { CollectionRequest } from '../query/collection-request';
import { SourceDatabase } from '../source/source-database';
import { OneRosterRecord, serializeRecord } from './record-serializer';

export const COMPILED_MAPPING = Symbol('CompiledMapping');

export interface RecordPage {
  readonly records: OneRosterRecord[];
  readonly total: number;
}

/**
 * Reads OneRoster records through the mappings: compiles the request, runs the page and count
 * queries in the source database, loads the page's lists in batches and serializes the rows.
 * Knows nothing about HTTP.
 */
@Injectable()
export class RosterReader {
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
    const queries = buildCollectionQueries(db, mapping, request, context, (entity) => this.entityMapping(entity));
    if (!queries.page || !queries.count) return { records: [], total: 0 };
    const [rows, counted] = await Promise.all([this.source.rows(queries.page), withCount ? this.source.rows(queries.count) : Promise.resolve([])]);
    const lists = await loadChildLists(db, queries.plan, rows, context, (query) => this.source.rows(query));
    const serialization = { apiBaseUrl, timeZone: context.timeZone, fields: request.fields };
    const records = rows.map((row, index) => serializeRecord(row, index, queries.plan, lists, mapping, serialization));
    return { records, total: withCount ? Number(counted[0]?.total ?? 0) : records.length };
  }
}
