import knex, { Knex } from 'knex';
import type { SqlDialect } from '../query/dialects/sql-dialect';
import { dialectForKnexClient } from '../query/dialects/dialect-registry';
import type { ExpressionContext } from '../query/expression-sql';
import type { SourceConnection } from './connection-url';
import { translateSourceError } from './source-errors';
import { SourceUnavailableError } from '../errors/source-unavailable-error';

export interface SourceDatabaseOptions {
  readonly poolMax: number;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly timeZone: string;
}

/**
 * The one live connection to the SIS. Only this class runs SQL; everything else builds it.
 * SQLite is opened read-only; server databases are expected to be reached through a read-only
 * login (see README), and the session is additionally set read-only where the server allows it.
 */
export class SourceDatabase {
  readonly db: Knex;
  readonly dialect: SqlDialect;
  readonly context: ExpressionContext;

  constructor(readonly connection: SourceConnection, private readonly options: SourceDatabaseOptions) {
    this.dialect = dialectForKnexClient(connection.client);
    this.context = { dialect: this.dialect, timeZone: options.timeZone };
    if (connection.client === 'pg') keepPostgresDateTimesAsText();
    this.db = knex({
      client: connection.client,
      connection: this.connectionSettings(),
      // No custom `validate`: on every acquire knex already discards a pooled connection the server
      // closed (mysql2: fatal error / destroyed stream; pg: its 'error' or 'end' event), so after a
      // database restart the next request opens a fresh one (test/e2e/database-faults.e2e-spec.ts).
      pool: { min: 0, max: connection.client === 'better-sqlite3' ? 1 : options.poolMax, afterCreate: readOnlySession(connection.client) },
      acquireConnectionTimeout: options.connectTimeoutMs,
      useNullAsDefault: true,
      // knex would print driver errors, stack included, straight to stdout; failures are reported
      // once, by the exception filter or the startup check, without connection details.
      log: { warn: () => undefined, error: () => undefined, deprecate: () => undefined, debug: () => undefined },
      // knex prefixes a failed query's error message with the SQL, its bindings (client filter
      // values, sourcedIds) inlined unless this is off; that message reaches the server log.
      compileSqlOnError: false,
    });
  }

  /** Runs a built query with the per-query timeout, translating outages into 503s. */
  async rows(query: Knex.QueryBuilder | Knex.Raw): Promise<Array<Record<string, unknown>>> {
    try {
      const timed = this.connection.client === 'better-sqlite3' ? query : query.timeout(this.options.queryTimeoutMs, { cancel: true });
      const result = await timed;
      return normaliseRows(this.connection.client, result);
    } catch (error) {
      return translateSourceError(error);
    }
  }

  /**
   * A cheap round trip (`SELECT 1`) for the readiness probe. Resolves when the source answers within
   * `timeoutMs`, acquiring a connection included, so a probe never waits for the pool's (longer)
   * acquire timeout. Throws SourceUnavailableError on an outage or a timeout, the driver's error otherwise.
   */
  async ping(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new SourceUnavailableError(`the source database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([this.db.raw('SELECT 1 AS ok'), deadline]);
    } catch (error) {
      translateSourceError(error);
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }

  private connectionSettings(): Record<string, unknown> {
    const base = this.connection.connection as Record<string, unknown>;
    switch (this.connection.client) {
      case 'better-sqlite3':
        return { ...base, options: { readonly: true, fileMustExist: true } };
      case 'mysql2':
        // DATETIME as text avoids the driver applying the Node process's time zone.
        return { connectTimeout: this.options.connectTimeoutMs, dateStrings: true, supportBigNumbers: true, bigNumberStrings: true, ...base };
      case 'pg':
        return { connectionTimeoutMillis: this.options.connectTimeoutMs, ...base };
      case 'mssql':
        return { connectionTimeout: this.options.connectTimeoutMs, requestTimeout: this.options.queryTimeoutMs, ...base };
    }
  }
}

/** Marks every pooled session read-only, so even a bug in the adapter cannot write to the SIS. */
function readOnlySession(client: SourceConnection['client']) {
  return (connection: unknown, done: (error: Error | null, connection: unknown) => void) => {
    const run = (sql: string) => {
      const target = connection as { query: (sql: string, callback: (error: Error | null) => void) => void };
      target.query(sql, (error) => done(error, connection));
    };
    if (client === 'mysql2') return run('SET SESSION TRANSACTION READ ONLY');
    if (client === 'pg') return run('SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY');
    done(null, connection);
  };
}

function normaliseRows(client: SourceConnection['client'], result: unknown): Array<Record<string, unknown>> {
  if (client === 'pg' && result && typeof result === 'object' && 'rows' in (result as object)) return (result as { rows: Array<Record<string, unknown>> }).rows;
  if (client === 'mysql2' && Array.isArray(result) && Array.isArray(result[0])) return result[0] as Array<Record<string, unknown>>;
  return result as Array<Record<string, unknown>>;
}

/** node-postgres turns TIMESTAMP into a Date in the Node process's zone; the source zone is ours to apply. */
export function keepPostgresDateTimesAsText(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { types } = require('pg') as { types: { setTypeParser(oid: number, parse: (value: string) => unknown): void } };
  const asText = (value: string) => value;
  const TIMESTAMP_OID = 1114;
  const DATE_OID = 1082;
  types.setTypeParser(TIMESTAMP_OID, asText);
  types.setTypeParser(DATE_OID, asText);
}
