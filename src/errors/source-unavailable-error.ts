/**
 * The source database could not answer (connection refused, timeout, pool exhausted). The driver's
 * own error is kept as `cause` for the server log only; clients get a 503 `server_busy`.
 */
export class SourceUnavailableError extends Error {
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
    this.name = 'SourceUnavailableError';
  }
}
