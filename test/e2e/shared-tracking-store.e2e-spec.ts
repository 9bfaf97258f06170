import { resolve } from 'node:path';
import knex from 'knex';
import { RosterReader } from '../../src/api/roster-reader';
import { compileMappings } from '../../src/mapping/compile-mappings';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { SourceDatabase } from '../../src/source/source-database';
import { runSnapshotPass, trackedEntities } from '../../src/tracking/snapshot-pass';
import { TrackingStore } from '../../src/tracking/tracking-store';
import { PROJECT_ROOT, testDemoFile } from '../support/test-server';

/**
 * Instances sharing one tracking store start together and each runs a snapshot pass. Two passes
 * over the same entity would each mark the records the other just stamped as vanished (2,000
 * live enrollments served as deleted, in the reproduction): the store's lease lets one pass per
 * entity run at a time, the other skips it. On the MariaDB and PostgreSQL scratch databases, the
 * stores instances share (a SQLite store is one host's, and two passes in one process would block
 * each other in its synchronous driver rather than race).
 */
const STORES: Array<{ name: string; variable: string }> = [
  { name: 'mariadb', variable: 'ONEROSTER_TEST_MYSQL_SCRATCH_URL' },
  { name: 'postgres', variable: 'ONEROSTER_TEST_PG_SCRATCH_URL' },
];

for (const target of STORES) {
  const url = process.env[target.variable];
  const run = url ? describe : describe.skip;
  run(`snapshot passes of instances sharing a ${target.name} tracking store${url ? '' : ` (skipped: ${target.variable} is not set)`}`, () => {
    it('never mark each other’s live records deleted: an entity another pass holds is skipped', async () => {
      await dropStoreTables(url!);
      const mapping = compileMappings(resolve(PROJECT_ROOT, 'mappings/demo'));
      const source = new SourceDatabase(parseConnectionUrl(`sqlite:${await testDemoFile()}`), { poolMax: 1, connectTimeoutMs: 10_000, queryTimeoutMs: 60_000, timeZone: 'UTC' });
      const stores = [await TrackingStore.open(url!), await TrackingStore.open(url!)];
      try {
        await runSnapshotPass(new RosterReader(mapping, source), stores[0], mapping, { retentionDays: 30 });
        const skipped: string[] = [];
        const results = await Promise.all(
          stores.map((store) => runSnapshotPass(new RosterReader(mapping, source), store, mapping, { retentionDays: 30, onSkipped: (entity) => skipped.push(entity) })),
        );
        const passed = results.flat().map((result) => result.entity);
        // Both instances asked for every entity; each was passed over at least once, and an instance
        // skipped what the other held (passing again after the other finished is fine: not at once).
        expect(passed.length + skipped.length).toBe(2 * trackedEntities(mapping).length);
        expect(new Set(passed)).toEqual(new Set(trackedEntities(mapping)));
        expect(skipped.length).toBeGreaterThan(0);
        expect(results.flat().every((result) => result.counts.deleted === 0)).toBe(true);
        const deleted = await stores[0].db('or_record_state').whereNotNull('deleted_at').count({ n: '*' });
        expect(Number(deleted[0].n)).toBe(0);
      } finally {
        await Promise.all(stores.map((store) => store.close()));
        await source.close();
        await dropStoreTables(url!);
      }
    }, 180_000);
  });
}

async function dropStoreTables(url: string): Promise<void> {
  const connection = parseConnectionUrl(url);
  if (connection.client === 'better-sqlite3') return;
  const db = knex({ client: connection.client, connection: connection.connection, pool: { min: 0, max: 1 } });
  try {
    for (const table of ['or_record_state', 'or_snapshot_run', 'or_snapshot_lease']) await db.schema.dropTableIfExists(table);
  } finally {
    await db.destroy();
  }
}
