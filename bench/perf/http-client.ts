import type { ClientCredentials } from '../support/token';
import { fetchToken } from '../support/token';

export const V1P1 = '/ims/oneroster/v1p1';

/** One client's token, renewed two minutes before it expires (a slow walk can outlast an hour). */
export class TokenSource {
  private current?: { token: string; expiresAt: number };

  constructor(
    private readonly url: string,
    private readonly credentials: ClientCredentials,
  ) {}

  async get(): Promise<string> {
    if (!this.current || this.current.expiresAt - Date.now() < 120_000) this.current = await fetchToken(this.url, this.credentials);
    return this.current.token;
  }
}

export interface TimedResponse {
  readonly status: number;
  /** Request sent to last byte received, in ms. */
  readonly ms: number;
  readonly bytes: number;
  readonly body: Buffer;
  readonly totalCount?: number;
}

/**
 * A GET timed to the last byte of the body; parsing is left to the caller, outside the time.
 * A keep-alive connection the server closed while this process was busy (the SQLite floor runs
 * synchronously and blocks it for seconds) fails before any answer: that request is retried once,
 * on a new connection, and timed from the retry.
 */
export async function timedGet(url: string, token: string, timeoutMs: number): Promise<TimedResponse> {
  try {
    return await timedGetOnce(url, token, timeoutMs);
  } catch (error) {
    if (!STALE_CONNECTION.has(errorCode(error) ?? '')) throw error;
    return timedGetOnce(url, token, timeoutMs);
  }
}

const STALE_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);

/** The network error's code (undici wraps it in `cause`), for messages and the retry above. */
export function errorCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

async function timedGetOnce(url: string, token: string, timeoutMs: number): Promise<TimedResponse> {
  const started = performance.now();
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  const body = Buffer.from(await response.arrayBuffer());
  const ms = performance.now() - started;
  const total = response.headers.get('x-total-count');
  return { status: response.status, ms, bytes: body.length, body, totalCount: total === null ? undefined : Number(total) };
}

/** The records of a collection page, or why the body is not one. */
export function collectionRecords(body: Buffer, collection: string): Array<Record<string, unknown>> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return `a body that is not JSON (${body.length} bytes)`;
  }
  const records = (parsed as Record<string, unknown>)[collection];
  return Array.isArray(records) ? (records as Array<Record<string, unknown>>) : `no "${collection}" array in the body`;
}

export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
