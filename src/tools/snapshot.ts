import { RosterReader } from '../api/roster-reader';
import type { AppConfig } from '../config/app-config';
import { compileMappings } from '../mapping/compile-mappings';
import type { EntityName } from '../oneroster/entity-catalogue';
import { openConfiguredSource } from '../source/configured-source';
import { runSnapshotPass, SnapshotResult, trackedEntities } from '../tracking/snapshot-pass';
import { TrackingStore } from '../tracking/tracking-store';

export interface SnapshotOutcome {
  readonly mappings: string;
  /** The tracking store's display form (no password); absent when no mapping declares tracking:. */
  readonly store?: string;
  readonly results: readonly SnapshotResult[];
}

/**
 * `oneroster-adapter snapshot`: the change-tracking snapshot pass once, now, for every entity whose
 * mapping declares tracking: (the server also runs it every tracking.intervalMinutes). Reads the
 * configured source and writes only the adapter's own tracking store. `onEntity` hears of each
 * entity before its pass, for a progress bar.
 */
export async function runSnapshot(config: AppConfig, options: { onEntity?: (entity: EntityName, index: number, total: number) => void } = {}): Promise<SnapshotOutcome> {
  const mapping = compileMappings(config.mappings);
  const tracked = trackedEntities(mapping);
  if (tracked.length === 0) return { mappings: config.mappings, results: [] };
  const source = await openConfiguredSource(config, { poolMax: 1 });
  try {
    const store = await TrackingStore.open(config.tracking.store);
    try {
      const reader = new RosterReader(mapping, source);
      const results: SnapshotResult[] = [];
      // One entity per pass, in the pass's own order, so progress can be shown between them.
      for (const [index, entity] of tracked.entries()) {
        options.onEntity?.(entity, index, tracked.length);
        results.push(...(await runSnapshotPass(reader, store, mapping, { retentionDays: config.tracking.retentionDays, entities: [entity] })));
      }
      return { mappings: config.mappings, store: store.display, results };
    } finally {
      await store.close();
    }
  } finally {
    await source.close();
  }
}
