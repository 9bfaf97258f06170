import type { Knex } from 'knex';
import type { RunningServer } from '../../src/bootstrap';
import { OneRosterClient } from '../support/oneroster-client';
import { describeEachSource, prepareSource, sisConnection } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Row = Record<string, unknown>;

/**
 * Deltas as SDS asks for them (`dateLastModified>'T'`, no status filter) after real changes to the
 * legacy tables, made by a separate writer while the adapter keeps its own (read-only) connection.
 */
describeEachSource('dateLastModified deltas after changes in the SIS', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let sis: Knex;
  const watermark = '2026-11-15T00:00:00.000Z';
  const changedAt = '2026-11-20 08:30:00';

  beforeAll(async () => {
    const prepared = await prepareSource(target, { fresh: true, copyName: 'deltas' });
    sis = await sisConnection(target, prepared.sqliteFile);
    server = await startServerOn(prepared);
    client = new OneRosterClient(server.url);
  });
  afterAll(async () => {
    await sis?.destroy();
    await server?.close();
    // Leave the shared server databases pristine for the suites that follow.
    if (target.name !== 'sqlite') await prepareSource(target, { fresh: true });
  });

  const delta = (entity: string) => client.walk(entity, { filter: `dateLastModified>'${watermark}'` }, 5000);
  const ids = (rows: Row[]) => rows.map((row) => row.sourcedId);
  const count = async (query: Knex.QueryBuilder) => Number(((await query.count({ n: '*' }).first()) as { n: number | string }).n);

  // classes and courses are dated by the snapshot pass instead (test/e2e/change-tracking.e2e-spec.ts).
  it('is empty before anything changed after the watermark', async () => {
    for (const entity of ['users', 'enrollments', 'orgs', 'academicSessions', 'demographics']) {
      expect(await delta(entity)).toEqual([]);
    }
  });

  it('shows a student whose own row changed, and its demographics', async () => {
    await sis('STU_MSTR').where('STU_ID', '0000005').update({ FRST_NM: 'Renamed', LST_UPD_DT: changedAt });
    const users = await delta('users');
    expect(ids(users)).toEqual(['stu-0000005']);
    expect(users[0]).toMatchObject({ givenName: 'Renamed', dateLastModified: '2026-11-20T08:30:00.000Z' });
    expect(ids(await delta('demographics'))).toEqual(['stu-0000005']);
  });

  it('shows every enrollment of a section when the joined section row changed', async () => {
    await sis('SECT_MSTR').where({ SCH_CD: '001', SY_ID: 2027, SECT_NO: 3 }).update({ ROOM_NO: '999', LST_UPD_DT: changedAt });
    // Expected: the section's student and teacher rows, plus those of stu-0000005 changed above.
    const students = await count(
      sis('SECT_STU as R')
        .join('STU_MSTR as S', 'S.STU_ID', 'R.STU_ID')
        .where('R.SY_ID', 2027)
        .whereIn('S.ENR_STAT', ['A', 'W', 'G'])
        .where((scope) => scope.where({ 'R.SCH_CD': '001', 'R.SECT_NO': 3 }).orWhere('R.STU_ID', '0000005')),
    );
    const teachers = await count(sis('SECT_TCH').where({ SCH_CD: '001', SY_ID: 2027, SECT_NO: 3 }));
    const enrollments = await delta('enrollments');
    expect(enrollments).toHaveLength(students + teachers);
    expect(enrollments.every((row) => (row.class as Row).sourcedId === 'cls-001-2027-3' || (row.user as Row).sourcedId === 'stu-0000005')).toBe(true);
  });

  it('shows a soft-deleted staff member as a tombstone in the delta but not in a full active pull', async () => {
    const staff = await sis('STF_MSTR').where({ DEL_FLG: 'N', STF_TYP: 'A' }).orderBy('STF_ID').first('STF_ID');
    await sis('STF_MSTR').where('STF_ID', staff.STF_ID).update({ DEL_FLG: 'Y', LST_UPD_DT: changedAt });
    const tombstone = (await delta('users')).find((row) => row.sourcedId === `stf-${staff.STF_ID}`);
    expect(tombstone).toMatchObject({ status: 'tobedeleted', dateLastModified: '2026-11-20T08:30:00.000Z' });
    const active = await client.get<{ users: Row[] }>('users', { filter: `status='active' AND sourcedId='stf-${staff.STF_ID}'` });
    expect(active.body.users).toEqual([]);
  });
});
