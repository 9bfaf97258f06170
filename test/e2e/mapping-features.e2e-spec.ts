import type { Knex } from 'knex';
import type { RunningServer } from '../../src/bootstrap';
import { OneRosterClient } from '../support/oneroster-client';
import { describeEachSource, prepareSource, sisConnection } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Row = Record<string, unknown>;
const SERVED = ['A', 'W', 'G'];

/**
 * Each construct of the mapping language, observed through the API and cross-checked against
 * the legacy tables of the demo SIS (queried with knex, so the same checks run on every database).
 */
describeEachSource('demo mapping features, end to end', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let sis: Knex;
  let users: Row[];

  beforeAll(async () => {
    const prepared = await prepareSource(target);
    server = await startServerOn(prepared);
    client = new OneRosterClient(server.url);
    sis = await sisConnection(target, prepared.sqliteFile);
    users = await client.walk('users', {}, 5000);
  });
  afterAll(async () => {
    await sis.destroy();
    await server.close();
  });

  const count = async (query: Knex.QueryBuilder) => Number(((await query.count({ n: '*' }).first()) as { n: number | string }).n);
  const user = (id: string) => users.find((candidate) => candidate.sourcedId === id);

  it('unions users from the student, staff and contact tables with prefixed sourcedIds', async () => {
    const byPrefix = (prefix: string) => users.filter((row) => String(row.sourcedId).startsWith(prefix)).length;
    expect(byPrefix('stu-')).toBe(await count(sis('STU_MSTR').whereIn('ENR_STAT', SERVED)));
    expect(byPrefix('stf-')).toBe(await count(sis('STF_MSTR')));
    // Contacts are served only as guardians of served students (an `exists` condition), and only
    // with an e-mail (SDS rejects contacts without one).
    const guardians = sis('STU_CNTCT as G')
      .join('STU_MSTR as GS', 'GS.STU_ID', 'G.STU_ID')
      .join('CNTCT_MSTR as GC', 'GC.CNTCT_ID', 'G.CNTCT_ID')
      .whereNotNull('GC.EMAIL')
      .whereIn('G.REL_CD', ['M', 'F', 'G', 'S', 'R'])
      .whereIn('GS.ENR_STAT', SERVED)
      .countDistinct({ n: 'G.CNTCT_ID' })
      .first();
    expect(byPrefix('con-')).toBe(Number(((await guardians) as { n: number | string }).n));
    expect(byPrefix('con-')).toBeLessThan(await count(sis('CNTCT_MSTR')));
    expect(new Set(users.map((row) => row.role))).toEqual(new Set(['student', 'teacher', 'administrator', 'aide', 'guardian', 'parent', 'relative']));
  });

  it('applies source-row conditions: pre-registered students and prior-year sections are not served', async () => {
    const preRegistered = await sis('STU_MSTR').where('ENR_STAT', 'P').first('STU_ID');
    expect(user(`stu-${preRegistered.STU_ID}`)).toBeUndefined();
    const classes = await client.walk('classes', {}, 5000);
    expect(classes).toHaveLength(await count(sis('SECT_MSTR').join('SCH_YR', 'SCH_YR.SY_ID', 'SECT_MSTR.SY_ID').where('SCH_YR.CUR_YR_FLG', 'Y')));
    expect(classes.every((cls) => String(cls.sourcedId).includes('-2027-'))).toBe(true);
  });

  it('serves rows declared in the mapping (the district) and filters them like table rows', async () => {
    const district = await client.get<{ orgs: Row[] }>('orgs', { filter: "type='district' AND name~'lincoln'" });
    expect(district.body.orgs).toEqual([expect.objectContaining({ sourcedId: 'dist-lusd', identifier: '0622710', dateLastModified: '2025-07-01T00:00:00.000Z' })]);
    const schools = await client.walk('orgs', { filter: "parent.sourcedId='dist-lusd'" });
    expect(schools).toHaveLength(await count(sis('SCH_MSTR')));
  });

  it('maps legacy codes to OneRoster values (staff type → role, gender → sex, term type → type, grade → grades)', async () => {
    const aide = await sis('STF_MSTR').where('STF_TYP', 'I').first('STF_ID');
    expect(user(`stf-${aide.STF_ID}`)?.role).toBe('aide');
    const kinder = await sis('STU_MSTR').where({ GRD_CD: 'K', ENR_STAT: 'A' }).orderBy('STU_ID').first('STU_ID');
    expect(user(`stu-${kinder.STU_ID}`)?.grades).toEqual(['KG']);
    const unspecified = await sis('STU_MSTR').where({ GNDR: 'X', ENR_STAT: 'A' }).orderBy('STU_ID').first('STU_ID');
    const demographics = await client.get<{ demographics: Row }>(`demographics/stu-${unspecified.STU_ID}`);
    expect(demographics.body.demographics.sex).toBeUndefined();
    const quarter = await client.get<{ academicSession: Row }>('academicSessions/trm-001-2027-Q3');
    expect(quarter.body.academicSession).toMatchObject({ type: 'gradingPeriod', schoolYear: '2027', parent: { sourcedId: 'trm-001-2027-S2', type: 'academicSession' } });
  });

  it('derives status from soft-delete flags and status codes', async () => {
    const deleted = await sis('STU_MSTR').where({ DEL_FLG: 'Y', ENR_STAT: 'A' }).orderBy('STU_ID').first('STU_ID');
    const withdrawn = await sis('STU_MSTR').where({ ENR_STAT: 'W', DEL_FLG: 'N' }).orderBy('STU_ID').first('STU_ID');
    const active = await sis('STU_MSTR').where({ ENR_STAT: 'A', DEL_FLG: 'N' }).orderBy('STU_ID').first('STU_ID');
    expect(user(`stu-${deleted.STU_ID}`)?.status).toBe('tobedeleted');
    expect(user(`stu-${withdrawn.STU_ID}`)?.status).toBe('tobedeleted');
    expect(user(`stu-${active.STU_ID}`)?.status).toBe('active');
  });

  it('takes dateLastModified as the latest of several columns across joined tables, NULLs skipped', async () => {
    const row = await sis('SECT_STU as R')
      .join('SECT_MSTR as K', (on) => on.on('K.SCH_CD', 'R.SCH_CD').andOn('K.SY_ID', 'R.SY_ID').andOn('K.SECT_NO', 'R.SECT_NO'))
      .join('STU_MSTR as S', 'S.STU_ID', 'R.STU_ID')
      .where('R.SY_ID', 2027)
      .whereNull('R.LST_UPD_DT')
      .whereNotNull('K.LST_UPD_DT')
      .whereNotNull('S.LST_UPD_DT')
      .orderBy(['R.SCH_CD', 'R.SECT_NO', 'R.STU_ID'])
      .first('R.SCH_CD', 'R.SY_ID', 'R.SECT_NO', 'R.STU_ID', 'K.LST_UPD_DT as K', 'S.LST_UPD_DT as S');
    const latest = [String(row.K), String(row.S)].map((text) => text.slice(0, 19)).sort().pop()!;
    const enrollment = await client.get<{ enrollment: Row }>(`enrollments/enr-${String(row.SCH_CD).trim()}-${row.SY_ID}-${row.SECT_NO}-s${String(row.STU_ID).trim()}`);
    expect(enrollment.body.enrollment.dateLastModified).toBe(`${latest.replace(' ', 'T')}.000Z`);
  });

  const CONTACT_ROLES = ['guardian', 'parent', 'relative'];

  it('serves every contact with at least one org and one student agent', () => {
    const guardians = users.filter((row) => CONTACT_ROLES.includes(String(row.role)));
    expect(guardians.every((row) => (row.orgs as Row[]).length > 0 && ((row.agents as Row[] | undefined) ?? []).length > 0)).toBe(true);
  });

  it('reads multi-valued references from child tables in both directions (student ↔ guardian agents)', () => {
    const guardians = users.filter((row) => CONTACT_ROLES.includes(String(row.role)) && (row.agents as Row[] | undefined)?.length);
    expect(guardians.length).toBeGreaterThan(100);
    for (const guardian of guardians.slice(0, 50)) {
      for (const agent of guardian.agents as Row[]) {
        const student = user(String(agent.sourcedId))!;
        expect(student.role).toBe('student');
        expect((student.agents as Row[]).map((ref) => ref.sourcedId)).toContain(guardian.sourcedId);
      }
    }
  });

  it('lists a teacher at two schools with the primary school first', async () => {
    const [twoSchools] = await sis('STF_SCH').groupBy('STF_ID').havingRaw('COUNT(*) = 2').orderBy('STF_ID').limit(1).select('STF_ID');
    const primary = await sis('STF_SCH').where({ STF_ID: twoSchools.STF_ID, PRIM_FLG: 'Y' }).first('SCH_CD');
    const teacher = user(`stf-${twoSchools.STF_ID}`)!;
    expect((teacher.orgs as Row[]).map((org) => org.sourcedId)).toEqual([`sch-${primary.SCH_CD}`, expect.stringMatching(/^sch-/)]);
    // A `first` expression over the same link table gives OneRoster 1.2's primaryOrg.
    const v1p2 = new OneRosterClient(server.url, undefined, '/ims/oneroster/rostering/v1p2');
    const served = await v1p2.get<{ user: Row }>(`users/stf-${twoSchools.STF_ID}`, { fields: 'sourcedId,primaryOrg' });
    expect((served.body.user.primaryOrg as Row).sourcedId).toBe(`sch-${primary.SCH_CD}`);
  });

  it('serves only the current school year and its terms as active (SDS reads every active session as current)', async () => {
    const sessions = await client.walk('academicSessions', {}, 5000);
    const current = String(((await sis('SCH_YR').where('CUR_YR_FLG', 'Y').first('SY_ID')) as { SY_ID: number }).SY_ID);
    expect(new Set(sessions.map((row) => row.schoolYear)).size).toBeGreaterThan(1);
    for (const row of sessions) expect(row.status).toBe(row.schoolYear === current ? 'active' : 'tobedeleted');
    const active = await client.walk('academicSessions', { filter: "status='active'" }, 5000);
    expect(active.length).toBe(sessions.filter((row) => row.schoolYear === current).length);
    // Every class is taught in active sessions only.
    const classes = await client.walk('classes', { fields: 'sourcedId,terms' }, 5000);
    const activeIds = new Set(active.map((row) => row.sourcedId));
    for (const klass of classes) for (const term of klass.terms as Row[]) expect(activeIds.has(term.sourcedId)).toBe(true);
  });

  it('serves phones and sms in E.164 and leaves out numbers that cannot be normalised', async () => {
    for (const row of users) {
      for (const field of ['phone', 'sms']) if (row[field] !== undefined) expect(row[field]).toMatch(/^\+1\d{10}$/);
    }
    const students = (await sis('STU_MSTR').whereIn('ENR_STAT', ['A', 'W', 'G']).whereNotNull('HOME_PHN').select('STU_ID', 'HOME_PHN')) as Array<{ STU_ID: string; HOME_PHN: string }>;
    const served = (id: string) => user(`stu-${String(id).trim()}`)?.phone;
    const parenthesised = students.find((row) => /^\(555\) \d{3}-\d{4}$/.test(row.HOME_PHN))!;
    expect(served(parenthesised.STU_ID)).toBe(`+1${parenthesised.HOME_PHN.replace(/\D/g, '')}`);
    const local = students.find((row) => /^\d{7}$/.test(row.HOME_PHN))!;
    expect(served(local.STU_ID)).toBeUndefined();
    const junk = students.find((row) => /[a-z]/i.test(row.HOME_PHN));
    if (junk) expect(served(junk.STU_ID)).toBeUndefined();
  });

  it("gives each contact the role of its closest relationship (a `first` expression over the link table)", async () => {
    const links = (await sis('STU_CNTCT as L')
      .join('STU_MSTR as S', 'S.STU_ID', 'L.STU_ID')
      .join('CNTCT_MSTR as C', 'C.CNTCT_ID', 'L.CNTCT_ID')
      .whereNotNull('C.EMAIL')
      .whereIn('L.REL_CD', ['M', 'F', 'G', 'S', 'R'])
      .whereIn('S.ENR_STAT', ['A', 'W', 'G'])
      .select('L.CNTCT_ID', 'L.REL_CD')) as Array<{ CNTCT_ID: number; REL_CD: string }>;
    const rank = (code: string) => (code === 'G' ? 0 : ['M', 'F', 'S'].includes(code) ? 1 : 2);
    const closest = new Map<string, string>();
    for (const link of links) {
      const id = `con-${link.CNTCT_ID}`;
      const code = String(link.REL_CD).trim();
      if (!closest.has(id) || rank(code) < rank(closest.get(id)!)) closest.set(id, code);
    }
    const expected = (code: string) => (code === 'G' ? 'guardian' : code === 'R' ? 'relative' : 'parent');
    const contacts = users.filter((row) => String(row.sourcedId).startsWith('con-'));
    expect(contacts.length).toBe(closest.size);
    for (const contact of contacts) expect(contact.role).toBe(expected(closest.get(String(contact.sourcedId))!));
    expect(new Set(contacts.map((row) => row.role))).toEqual(new Set(CONTACT_ROLES));
  });

  it('splits delimited columns into lists (course grades)', async () => {
    const course = await sis('CRS_MSTR').where('GRD_LVLS', 'like', '%;%').orderBy(['SCH_CD', 'CRS_NO']).first('SCH_CD', 'CRS_NO', 'GRD_LVLS');
    const served = await client.get<{ course: Row }>(`courses/crs-${course.SCH_CD}-${course.CRS_NO}`);
    expect(served.body.course.grades).toEqual(String(course.GRD_LVLS).split(';'));
  });

  it('builds microsoft.userFlags from flag columns: SDS spellings, comma separated, no spaces, only when true', async () => {
    const flagged = users.filter((row) => (row.metadata as Row | undefined)?.['microsoft.userFlags']);
    expect(flagged.length).toBeGreaterThan(100);
    for (const row of flagged) {
      const flags = String((row.metadata as Row)['microsoft.userFlags']);
      expect(flags).toMatch(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/);
      for (const flag of flags.split(',')) expect(['freeLunch', 'homeless', 'giftedOrTalented', '504', 'ELL', 'IEP']).toContain(flag);
    }
    const free = await sis('STU_MSTR').where({ FRL_CD: 'F', IEP_FLG: 'Y', ENR_STAT: 'A' }).orderBy('STU_ID').first('STU_ID');
    const flags = String((user(`stu-${free.STU_ID}`)!.metadata as Row)['microsoft.userFlags']).split(',');
    expect(flags).toEqual(expect.arrayContaining(['freeLunch', 'IEP']));
    expect(users.find((row) => row.role === 'teacher')!.metadata).toBeUndefined();
  });

  it('builds values with templates, concatenation, coalesce and lower-casing', async () => {
    const cls = await sis('SECT_MSTR as K')
      .join('CRS_MSTR as C', (on) => on.on('C.SCH_CD', 'K.SCH_CD').andOn('C.CRS_NO', 'K.CRS_NO'))
      .where('K.SY_ID', 2027)
      .whereNotNull('K.PRD')
      .whereNotNull('K.ROOM_NO')
      .orderBy(['K.SCH_CD', 'K.SECT_NO'])
      .first('K.SCH_CD', 'K.SECT_NO', 'K.CRS_NO', 'K.PRD', 'C.CRS_TTL', 'K.ROOM_NO');
    const served = (await client.get<{ class: Row }>(`classes/cls-${cls.SCH_CD}-2027-${cls.SECT_NO}`)).body.class;
    expect(served).toMatchObject({ title: `${cls.CRS_TTL} - Period ${cls.PRD}`, classCode: `${cls.CRS_NO}-${cls.SECT_NO}`, location: `Room ${cls.ROOM_NO}` });
    // A contact without an e-mail is not served at all, so the username fallback never shows.
    const noEmail = await sis('CNTCT_MSTR').whereNull('EMAIL').orderBy('CNTCT_ID').first('CNTCT_ID');
    expect(user(`con-${noEmail.CNTCT_ID}`)).toBeUndefined();
    const withEmail = await sis('CNTCT_MSTR').whereNotNull('EMAIL').orderBy('CNTCT_ID').first('CNTCT_ID', 'EMAIL');
    expect(user(`con-${withEmail.CNTCT_ID}`)?.username).toBe(String(withEmail.EMAIL).toLowerCase());
  });
});
