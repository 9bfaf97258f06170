import { SourceUnavailableError } from '../errors/source-unavailable-error';

/**
 * Driver error codes that mean "the database is not reachable right now", not "the query is wrong".
 * What each driver reports when its server is stopped mid-request, when pooled connections are dead,
 * and when a new connection is refused was observed against real MariaDB and PostgreSQL servers
 * (source-errors.spec.ts lists those errors).
 */
const UNAVAILABLE_CODES = new Set([
  // Node's socket layer, every driver
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  // mysql2
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_SERVER_SHUTDOWN',
  'ER_QUERY_TIMEOUT',
  'ER_QUERY_INTERRUPTED',
  // PostgreSQL SQLSTATEs (class 08, connection exceptions, is matched as a class below)
  '57P01', // admin_shutdown: the server is stopping ("terminating connection due to administrator command")
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: "the database system is starting up / shutting down"
  '57014', // query_canceled (statement timeout)
  '53300', // too_many_connections
  // tedious (SQL Server)
  'ESOCKET',
  'ETIMEOUT',
  'ECLOSE',
  // better-sqlite3
  'SQLITE_BUSY',
  'SQLITE_CANTOPEN',
]);

/** MariaDB server errors mysql2 has no name for (its table is MySQL's): the number is all it reports. */
const UNAVAILABLE_MARIADB_ERRNOS = new Set([
  1927, // ER_CONNECTION_KILLED: the server killed the session (shutdown, KILL)
  1969, // ER_STATEMENT_TIMEOUT: max_statement_time exceeded
]);

/**
 * Driver messages without a code that mean the connection is gone: node-postgres ends a client with
 * "Connection terminated (unexpectedly | due to connection timeout)" and refuses further queries on
 * it as "not queryable"; mysql2 refuses commands on a dead connection ("closed state"); knex reports
 * a query whose timeout fired while the database could not even be reached to cancel it.
 */
const UNAVAILABLE_MESSAGES = /Connection terminated|connect ECONNREFUSED|timeout expired|is not queryable|in closed state|cancelling of query failed|Defaulting to 1/;

/** True when the error means the source cannot answer right now (a 503), false when the query itself failed. */
export function isSourceUnavailable(error: unknown): boolean {
  if (error instanceof SourceUnavailableError) return true;
  const failure = error as { name?: unknown; code?: unknown; errno?: unknown; sqlMessage?: unknown; message?: unknown; errors?: unknown } | null | undefined;
  if (!failure || typeof failure !== 'object') return false;
  if (failure.name === 'KnexTimeoutError') return true;
  if (typeof failure.code === 'string' && (UNAVAILABLE_CODES.has(failure.code) || /^08[0-9A-Z]{3}$/.test(failure.code))) return true;
  if (typeof failure.sqlMessage === 'string' && typeof failure.errno === 'number' && UNAVAILABLE_MARIADB_ERRNOS.has(failure.errno)) return true;
  if (UNAVAILABLE_MESSAGES.test(String(failure.message))) return true;
  // Node's happy-eyeballs connect (localhost → ::1 and 127.0.0.1) fails with an AggregateError of both refusals.
  return Array.isArray(failure.errors) && failure.errors.length > 0 && failure.errors.every(isSourceUnavailable);
}

/** Translates a driver error: outages become SourceUnavailableError (503); anything else is rethrown. */
export function translateSourceError(error: unknown): never {
  if (error instanceof SourceUnavailableError) throw error;
  if (isSourceUnavailable(error)) throw new SourceUnavailableError('source database unavailable', error);
  throw error;
}
