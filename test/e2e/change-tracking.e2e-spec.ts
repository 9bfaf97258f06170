import type { Knex } from 'knex';
import type { RunningServer } from '../../src/bootstrap';
import { SnapshotScheduler } from '../../src/tracking/snapshot-scheduler';
import { OneRosterClient } from '../support/oneroster-client';
import { V1P2_BASE } from '../support/openapi-validator';
import { describeEachSource, prepareSource, sisConnection } from '../support/source-targets';
import { freshTrackingStore, startServerOn } from '../support/test-server';

type Row = Record<string, unknown>;

/**
 * The change-tracking store and its snapshot pass, driven by real changes to the legacy tables:
 * hard deletes reach deltas as tobedeleted stubs; entities whose tables keep no last-modified time
 * (the demo's classes and courses: CRS_MSTR and SECT_TRM have none) get a new dateLastModified
 * exactly when what they serve changes; joined-table changes reach the delta of the entity built
 * from them. The SIS is changed by a separate writer; the adapter only reads it.
 */
describeEachSource('change tracking: hard deletes and tables without a last-modified column', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let sis: Knex;
  let prepared: { sourceUrl?: string; sqliteFile?: string };
  const store = freshTrackingStore();
  let watermark: string;

  const start = async () => startServerOn(prepared, (config) => (config.tracking.store = `sqlite:${store}`));
  const pass = () => server.app.get(SnapshotScheduler).runPass();
  const delta = (entity: string, since = watermark) => client.walk(entity, { filter: `dateLastModified>'${since}'` }, 5000);
  const ids = (rows: Row[]) => rows.map((row) => String(row.sourcedId)).sort();
  /** The SIS's wall clock (UTC) for LST_UPD_DT, a little after the watermark. */
  const sisNow = () => new Date(Date.now() + 1000).toISOString().replace('T', ' ').slice(0, 19);
  const course = { SCH_CD: '003', CRS_NO: 'MA1010' };

  beforeAll(async () => {
    prepared = await prepareSource(target, { fresh: true, copyName: 'tracking' });
    sis = await sisConnection(target, prepared.sqliteFile);
    server = await start();
    client = new OneRosterClient(server.url);
    const baseline = await pass();
    expect(baseline.map((result) => result.entity).sort()).toEqual(['classes', 'courses', 'enrollments', 'users']);
    await new Promise((resolve) => setTimeout(resolve, 20));
    watermark = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
  afterAll(async () => {
    await sis?.destroy();
    await server?.close();
    if (target.name !== 'sqlite') await prepareSource(target, { fresh: true });
  });

  it('has nothing in any delta after the baseline pass, and a second pass changes nothing', async () => {
    for (const entity of ['classes', 'courses', 'enrollments', 'users']) expect(await delta(entity)).toEqual([]);
    const again = await pass();
    expect(again.every((result) => result.counts.added + result.counts.changed + result.counts.deleted === 0)).toBe(true);
  });

  it('dates a course and its classes when the title changes in a table without a last-modified column, once the pass has run', async () => {
    const before = (await client.get<{ course: Row }>('courses/crs-003-MA1010')).body.course;
    const otherBefore = (await client.get<{ course: Row }>('courses/crs-003-EN1010')).body.course;
    await sis('CRS_MSTR').where(course).update({ CRS_TTL: 'Algebra I (Honors)' });
    expect(await delta('courses')).toEqual([]);
    await pass();
    const courses = await delta('courses');
    expect(ids(courses)).toEqual(['crs-003-MA1010']);
    expect(courses[0]).toMatchObject({ title: 'Algebra I (Honors)' });
    expect(Date.parse(String(courses[0].dateLastModified))).toBeGreaterThan(Date.parse(String(before.dateLastModified)));
    // Every class built on the course changed its title: each, and only those, are in the classes delta.
    const sections = (await sis('SECT_MSTR').where({ ...course, SY_ID: 2027 }).select('SECT_NO')) as Array<{ SECT_NO: number }>;
    expect(ids(await delta('classes'))).toEqual(sections.map((row) => `cls-003-2027-${row.SECT_NO}`).sort());
    // An unchanged course keeps its date, across passes.
    expect((await client.get<{ course: Row }>('courses/crs-003-EN1010')).body.course.dateLastModified).toBe(otherBefore.dateLastModified);
  });

  it('dates a class whose terms changed in the link table (SECT_TRM has no last-modified column)', async () => {
    // A year-long section taught in both semesters becomes a first-semester section.
    const yearLong = (await sis('SECT_TRM').where({ SCH_CD: '001', SY_ID: 2027, TRM_CD: 'S2' }).whereIn('SECT_NO', sis('SECT_TRM').where({ SCH_CD: '001', SY_ID: 2027, TRM_CD: 'S1' }).select('SECT_NO')).orderBy('SECT_NO').first('SECT_NO')) as Row;
    const since = new Date().toISOString();
    await sis('SECT_TRM').where({ SCH_CD: '001', SY_ID: 2027, SECT_NO: yearLong.SECT_NO, TRM_CD: 'S2' }).delete();
    await pass();
    const classes = await delta('classes', since);
    expect(ids(classes)).toEqual([`cls-001-2027-${yearLong.SECT_NO}`]);
    expect((classes[0].terms as Row[]).map((term) => term.sourcedId)).toEqual(['trm-001-2027-S1']);
  });

  it('serves a hard-deleted enrollment as a tobedeleted stub in deltas and by id, but not in an active pull', async () => {
    const row = (await sis('SECT_STU as R').join('STU_MSTR as S', 'S.STU_ID', 'R.STU_ID').where({ 'R.SY_ID': 2027, 'S.ENR_STAT': 'A', 'R.DROP_FLG': 'N' }).orderBy(['R.SCH_CD', 'R.SECT_NO', 'R.STU_ID']).first('R.SCH_CD', 'R.SECT_NO', 'R.STU_ID')) as Row;
    const id = `enr-${String(row.SCH_CD).trim()}-2027-${row.SECT_NO}-s${String(row.STU_ID).trim()}`;
    expect((await client.get(`enrollments/${id}`)).status).toBe(200);
    await sis('SECT_STU').where({ SCH_CD: row.SCH_CD, SY_ID: 2027, SECT_NO: row.SECT_NO, STU_ID: row.STU_ID }).delete();
    await pass();

    const enrollments = await delta('enrollments');
    const stub = enrollments.find((record) => record.sourcedId === id)!;
    expect(stub).toEqual({ sourcedId: id, status: 'tobedeleted', dateLastModified: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/) });
    expect(Date.parse(String(stub.dateLastModified))).toBeGreaterThan(Date.parse(watermark));
    expect((await client.get<{ enrollment: Row }>(`enrollments/${id}`)).body.enrollment).toEqual(stub);
    expect((await new OneRosterClient(server.url, undefined, V1P2_BASE).get<{ enrollment: Row }>(`enrollments/${id}`)).body.enrollment).toEqual(stub);
    const active = await client.get<{ enrollments: Row[] }>('enrollments', { filter: `status='active' AND sourcedId='${id}'` });
    expect(active.body.enrollments).toEqual([]);
    const tombstones = await client.get<{ enrollments: Row[] }>('enrollments', { filter: `status='tobedeleted' AND dateLastModified>'${watermark}'`, limit: 100 });
    expect(ids(tombstones.body.enrollments)).toContain(id);
  });

  it('pages and counts live records and stubs together exactly', async () => {
    const all = await client.walk('enrollments', {}, 5000);
    const total = Number((await client.get('enrollments', { limit: 1 })).headers.get('x-total-count'));
    expect(all).toHaveLength(total);
    expect(new Set(ids(all)).size).toBe(total);
    expect(all.filter((record) => record.status === 'tobedeleted' && Object.keys(record).length === 3).length).toBeGreaterThan(0);
    // A delta holding live records and stubs, walked one record per page across the boundary.
    const since = new Date(Date.parse(watermark) - 1).toISOString();
    const touched = (await sis('SECT_STU').where({ SCH_CD: '002', SY_ID: 2027 }).orderBy(['SECT_NO', 'STU_ID']).limit(3).select('SECT_NO', 'STU_ID')) as Row[];
    for (const row of touched) await sis('SECT_STU').where({ SCH_CD: '002', SY_ID: 2027, SECT_NO: row.SECT_NO, STU_ID: row.STU_ID }).update({ LST_UPD_DT: sisNow() });
    const mixed = await delta('enrollments', since);
    expect(mixed.some((record) => record.status === 'active') && mixed.some((record) => Object.keys(record).length === 3)).toBe(true);
    for (const limit of [1, 2]) expect(await client.walk('enrollments', { filter: `dateLastModified>'${since}'` }, limit)).toEqual(mixed);
  });

  it('shows an enrollment moved to another section as the old one deleted and the new one changed', async () => {
    const row = (await sis('SECT_STU as R').join('STU_MSTR as S', 'S.STU_ID', 'R.STU_ID').where({ 'R.SY_ID': 2027, 'S.ENR_STAT': 'A', 'R.SCH_CD': '003' }).orderBy(['R.SECT_NO', 'R.STU_ID']).offset(5).first('R.SECT_NO', 'R.STU_ID')) as Row;
    const free = (await sis('SECT_MSTR').where({ SCH_CD: '003', SY_ID: 2027 }).whereNotIn('SECT_NO', sis('SECT_STU').where({ SCH_CD: '003', SY_ID: 2027, STU_ID: row.STU_ID }).select('SECT_NO')).orderBy('SECT_NO').first('SECT_NO')) as Row;
    const since = new Date().toISOString();
    const student = String(row.STU_ID).trim();
    await sis('SECT_STU').where({ SCH_CD: '003', SY_ID: 2027, SECT_NO: row.SECT_NO, STU_ID: row.STU_ID }).update({ SECT_NO: free.SECT_NO, LST_UPD_DT: sisNow() });
    // The moved row is in the delta at once (its own LST_UPD_DT); the old id once the pass notices it is gone.
    const moved = await client.walk('enrollments', { filter: `dateLastModified>'${since}' AND school.sourcedId='sch-003'` }, 5000);
    expect(ids(moved)).toEqual([`enr-003-2027-${free.SECT_NO}-s${student}`]);
    await pass();
    const after = await delta('enrollments', since);
    expect(after.find((record) => record.sourcedId === `enr-003-2027-${row.SECT_NO}-s${student}`)).toMatchObject({ status: 'tobedeleted' });
    expect(after.find((record) => record.sourcedId === `enr-003-2027-${free.SECT_NO}-s${student}`)).toMatchObject({ status: 'active' });
  });

  it("shows a guardian whose e-mail changed, and a contact whose last link went as deleted", async () => {
    const since = new Date().toISOString();
    const guardian = (await client.get<{ users: Row[] }>('users', { filter: "role='guardian'", limit: 1 })).body.users[0];
    const contactId = Number(String(guardian.sourcedId).replace('con-', ''));
    await sis('CNTCT_MSTR').where('CNTCT_ID', contactId).update({ EMAIL: 'new.address@example.com', LST_UPD_DT: sisNow() });
    const changed = await delta('users', since);
    expect(ids(changed)).toEqual([String(guardian.sourcedId)]);
    expect(changed[0]).toMatchObject({ email: 'new.address@example.com' });

    const other = (await client.get<{ users: Row[] }>('users', { filter: "role='relative'", limit: 1 })).body.users[0];
    await sis('STU_CNTCT').where('CNTCT_ID', Number(String(other.sourcedId).replace('con-', ''))).delete();
    await pass();
    const afterPass = await delta('users', since);
    expect(afterPass.find((record) => record.sourcedId === other.sourcedId)).toMatchObject({ status: 'tobedeleted' });
  });

  it('keeps every date across a restart (the store is the memory), and a pass after it changes nothing', async () => {
    const before = await client.walk('classes', { fields: 'sourcedId,dateLastModified' }, 5000);
    await server.close();
    server = await start();
    client = new OneRosterClient(server.url);
    const after = await client.walk('classes', { fields: 'sourcedId,dateLastModified' }, 5000);
    expect(after).toEqual(before);
    const results = await pass();
    expect(results.every((result) => result.counts.added + result.counts.changed + result.counts.deleted === 0)).toBe(true);
  });

  it('filters a tracked entity on other fields as usual, and combines them with a delta by AND', async () => {
    const since = new Date(Date.parse(watermark) - 1).toISOString();
    const plain = await client.get<{ classes: Row[] }>('classes', { filter: "school.sourcedId='sch-003'", limit: 1 });
    expect(plain.status).toBe(200);
    expect(Number(plain.headers.get('x-total-count'))).toBeGreaterThan(0);
    const both = await client.walk('classes', { filter: `dateLastModified>'${since}' AND school.sourcedId='sch-003'` }, 5000);
    expect(both.length).toBeGreaterThan(0);
    expect(both.every((row) => (row.school as Row).sourcedId === 'sch-003')).toBe(true);
  });

  it('refuses a dateLastModified of a tracked entity inside an OR with a clear 400', async () => {
    const response = await client.get('classes', { filter: `dateLastModified>'${watermark}' OR status='active'` });
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.body)).toContain('combine it with other conditions by AND only');
  });
});
