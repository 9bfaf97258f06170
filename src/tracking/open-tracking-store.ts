import type { AppConfig } from '../config/app-config';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { trackedEntities } from './snapshot-pass';
import { TrackingStore } from './tracking-store';

/** The tracking store, opened (and its tables created) only when some mapping declares `tracking:`. */
export async function openTrackingStore(config: AppConfig, mapping: CompiledMapping): Promise<TrackingStore | undefined> {
  if (trackedEntities(mapping).length === 0) return undefined;
  return TrackingStore.open(config.tracking.store);
}
