import { SourceUnavailableError } from '../errors/source-unavailable-error';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from '../mapping/diagnostics/render-diagnostics';
import type { SourceDatabase } from './source-database';
import { SourceSchemaError, verifyMappingAgainstSource } from './verify-mapping-schema';

export type SourceReadinessState =
  /** The mapping was verified against the source's schema: requests are served. */
  | 'ready'
  /** The source could not be reached to verify the mapping; retried in the background with backoff. */
  | 'waiting-for-source'
  /** The source answered, but its schema does not match the mapping (diagnostics logged); re-checked at the slowest pace. */
  | 'schema-mismatch';

export interface SourceReadinessOptions {
  /** Where state changes are reported (one line each, timestamped, never a password); silent if absent. */
  readonly log?: (line: string) => void;
  /** First retry delay; doubled after every failure up to `maxRetryMs`. */
  readonly firstRetryMs?: number;
  readonly maxRetryMs?: number;
}

/**
 * Whether the adapter may run queries: the mapping has been verified against the live schema.
 *
 * At startup the verification runs once. A mapping that does not match a reachable source stays a
 * startup failure (file:line diagnostics), as does a source that refuses the login. A server
 * database that cannot be *reached* (the SIS restarting at 2 a.m.) is waited for instead: the
 * server starts not ready, OneRoster requests are answered 503 `server_busy`, and the verification
 * is retried in the background (1 s, 2 s, 4 s … 30 s; a request or a readiness probe brings the next
 * attempt forward, at most once per `firstRetryMs`) until it succeeds. Once verified, the state stays
 * ready: later outages are per-request 503s (source-errors.ts) and show in the readiness probe's ping.
 */
export class SourceReadiness {
  private current: SourceReadinessState;
  private retryMs: number;
  private timer?: NodeJS.Timeout;
  private attempt?: Promise<void>;
  private lastAttemptAt = 0;
  private lastReport = '';
  private stopped = false;
  private readonly firstRetryMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly verify: () => Promise<unknown>,
    private readonly options: SourceReadinessOptions = {},
    initial: SourceReadinessState = 'waiting-for-source',
  ) {
    this.current = initial;
    this.firstRetryMs = options.firstRetryMs ?? 1000;
    this.maxRetryMs = options.maxRetryMs ?? 30000;
    this.retryMs = this.firstRetryMs;
  }

  /**
   * The startup check: resolves ready, or, when a server database cannot be reached, not ready with
   * background retries running. Rejects (as before) on a schema mismatch or any other failure. A
   * SQLite file that cannot be opened is a configuration error, not an outage, so it rejects too.
   */
  static async atStartup(source: SourceDatabase, mapping: CompiledMapping, options: SourceReadinessOptions = {}): Promise<SourceReadiness> {
    const verify = () => verifyMappingAgainstSource(source, mapping);
    try {
      await verify();
      return new SourceReadiness(verify, options, 'ready');
    } catch (error) {
      const outage = error instanceof SourceSchemaError && error.unavailable && source.connection.client !== 'better-sqlite3';
      if (!outage) throw error;
      options.log?.(`${new Date().toISOString()} source: WARNING ${error.message}`);
      return SourceReadiness.waitingFor(verify, options);
    }
  }

  /** Not ready yet: `verify` is retried in the background until it succeeds. */
  static waitingFor(verify: () => Promise<unknown>, options: SourceReadinessOptions = {}): SourceReadiness {
    const readiness = new SourceReadiness(verify, options, 'waiting-for-source');
    readiness.report('starting anyway, NOT READY: OneRoster requests are answered 503 until the mapping has been verified against the source; retrying in the background');
    readiness.schedule();
    return readiness;
  }

  get state(): SourceReadinessState {
    return this.current;
  }

  get isReady(): boolean {
    return this.current === 'ready';
  }

  /** For every request that reads the source: throws SourceUnavailableError (503 `server_busy`) unless ready. */
  assertReady(): void {
    if (this.current === 'ready') return;
    this.retrySoon();
    const reason = this.current === 'schema-mismatch' ? 'the source schema does not match the mapping' : 'the mapping has not been verified against the source yet';
    throw new SourceUnavailableError('not ready', new Error(reason));
  }

  /** While waiting for the source: try now rather than at the next backoff step (not more than once per `firstRetryMs`). */
  retrySoon(): void {
    if (this.current !== 'waiting-for-source' || this.stopped || this.attempt) return;
    if (Date.now() - this.lastAttemptAt < this.firstRetryMs) return;
    clearTimeout(this.timer);
    this.runAttempt();
  }

  /** Stops background retries (the server is closing). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Resolves once the attempt in progress, if any, has finished (tests). */
  async settled(): Promise<void> {
    await this.attempt;
  }

  private schedule(): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.runAttempt(), this.retryMs);
    this.timer.unref();
  }

  private runAttempt(): void {
    if (this.stopped || this.attempt) return;
    this.lastAttemptAt = Date.now();
    this.attempt = this.verify()
      .then(
        () => this.becomeReady(),
        (error: unknown) => this.failed(error),
      )
      .finally(() => (this.attempt = undefined));
  }

  private becomeReady(): void {
    if (this.stopped) return;
    this.current = 'ready';
    this.report('the mapping matches the source schema: READY, serving');
  }

  private failed(error: unknown): void {
    if (this.stopped) return;
    if (error instanceof MappingError) {
      this.current = 'schema-mismatch';
      this.retryMs = this.maxRetryMs;
      this.report(
        `ERROR the source database is reachable but its schema does not match the mapping; NOT READY until the mapping or the schema is fixed (re-checked every ${this.maxRetryMs / 1000} s):\n${renderDiagnostics(error.diagnostics)}`,
      );
    } else {
      this.current = 'waiting-for-source';
      this.retryMs = Math.min(this.retryMs * 2, this.maxRetryMs);
      // One line per distinct reason, not one per attempt: a long outage does not flood the log.
      this.report(`still not ready: ${error instanceof Error ? error.message : String(error)}; retrying with backoff (up to every ${this.maxRetryMs / 1000} s)`);
    }
    this.schedule();
  }

  /** Logs a line unless it repeats the previous one. */
  private report(line: string): void {
    if (line === this.lastReport) return;
    this.lastReport = line;
    this.options.log?.(`${new Date().toISOString()} source: ${line}`);
  }
}
