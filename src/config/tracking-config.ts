import { IsInt, IsString, Max, Min } from 'class-validator';

/**
 * The adapter-owned change-tracking store and its snapshot pass (src/tracking/). Used only by
 * entities whose mapping declares `tracking:`. The SIS is never written to; the store is.
 */
export class TrackingConfig {
  /**
   * Connection URL of the adapter's own database: `sqlite:data/tracking.sqlite` (default, one
   * instance), or a MySQL/MariaDB/PostgreSQL database shared by every instance when you run more
   * than one. The login needs to create tables and write.
   */
  @IsString()
  store = 'sqlite:data/tracking.sqlite';

  /** Minutes between scheduled snapshot passes; 0 runs them only on demand (`npm run snapshot`). */
  @IsInt() @Min(0) @Max(10080)
  intervalMinutes = 15;

  /** How long a deleted record is served as a `tobedeleted` stub (oneroster-spec §11: ≥ 90 days). */
  @IsInt() @Min(1) @Max(3650)
  retentionDays = 90;

  /**
   * Most records a dateLastModified filter on a `lastModified: snapshot` entity may select (they
   * become an id list in the SIS query); larger deltas are refused with a 400 that says so.
   */
  @IsInt() @Min(100) @Max(1000000)
  maxChangedIds = 50000;
}
