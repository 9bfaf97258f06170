import { SourceUnavailableError } from '../errors/source-unavailable-error';

/** Driver error codes that mean "the database is not reachable right now", not "the query is wrong". */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  '57P01', // admin_shutdown
  '57P03', // cannot_connect_now
  '57014', // query_canceled (statement timeout)
  '53300', // too_many_connections
  'ESOCKET',
  'ETIMEOUT',
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** Translates a driver error: outages become SourceUnavailableError (503); anything else is rethrown. */
export function translateSourceError(error: unknown): never {
  const name = (error as Error)?.name;
  const code = (error as { code?: string })?.code;
  if (name === 'KnexTimeoutError' || (code && UNAVAILABLE_CODES.has(code)) || /Connection terminated|connect ECONNREFUSED|Defaulting to 1/.test(String((error as Error)?.message))) {
    throw new SourceUnavailableError('source database unavailable', error);
  }
  throw error;
}
