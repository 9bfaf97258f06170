import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { RosterReader, COMPILED_MAPPING } from '../api/roster-reader';
import { AppConfig } from '../config/app-config';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { runSnapshotPass, SnapshotResult } from './snapshot-pass';
import { TRACKING_STORE } from './tracked-roster-reader';
import type { TrackingStore } from './tracking-store';

/**
 * Runs the snapshot pass at startup and every `tracking.intervalMinutes`, one pass at a time.
 * A failed pass (the SIS is down) is logged and retried at the next tick; it marks nothing deleted.
 */
@Injectable()
export class SnapshotScheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Tracking');
  private timer?: NodeJS.Timeout;
  private running?: Promise<SnapshotResult[]>;

  constructor(
    private readonly reader: RosterReader,
    @Inject(COMPILED_MAPPING) private readonly mapping: CompiledMapping,
    @Inject(TRACKING_STORE) private readonly store: TrackingStore | undefined,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.store || this.config.tracking.intervalMinutes === 0) return;
    void this.runPass().catch(() => undefined);
    this.timer = setInterval(() => void this.runPass().catch(() => undefined), this.config.tracking.intervalMinutes * 60_000);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass now (or the one already running). */
  runPass(): Promise<SnapshotResult[]> {
    if (!this.store) return Promise.resolve([]);
    if (!this.running) {
      const started = runSnapshotPass(this.reader, this.store, this.mapping, {
        retentionDays: this.config.tracking.retentionDays,
        onSkipped: (entity) => this.logger.log(`snapshot of ${entity} skipped: another instance sharing the tracking store is passing over it`),
      });
      this.running = started
        .then((results) => {
          for (const result of results) {
            const { records, added, changed, deleted } = result.counts;
            this.logger.log(`snapshot of ${result.entity}: ${records} records, ${added} new, ${changed} changed, ${deleted} deleted (${result.milliseconds} ms)`);
          }
          return results;
        })
        .catch((error: unknown) => {
          // Name and code only: driver messages can carry SQL and connection details.
          const reason = error instanceof Error ? `${error.name}${(error as { code?: string }).code ? ` ${(error as { code?: string }).code}` : ''}` : 'unknown error';
          this.logger.warn(`snapshot pass failed (${reason}); nothing was marked deleted, it runs again at the next interval`);
          throw error;
        })
        .finally(() => {
          this.running = undefined;
        });
    }
    return this.running;
  }
}
