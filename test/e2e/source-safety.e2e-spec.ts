import type { RunningServer } from '../../src/bootstrap';
import { SourceUnavailableError } from '../../src/errors/source-unavailable-error';
import { parseConnectionUrl, SourceConnection } from '../../src/source/connection-url';
import { SourceDatabase } from '../../src/source/source-database';
import { OneRosterClient } from '../support/oneroster-client';
import { expectStatusPayload } from '../support/oneroster-assertions';
import { describeEachSource, prepareSource, sisConnection, SourceTarget } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

/**
 * Resolves to the refusal's message. Not `rejects.toThrow()`: better-sqlite3's error class belongs
 * to the realm of the first test file that loaded the native module, so `instanceof Error` fails.
 */
async function expectRefused(write: PromiseLike<unknown>): Promise<string> {
  return write.then(
    () => {
      throw new Error('the write was accepted');
    },
    (error: { message?: string }) => String(error?.message),
  );
}

const options = { poolMax: 4, connectTimeoutMs: 5000, queryTimeoutMs: 30000, timeZone: 'UTC' };

function adapterConnection(target: SourceTarget, prepared: { sourceUrl?: string; sqliteFile?: string }, url = prepared.sourceUrl): SourceConnection {
  return target.name === 'sqlite' ? { client: 'better-sqlite3', connection: { filename: prepared.sqliteFile! }, display: 'sqlite' } : parseConnectionUrl(url!);
}

/** The adapter only ever reads, and a slow query is cancelled in the database, not left running. */
describeEachSource('the source connection is read-only and bounded', (target) => {
  let prepared: { sourceUrl?: string; sqliteFile?: string };

  beforeAll(async () => {
    prepared = await prepareSource(target);
  });

  it("refuses a write through the adapter's own connection", async () => {
    const source = new SourceDatabase(adapterConnection(target, prepared), options);
    try {
      await expectRefused(source.db('SCH_MSTR').update({ SCH_NM: 'Hacked' }));
      await expectRefused(source.db.schema.createTable('OR_PROBE', (table) => table.integer('X')));
    } finally {
      await source.close();
    }
    const sis = await sisConnection(target, prepared.sqliteFile);
    try {
      expect(await sis('SCH_MSTR').where('SCH_NM', 'Hacked').first()).toBeUndefined();
    } finally {
      await sis.destroy();
    }
  });

  if (target.name !== 'sqlite') {
    it('keeps the session read-only even when it is given a login that could write', async () => {
      const source = new SourceDatabase(adapterConnection(target, prepared, target.ownerUrl), options);
      try {
        expect(await expectRefused(source.db('SCH_MSTR').update({ SCH_NM: 'Hacked' }))).toMatch(/read.only|READ ONLY/i);
      } finally {
        await source.close();
      }
    });

    it('cancels a query that exceeds the per-query timeout in the database and reports the source as busy', async () => {
      const source = new SourceDatabase(adapterConnection(target, prepared), { ...options, queryTimeoutMs: 300 });
      const sleep = target.name === 'postgres' ? 'SELECT pg_sleep(5) AS slept' : 'SELECT SLEEP(5) AS slept';
      const started = Date.now();
      try {
        await expect(source.rows(source.db.raw(sleep))).rejects.toBeInstanceOf(SourceUnavailableError);
        expect(Date.now() - started).toBeLessThan(3000);
        const running = target.name === 'postgres'
          ? "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)%' AND state = 'active'"
          : "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'SELECT SLEEP(5)%'";
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(Number((await source.rows(source.db.raw(running)))[0].n)).toBe(0);
      } finally {
        await source.close();
      }
    });

    it('answers a request whose query times out with 503 server_busy and Retry-After, never a hang', async () => {
      const server: RunningServer = await startServerOn(prepared, (config) => {
        config.source.queryTimeoutMs = 1;
      });
      try {
        const client = new OneRosterClient(server.url);
        const response = await client.get('enrollments', { limit: 10000, sort: 'beginDate' });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expectStatusPayload(response.body, 'server_busy');
      } finally {
        await server.close();
      }
    });
  }
});
