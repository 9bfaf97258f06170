import Database from 'better-sqlite3';
import type { RunningServer } from '../../src/bootstrap';
import { OneRosterClient } from '../support/oneroster-client';
import { startTestServer, testDemoFile } from '../support/test-server';

type Row = Record<string, unknown>;

/**
 * Each construct of the mapping language, observed through the API and cross-checked against
 * the legacy tables of the demo SIS (read directly, read-only).
 */
describe('demo mapping features, end to end', () => {
  let server: RunningServer;
  let client: OneRosterClient;
  let sis: Database.Database;
  let users: Row[];

  beforeAll(async () => {
    server = await startTestServer();
    client = new OneRosterClient(server.url);
    sis = new Database(await testDemoFile(), { readonly: true });
    users = await client.walk('users', {}, 5000);
  });
  afterAll(async () => {
    sis.close();
    await server.close();
  });

  const one = <T = Row>(sql: string, ...params: unknown[]) => sis.prepare(sql).get(...params) as T;
  const count = (sql: string, ...params: unknown[]) => (sis.prepare(sql).get(...params) as { n: number }).n;

  it('unions users from the student, staff and contact tables with prefixed sourcedIds', () => {
    const byPrefix = (prefix: string) => users.filter((user) => String(user.sourcedId).startsWith(prefix)).length;
    expect(byPrefix('stu-')).toBe(count("SELECT COUNT(*) n FROM STU_MSTR WHERE ENR_STAT IN ('A','W','G')"));
    expect(byPrefix('stf-')).toBe(count('SELECT COUNT(*) n FROM STF_MSTR'));
    expect(byPrefix('con-')).toBe(count('SELECT COUNT(*) n FROM CNTCT_MSTR'));
    expect(new Set(users.map((user) => user.role))).toEqual(new Set(['student', 'teacher', 'administrator', 'aide', 'guardian']));
  });

  it('applies source-row conditions: pre-registered students and prior-year sections are not served', async () => {
    const preRegistered = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE ENR_STAT = 'P' LIMIT 1");
    expect(users.find((user) => user.sourcedId === `stu-${preRegistered.STU_ID}`)).toBeUndefined();
    const classes = await client.walk('classes', {}, 5000);
    expect(classes).toHaveLength(count("SELECT COUNT(*) n FROM SECT_MSTR K JOIN SCH_YR Y ON Y.SY_ID = K.SY_ID AND Y.CUR_YR_FLG = 'Y'"));
    expect(classes.every((cls) => String(cls.sourcedId).includes('-2027-'))).toBe(true);
  });

  it('serves rows declared in the mapping (the district) and filters them like table rows', async () => {
    const district = await client.get<{ orgs: Row[] }>('orgs', { filter: "type='district' AND name~'lincoln'" });
    expect(district.body.orgs).toEqual([expect.objectContaining({ sourcedId: 'dist-lusd', identifier: '0622710', dateLastModified: '2025-07-01T00:00:00.000Z' })]);
    const schools = await client.walk('orgs', { filter: "parent.sourcedId='dist-lusd'" });
    expect(schools).toHaveLength(count('SELECT COUNT(*) n FROM SCH_MSTR'));
  });

  it('maps legacy codes to OneRoster values (staff type → role, gender → sex, term type → type, grade → grades)', async () => {
    const aide = one<{ STF_ID: number }>("SELECT STF_ID FROM STF_MSTR WHERE STF_TYP = 'I' LIMIT 1");
    expect(users.find((user) => user.sourcedId === `stf-${aide.STF_ID}`)?.role).toBe('aide');
    const kinder = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE GRD_CD = 'K' AND ENR_STAT = 'A' LIMIT 1");
    expect(users.find((user) => user.sourcedId === `stu-${kinder.STU_ID}`)?.grades).toEqual(['KG']);
    const unspecified = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE GNDR = 'X' AND ENR_STAT = 'A' LIMIT 1");
    const demographics = await client.get<{ demographics: Row }>(`demographics/stu-${unspecified.STU_ID}`);
    expect(demographics.body.demographics.sex).toBeUndefined();
    const quarter = await client.get<{ academicSession: Row }>('academicSessions/trm-001-2027-Q3');
    expect(quarter.body.academicSession).toMatchObject({ type: 'gradingPeriod', schoolYear: '2027', parent: { sourcedId: 'trm-001-2027-S2', type: 'academicSession' } });
  });

  it('derives status from soft-delete flags and status codes', () => {
    const deleted = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE DEL_FLG = 'Y' AND ENR_STAT = 'A' LIMIT 1");
    const withdrawn = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE ENR_STAT = 'W' AND DEL_FLG = 'N' LIMIT 1");
    const active = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE ENR_STAT = 'A' AND DEL_FLG = 'N' LIMIT 1");
    const status = (id: string) => users.find((user) => user.sourcedId === `stu-${id}`)?.status;
    expect(status(deleted.STU_ID)).toBe('tobedeleted');
    expect(status(withdrawn.STU_ID)).toBe('tobedeleted');
    expect(status(active.STU_ID)).toBe('active');
  });

  it('takes dateLastModified as the latest of several columns across joined tables, NULLs skipped', async () => {
    const row = one<{ SCH_CD: string; SY_ID: number; SECT_NO: number; STU_ID: string; R: string | null; K: string | null; S: string | null }>(
      `SELECT R.SCH_CD, R.SY_ID, R.SECT_NO, R.STU_ID, R.LST_UPD_DT R, K.LST_UPD_DT K, S.LST_UPD_DT S
         FROM SECT_STU R JOIN SECT_MSTR K ON K.SCH_CD = R.SCH_CD AND K.SY_ID = R.SY_ID AND K.SECT_NO = R.SECT_NO
         JOIN STU_MSTR S ON S.STU_ID = R.STU_ID
        WHERE R.SY_ID = 2027 AND R.LST_UPD_DT IS NULL AND K.LST_UPD_DT IS NOT NULL AND S.LST_UPD_DT IS NOT NULL LIMIT 1`,
    );
    const latest = [row.K, row.S].filter(Boolean).sort().pop()!;
    const enrollment = await client.get<{ enrollment: Row }>(`enrollments/enr-${row.SCH_CD}-${row.SY_ID}-${row.SECT_NO}-s${row.STU_ID}`);
    expect(enrollment.body.enrollment.dateLastModified).toBe(`${latest.replace(' ', 'T')}.000Z`);
  });

  it('reads multi-valued references from child tables in both directions (student ↔ guardian agents)', () => {
    const guardians = users.filter((user) => user.role === 'guardian' && (user.agents as Row[] | undefined)?.length);
    expect(guardians.length).toBeGreaterThan(100);
    for (const guardian of guardians.slice(0, 50)) {
      for (const agent of guardian.agents as Row[]) {
        const student = users.find((user) => user.sourcedId === agent.sourcedId)!;
        expect(student.role).toBe('student');
        expect((student.agents as Row[]).map((ref) => ref.sourcedId)).toContain(guardian.sourcedId);
      }
    }
  });

  it('lists a teacher at two schools with the primary school first', () => {
    const twoSchools = one<{ STF_ID: number; SCH_CD: string }>(
      "SELECT S.STF_ID, P.SCH_CD FROM STF_SCH S JOIN STF_SCH P ON P.STF_ID = S.STF_ID AND P.PRIM_FLG = 'Y' GROUP BY S.STF_ID HAVING COUNT(*) = 2 LIMIT 1",
    );
    const teacher = users.find((user) => user.sourcedId === `stf-${twoSchools.STF_ID}`)!;
    expect((teacher.orgs as Row[]).map((org) => org.sourcedId)).toEqual([`sch-${twoSchools.SCH_CD}`, expect.stringMatching(/^sch-/)]);
  });

  it('splits delimited columns into lists (course grades, class periods)', async () => {
    const course = one<{ SCH_CD: string; CRS_NO: string; GRD_LVLS: string }>("SELECT SCH_CD, CRS_NO, GRD_LVLS FROM CRS_MSTR WHERE GRD_LVLS LIKE '%;%' LIMIT 1");
    const served = await client.get<{ course: Row }>(`courses/crs-${course.SCH_CD}-${course.CRS_NO}`);
    expect(served.body.course.grades).toEqual(course.GRD_LVLS.split(';'));
  });

  it('builds microsoft.userFlags from flag columns: SDS spellings, comma separated, no spaces, only when true', () => {
    const flagged = users.filter((user) => (user.metadata as Row | undefined)?.['microsoft.userFlags']);
    expect(flagged.length).toBeGreaterThan(100);
    for (const user of flagged) {
      const flags = String((user.metadata as Row)['microsoft.userFlags']);
      expect(flags).toMatch(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/);
      for (const flag of flags.split(',')) expect(['freeLunch', 'homeless', 'giftedOrTalented', '504', 'ELL', 'IEP']).toContain(flag);
    }
    const free = one<{ STU_ID: string }>("SELECT STU_ID FROM STU_MSTR WHERE FRL_CD = 'F' AND IEP_FLG = 'Y' AND ENR_STAT = 'A' LIMIT 1");
    const flags = String((users.find((user) => user.sourcedId === `stu-${free.STU_ID}`)!.metadata as Row)['microsoft.userFlags']).split(',');
    expect(flags).toEqual(expect.arrayContaining(['freeLunch', 'IEP']));
    const none = users.find((user) => user.role === 'teacher')!;
    expect(none.metadata).toBeUndefined();
  });

  it('builds values with templates, concatenation, coalesce and lower-casing', async () => {
    const cls = one<{ SCH_CD: string; SECT_NO: number; CRS_NO: string; PRD: string; CRS_TTL: string; ROOM_NO: string }>(
      "SELECT K.SCH_CD, K.SECT_NO, K.CRS_NO, K.PRD, C.CRS_TTL, K.ROOM_NO FROM SECT_MSTR K JOIN CRS_MSTR C ON C.SCH_CD = K.SCH_CD AND C.CRS_NO = K.CRS_NO WHERE K.SY_ID = 2027 AND K.PRD IS NOT NULL AND K.ROOM_NO IS NOT NULL LIMIT 1",
    );
    const served = (await client.get<{ class: Row }>(`classes/cls-${cls.SCH_CD}-2027-${cls.SECT_NO}`)).body.class;
    expect(served).toMatchObject({ title: `${cls.CRS_TTL} - Period ${cls.PRD}`, classCode: `${cls.CRS_NO}-${cls.SECT_NO}`, location: `Room ${cls.ROOM_NO}` });
    const noEmail = one<{ CNTCT_ID: number }>('SELECT CNTCT_ID FROM CNTCT_MSTR WHERE EMAIL IS NULL LIMIT 1');
    expect(users.find((user) => user.sourcedId === `con-${noEmail.CNTCT_ID}`)?.username).toBe(`con-${noEmail.CNTCT_ID}`);
    const withEmail = one<{ CNTCT_ID: number; EMAIL: string }>('SELECT CNTCT_ID, EMAIL FROM CNTCT_MSTR WHERE EMAIL IS NOT NULL LIMIT 1');
    expect(users.find((user) => user.sourcedId === `con-${withEmail.CNTCT_ID}`)?.username).toBe(withEmail.EMAIL.toLowerCase());
  });
});
