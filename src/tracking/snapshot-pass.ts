import { createHash, randomUUID } from 'node:crypto';
import type { RosterReader } from '../api/roster-reader';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { ENTITY_CATALOGUE, EntityName } from '../oneroster/entity-catalogue';
import type { OneRosterRecord } from '../api/record-serializer';
import { PassCounts, TrackingStore } from './tracking-store';

/** Records per page of the pass; each page continues after the last key (RosterReader.walk), so rows changing meanwhile are neither skipped nor doubled. */
const PAGE = 2000;
/** How long a pass holds an entity without renewing (it renews after every page). */
const LEASE_MS = 10 * 60_000;

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
 * SIS a deletion time. A pass that fails part-way marks nothing deleted. An entity another
 * instance is passing over (it holds the store's lease) is skipped and reported to `onSkipped`.
 */
export async function runSnapshotPass(
  reader: RosterReader,
  store: TrackingStore,
  mapping: CompiledMapping,
  options: { retentionDays: number; entities?: readonly EntityName[]; now?: () => Date; onSkipped?: (entity: EntityName) => void },
): Promise<SnapshotResult[]> {
  const now = options.now ?? (() => new Date());
  const results: SnapshotResult[] = [];
  for (const entity of options.entities ?? trackedEntities(mapping)) {
    // Instances sharing a store would each take the other's records for vanished: one pass per entity at a time.
    const holder = randomUUID();
    if (!(await store.takeLease(entity, holder, LEASE_MS))) {
      options.onSkipped?.(entity);
      continue;
    }
    try {
      const started = Date.now();
      const run = await store.startRun(entity, now());
      const counts: PassCounts = { records: 0, added: 0, changed: 0, deleted: 0 };
      const fields = ENTITY_CATALOGUE[entity].fields.map((field) => field.name);
      for await (const records of reader.walk({ entity, fields }, '', PAGE)) {
        await store.recordPage(entity, run, records.map((record) => ({ sourcedId: String(record.sourcedId), hash: contentHash(record) })), now(), counts);
        if (!(await store.takeLease(entity, holder, LEASE_MS))) throw new Error(`the snapshot pass of ${entity} lost its lease (it stalled for more than ${LEASE_MS / 60_000} minutes)`);
      }
      counts.deleted = await store.markVanished(entity, run, now(), options.retentionDays);
      await store.finishRun(run, counts, now());
      results.push({ entity, counts, milliseconds: Date.now() - started });
    } finally {
      await store.releaseLease(entity, holder);
    }
  }
  return results;
}

/** What a consumer would see change: the record as served, without its own change date. */
export function contentHash(record: OneRosterRecord): string {
  const { dateLastModified: _ignored, ...content } = record;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}
