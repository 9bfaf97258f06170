import { createHash } from 'node:crypto';
import type { RosterReader } from '../api/roster-reader';
import type { FilterPredicate } from '../filter';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { ENTITY_CATALOGUE, EntityName } from '../oneroster/entity-catalogue';
import type { OneRosterRecord } from '../api/record-serializer';
import { PassCounts, TrackingStore } from './tracking-store';

/** Records per page of the pass; pages are keyset-paged by sourcedId, so rows changing meanwhile are neither skipped nor doubled. */
const PAGE = 2000;
const NO_POSITION = { offset: 0, column: 1, length: 0 };

export interface SnapshotResult {
  readonly entity: EntityName;
  readonly counts: PassCounts;
  readonly milliseconds: number;
}

/** The entities whose mapping asks for the snapshot pass. */
export function trackedEntities(mapping: CompiledMapping): EntityName[] {
  return [...mapping.entities.values()].filter((entity) => entity.tracking.deletions || entity.tracking.lastModified).map((entity) => entity.entity);
}

/**
 * One snapshot pass: reads every record of each tracked entity through the same query engine the
 * API uses, hashes what the API would serve (all mapped fields but dateLastModified), and brings
 * the store up to date: new and changed records get a new change time, records no longer in the
 * SIS a deletion time. A pass that fails part-way marks nothing deleted.
 */
export async function runSnapshotPass(
  reader: RosterReader,
  store: TrackingStore,
  mapping: CompiledMapping,
  options: { retentionDays: number; entities?: readonly EntityName[]; now?: () => Date },
): Promise<SnapshotResult[]> {
  const now = options.now ?? (() => new Date());
  const results: SnapshotResult[] = [];
  for (const entity of options.entities ?? trackedEntities(mapping)) {
    const started = Date.now();
    const run = await store.startRun(entity, now());
    const counts: PassCounts = { records: 0, added: 0, changed: 0, deleted: 0 };
    const fields = ENTITY_CATALOGUE[entity].fields.map((field) => field.name);
    let after: string | undefined;
    for (;;) {
      const filter: FilterPredicate | undefined = after === undefined ? undefined : { kind: 'predicate', field: 'sourcedId', path: ['sourcedId'], operator: '>', value: after, position: NO_POSITION, valuePosition: NO_POSITION };
      const page = await reader.page({ entity, filter, sort: { field: 'sourcedId', direction: 'asc' }, fields, limit: PAGE, offset: 0 }, '', false);
      if (page.records.length > 0) {
        await store.recordPage(entity, run, page.records.map((record) => ({ sourcedId: String(record.sourcedId), hash: contentHash(record) })), now(), counts);
        after = String(page.records[page.records.length - 1].sourcedId);
      }
      if (page.records.length < PAGE) break;
    }
    counts.deleted = await store.markVanished(entity, run, now(), options.retentionDays);
    await store.finishRun(run, counts, now());
    results.push({ entity, counts, milliseconds: Date.now() - started });
  }
  return results;
}

/** What a consumer would see change: the record as served, without its own change date. */
export function contentHash(record: OneRosterRecord): string {
  const { dateLastModified: _ignored, ...content } = record;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}
