import Database from 'better-sqlite3';
import type { RunningServer } from '../../src/bootstrap';
import { OneRosterClient } from '../support/oneroster-client';
import { startTestServer, writableDemoCopy } from '../support/test-server';

type Row = Record<string, unknown>;

/**
 * Deltas as SDS asks for them (`dateLastModified>'T'`, no status filter) after real changes to the
 * legacy tables, made by a separate writer while the adapter keeps its read-only connection.
 */
describe('dateLastModified deltas after changes in the SIS', () => {
  let server: RunningServer;
  let client: OneRosterClient;
  let sis: Database.Database;
  const watermark = '2026-11-15T00:00:00.000Z';
  const changedAt = '2026-11-20 08:30:00';

  beforeAll(async () => {
    const file = await writableDemoCopy('deltas');
    sis = new Database(file);
    server = await startTestServer({ demoFile: file });
    client = new OneRosterClient(server.url);
  });
  afterAll(async () => {
    sis.close();
    await server.close();
  });

  const delta = (entity: string) => client.walk(entity, { filter: `dateLastModified>'${watermark}'` }, 5000);
  const ids = (rows: Row[]) => rows.map((row) => row.sourcedId);

  it('is empty before anything changed after the watermark', async () => {
    for (const entity of ['users', 'classes', 'enrollments', 'orgs', 'courses', 'academicSessions', 'demographics']) {
      expect(await delta(entity)).toEqual([]);
    }
  });

  it('shows a student whose own row changed, and its demographics', async () => {
    sis.prepare('UPDATE STU_MSTR SET FRST_NM = ?, LST_UPD_DT = ? WHERE STU_ID = ?').run('Renamed', changedAt, '0000005');
    expect(ids(await delta('users'))).toEqual(['stu-0000005']);
    expect((await delta('users'))[0]).toMatchObject({ givenName: 'Renamed', dateLastModified: '2026-11-20T08:30:00.000Z' });
    expect(ids(await delta('demographics'))).toEqual(['stu-0000005']);
  });

  it('shows every enrollment of a section when the joined section row changed', async () => {
    sis.prepare('UPDATE SECT_MSTR SET ROOM_NO = ?, LST_UPD_DT = ? WHERE SCH_CD = ? AND SY_ID = 2027 AND SECT_NO = 3').run('999', changedAt, '001');
    // Expected: the section's student and teacher rows, plus those of stu-0000005 changed above.
    const expected = sis
      .prepare(
        `SELECT COUNT(*) n FROM (
           SELECT R.SECT_NO FROM SECT_STU R JOIN STU_MSTR S ON S.STU_ID = R.STU_ID
            WHERE R.SY_ID = 2027 AND S.ENR_STAT IN ('A','W','G') AND ((R.SCH_CD = '001' AND R.SECT_NO = 3) OR R.STU_ID = '0000005')
           UNION ALL
           SELECT SECT_NO FROM SECT_TCH WHERE SCH_CD = '001' AND SY_ID = 2027 AND SECT_NO = 3)`,
      )
      .get() as { n: number };
    const enrollments = await delta('enrollments');
    expect(enrollments).toHaveLength(expected.n);
    expect(enrollments.every((row) => (row.class as Row).sourcedId === 'cls-001-2027-3' || (row.user as Row).sourcedId === 'stu-0000005')).toBe(true);
    expect(ids(await delta('classes'))).toEqual(['cls-001-2027-3']);
  });

  it('shows a soft-deleted staff member as a tombstone in the delta but not in a full active pull', async () => {
    const staff = sis.prepare("SELECT STF_ID FROM STF_MSTR WHERE DEL_FLG = 'N' AND STF_TYP = 'A' LIMIT 1").get() as { STF_ID: number };
    sis.prepare("UPDATE STF_MSTR SET DEL_FLG = 'Y', LST_UPD_DT = ? WHERE STF_ID = ?").run(changedAt, staff.STF_ID);
    const tombstone = (await delta('users')).find((row) => row.sourcedId === `stf-${staff.STF_ID}`);
    expect(tombstone).toMatchObject({ status: 'tobedeleted', dateLastModified: '2026-11-20T08:30:00.000Z' });
    const active = await client.get<{ users: Row[] }>('users', { filter: `status='active' AND sourcedId='stf-${staff.STF_ID}'` });
    expect(active.body.users).toEqual([]);
  });

  it('treats a course retitle as a change of every class built on it', async () => {
    sis.prepare('UPDATE CRS_MSTR SET CRS_TTL = ?, LST_UPD_DT = ? WHERE SCH_CD = ? AND CRS_NO = ?').run('Algebra I (Honors)', changedAt, '003', 'MA1010');
    const sections = sis.prepare("SELECT COUNT(*) n FROM SECT_MSTR WHERE SCH_CD = '003' AND CRS_NO = 'MA1010' AND SY_ID = 2027").get() as { n: number };
    const classes = await delta('classes');
    expect(classes.filter((row) => String(row.title).startsWith('Algebra I (Honors)'))).toHaveLength(sections.n);
  });
});
