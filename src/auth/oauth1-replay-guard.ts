/**
 * Replay protection for OAuth 1.0a (RFC 5849 §3.3): a timestamp window and a memory of the nonces
 * seen inside it. Instructure asks providers to tolerate clocks 10 minutes behind and 5 minutes
 * ahead, so those are the defaults. A nonce is remembered per (consumer key, timestamp, nonce)
 * only until its timestamp leaves the window: from then on the timestamp alone refuses a replay.
 *
 * In memory, per process: behind several instances, a replay to another instance is not caught.
 */

export interface ReplayWindow {
  /** How far an oauth_timestamp may lie in the past, in seconds. */
  readonly pastSeconds: number;
  /** How far an oauth_timestamp may lie in the future, in seconds. */
  readonly futureSeconds: number;
  /** Most nonces held at once; beyond it (after evicting expired ones) requests are refused, not forgotten. */
  readonly maxEntries: number;
}

export const DEFAULT_REPLAY_WINDOW: ReplayWindow = { pastSeconds: 600, futureSeconds: 300, maxEntries: 100_000 };

export type TimestampVerdict = 'ok' | 'invalid' | 'stale' | 'future';
export type NonceVerdict = 'ok' | 'replayed' | 'full';

const SWEEP_INTERVAL_SECONDS = 60;

export class OAuth1ReplayGuard {
  /** Key → the second after which the entry may go (its timestamp is then stale). */
  private readonly seen = new Map<string, number>();
  private nextSweep = 0;

  constructor(
    readonly window: ReplayWindow = DEFAULT_REPLAY_WINDOW,
    private readonly nowMs: () => number = Date.now,
  ) {}

  get size(): number {
    return this.seen.size;
  }

  checkTimestamp(timestamp: string): TimestampVerdict {
    if (!/^\d{1,12}$/.test(timestamp)) return 'invalid';
    const seconds = Number(timestamp);
    const now = this.now();
    if (seconds < now - this.window.pastSeconds) return 'stale';
    if (seconds > now + this.window.futureSeconds) return 'future';
    return 'ok';
  }

  /**
   * Records the nonce; 'replayed' when this (key, timestamp, nonce) was seen before. Call only for
   * requests whose timestamp passed and whose signature verified, so forgeries cannot fill the store
   * or burn a real client's nonces.
   */
  remember(consumerKey: string, timestamp: string, nonce: string): NonceVerdict {
    const now = this.now();
    const key = JSON.stringify([consumerKey, timestamp, nonce]);
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry >= now) return 'replayed';
    if (now >= this.nextSweep || this.seen.size >= this.window.maxEntries) this.sweep(now);
    if (this.seen.size >= this.window.maxEntries) return 'full';
    this.seen.set(key, Number(timestamp) + this.window.pastSeconds);
    return 'ok';
  }

  private sweep(now: number): void {
    for (const [key, expiry] of this.seen) if (expiry < now) this.seen.delete(key);
    this.nextSweep = now + SWEEP_INTERVAL_SECONDS;
  }

  private now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
}
