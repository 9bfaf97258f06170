import { createHash } from 'node:crypto';
import type { CollectionRequest } from '../query/collection-request';

/** Where a walk in the default order stands after a full page: the source and key it ended on, and the counts it started with. */
export interface PageCursor {
  readonly source: number;
  readonly after: readonly unknown[];
  /** Records per source (__source → count) as counted for the walk; absent when the walk did not count. */
  readonly counts?: ReadonlyMap<number, number>;
  /** When the counts were taken (ms since the epoch). */
  readonly countedAt: number;
}

/** Cursors kept at once: a few per concurrent walk; each is a handful of key values. */
const MAX_CURSORS = 5000;
/** A walk that pauses longer than this between pages starts over with OFFSET (still correct, just slower). */
const CURSOR_IDLE_MS = 15 * 60_000;
/**
 * How long a walk's counts are reused for X-Total-Count. SDS loops until the count, so it must
 * be exact: it is the count as of at most this long ago, taken by the same walk. Counting a
 * million enrollments for each of their 200 pages would cost as much as reading them.
 */
export const COUNT_REUSE_MS = 5 * 60_000;
/**
 * How long a later page of the same query asked out of turn (not continuing a walk: another
 * instance's walk, several clients jumping around) reuses a count: a count of a million rows costs
 * seconds, and eight clients paging one collection would otherwise each pay it for every page.
 */
export const RECENT_COUNT_MS = 30_000;
/** Queries whose recent counts are kept. */
const MAX_COUNTS = 1000;

export interface SourceCounts {
  readonly counts: ReadonlyMap<number, number>;
  readonly countedAt: number;
}

/**
 * Remembers, per query and per next offset, where the previous page ended, so that the next page
 * (`offset` + `limit`, as SDS, the doctor and the CSV export ask for it) seeks past that key
 * instead of skipping `offset` rows. In memory and per instance: a page asked of another instance,
 * or after a pause, falls back to OFFSET and gives the same records.
 *
 * Keyed by everything that decides which records a query yields in which order (entity, filter,
 * route and client constraints); not by the fields selected, which only change the columns.
 * Two clients share a cursor only when they are allowed exactly the same records.
 */
export class PageCursors {
  private readonly cursors = new Map<string, { cursor: PageCursor; usedAt: number }>();
  private readonly recent = new Map<string, SourceCounts>();
  private readonly inFlight = new Map<string, Promise<SourceCounts>>();

  constructor(private readonly now: () => number = Date.now) {}

  static signature(request: CollectionRequest): string {
    const identity = JSON.stringify([request.entity, request.filter ?? null, request.constraint ?? []]);
    return createHash('sha256').update(identity).digest('base64url');
  }

  /** The cursor the page ending just before `offset` left (kept: a retried page finds it again). */
  find(signature: string, offset: number): PageCursor | undefined {
    const entry = this.cursors.get(`${signature}@${offset}`);
    return entry && this.now() - entry.usedAt <= CURSOR_IDLE_MS ? entry.cursor : undefined;
  }

  put(signature: string, offset: number, cursor: PageCursor): void {
    const id = `${signature}@${offset}`;
    this.cursors.delete(id);
    this.cursors.set(id, { cursor, usedAt: this.now() });
    // Maps iterate in insertion order: the first entries are the least recently stored.
    while (this.cursors.size > MAX_CURSORS) this.cursors.delete(this.cursors.keys().next().value!);
  }

  /** The query's counts if taken within RECENT_COUNT_MS, else undefined. */
  recentCounts(signature: string): SourceCounts | undefined {
    const counted = this.recent.get(signature);
    return counted && this.now() - counted.countedAt <= RECENT_COUNT_MS ? counted : undefined;
  }

  /** Counts the query once for all who ask while the count runs, and remembers the result. */
  count(signature: string, run: () => Promise<SourceCounts>): Promise<SourceCounts> {
    const running = this.inFlight.get(signature);
    if (running) return running;
    const counting = run()
      .then((counted) => {
        this.recent.delete(signature);
        this.recent.set(signature, counted);
        while (this.recent.size > MAX_COUNTS) this.recent.delete(this.recent.keys().next().value!);
        return counted;
      })
      .finally(() => this.inFlight.delete(signature));
    this.inFlight.set(signature, counting);
    return counting;
  }

  get size(): number {
    return this.cursors.size;
  }
}
