import type { WalkProgress } from '../tools/roster-walk';
import { ProgressBar } from './output';

/**
 * Shows a roster walk (doctor, mappings check) as one bar per entity, each left in place when
 * done; undefined when the bar is off, so the walk does not spend a count query on each entity.
 */
export function walkProgressBars(bar: ProgressBar): ((progress: WalkProgress) => void) | undefined {
  if (!bar.live) return undefined;
  let entity: string | undefined;
  return (progress) => {
    if (progress.entity !== entity) {
      entity = progress.entity;
      bar.start(progress.total ?? progress.read, progress.entity);
    }
    bar.update(progress.read);
    if (progress.done) bar.stop();
  };
}
