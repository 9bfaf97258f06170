import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { hashSecret } from '../../src/config/secret-hash';
import { OneRosterClient } from '../support/oneroster-client';
import { expectStatusPayload } from '../support/oneroster-assertions';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Row = Record<string, unknown>;
type Page = Record<string, Row[]>;

/**
 * The subtype collections (/schools, /students …) and the relationship collections of 1.1 §2.2
 * (/schools/{id}/classes …), each checked against a full walk of the top-level collections: the
 * route must answer exactly the records the relationship selects, no more, no fewer.
 */
describeEachSource('subtype and relationship collections over HTTP', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  const all: Record<string, Row[]> = {};

  const ids = (rows: Row[]) => rows.map((row) => String(row.sourcedId)).sort();
  const ref = (value: unknown) => (value as Row | undefined)?.sourcedId;
  const refIds = (value: unknown) => ((value as Row[] | undefined) ?? []).map((item) => item.sourcedId);
  const enrolled = (filter: (enrollment: Row) => boolean, pick: 'user' | 'class') => new Set(all.enrollments.filter(filter).map((enrollment) => ref(enrollment[pick])));

  beforeAll(async () => {
    const coreOnly = Object.assign(new ClientConfig(), { id: 'core-only', secretHash: await hashSecret('core-secret'), scopes: ['roster-core.readonly'] });
    server = await startServerOn(await prepareSource(target), (config) => config.clients.push(coreOnly));
    client = new OneRosterClient(server.url);
    for (const entity of ['orgs', 'users', 'classes', 'courses', 'enrollments', 'academicSessions']) all[entity] = await client.walk(entity, {}, 5000);
  });
  afterAll(() => server.close());

  /** The route answers exactly `expected`, walked in pages, with X-Total-Count to match. */
  async function expectRoute(path: string, key: string, expected: Row[], mayBeEmpty = false): Promise<void> {
    if (!mayBeEmpty) expect(expected.length).toBeGreaterThan(0);
    const first = await client.get<Page>(path, { limit: 1 });
    expect(first.status).toBe(200);
    expect(Object.keys(first.body)).toEqual([key]);
    expect(Number(first.headers.get('x-total-count'))).toBe(expected.length);
    expect(ids(await client.walk(path, {}, Math.max(7, Math.ceil(expected.length / 4))))).toEqual(ids(expected));
  }

  // The fixtures: a school, class, course, student, teacher and term that have related records.
  const school = () => String(ref(all.classes.find((row) => all.enrollments.some((e) => ref(e.class) === row.sourcedId && e.role === 'teacher'))!.school));
  const schoolClass = () => all.classes.find((row) => ref(row.school) === school() && all.enrollments.some((e) => ref(e.class) === row.sourcedId && e.role === 'student'))!;
  const student = () => String(ref(all.enrollments.find((e) => e.role === 'student')!.user));
  const teacher = () => String(ref(all.enrollments.find((e) => e.role === 'teacher')!.user));
  const term = () => String(refIds(all.classes[0].terms)[0]);

  describe('subtypes', () => {
    it('/schools are the orgs of type school', () => expectRoute('schools', 'orgs', all.orgs.filter((row) => row.type === 'school')));
    it('/students are the users with role student', () => expectRoute('students', 'users', all.users.filter((row) => row.role === 'student')));
    it('/teachers are the users with role teacher', () => expectRoute('teachers', 'users', all.users.filter((row) => row.role === 'teacher')));
    it('/terms are the academicSessions of type term', () => expectRoute('terms', 'academicSessions', all.academicSessions.filter((row) => row.type === 'term')));
    it('/gradingPeriods are the academicSessions of type gradingPeriod', () =>
      expectRoute('gradingPeriods', 'academicSessions', all.academicSessions.filter((row) => row.type === 'gradingPeriod')));

    it('/students/{id} is the student in a user wrapper; a teacher id there is 404', async () => {
      const found = await client.get<Record<string, Row>>(`students/${student()}`);
      expect(found.status).toBe(200);
      expect(found.body.user.sourcedId).toBe(student());
      const notStudent = await client.get<Row>(`students/${teacher()}`);
      expect(notStudent.status).toBe(404);
      expectStatusPayload(notStudent.body, 'unknownobject');
    });
    it('/schools/{id} is the school in an org wrapper', async () => {
      const found = await client.get<Record<string, Row>>(`schools/${school()}`);
      expect(found.status).toBe(200);
      expect(found.body.org).toMatchObject({ sourcedId: school(), type: 'school' });
    });
    it('a filter cannot widen a subtype: /students?filter=role=\'teacher\' OR … stays students', async () => {
      const response = await client.get<Page>('students', { filter: "role='teacher' OR status='active'", limit: 1 });
      expect(Number(response.headers.get('x-total-count'))).toBe(all.users.filter((row) => row.role === 'student' && row.status === 'active').length);
    });
  });

  describe('relationships', () => {
    it('/schools/{id}/classes', () => expectRoute(`schools/${school()}/classes`, 'classes', all.classes.filter((row) => ref(row.school) === school())));
    it('/schools/{id}/courses', () => expectRoute(`schools/${school()}/courses`, 'courses', all.courses.filter((row) => ref(row.org) === school())));
    it('/schools/{id}/enrollments', () => expectRoute(`schools/${school()}/enrollments`, 'enrollments', all.enrollments.filter((row) => ref(row.school) === school())));
    it('/schools/{id}/students', () =>
      expectRoute(`schools/${school()}/students`, 'users', all.users.filter((row) => row.role === 'student' && refIds(row.orgs).includes(school()))));
    it('/schools/{id}/teachers', () =>
      expectRoute(`schools/${school()}/teachers`, 'users', all.users.filter((row) => row.role === 'teacher' && refIds(row.orgs).includes(school()))));
    it('/schools/{id}/terms are the terms of the school\'s classes', () => {
      const used = new Set(all.classes.filter((row) => ref(row.school) === school()).flatMap((row) => refIds(row.terms)));
      return expectRoute(`schools/${school()}/terms`, 'academicSessions', all.academicSessions.filter((row) => row.type === 'term' && used.has(row.sourcedId)));
    });
    it('/schools/{id}/classes/{id}/enrollments', () => {
      const klass = schoolClass().sourcedId;
      return expectRoute(`schools/${school()}/classes/${klass}/enrollments`, 'enrollments', all.enrollments.filter((row) => ref(row.class) === klass && ref(row.school) === school()));
    });
    it.each(['student', 'teacher'])('/schools/{id}/classes/{id}/%ss and /classes/{id}/%ss', async (role) => {
      const klass = schoolClass().sourcedId;
      const users = enrolled((e) => ref(e.class) === klass && e.role === role, 'user');
      const expected = all.users.filter((row) => row.role === role && users.has(row.sourcedId));
      expect(expected.length).toBeGreaterThan(0);
      await expectRoute(`schools/${school()}/classes/${klass}/${role}s`, 'users', expected);
      await expectRoute(`classes/${klass}/${role}s`, 'users', expected);
    });
    it('/courses/{id}/classes', () => {
      const course = String(ref(schoolClass().course));
      return expectRoute(`courses/${course}/classes`, 'classes', all.classes.filter((row) => ref(row.course) === course));
    });
    it.each([
      ['students', 'student'],
      ['teachers', 'teacher'],
      ['users', undefined],
    ])('/%s/{id}/classes', async (path, role) => {
      const user = role === 'teacher' ? teacher() : student();
      const classes = enrolled((e) => ref(e.user) === user && (!role || e.role === role), 'class');
      const expected = all.classes.filter((row) => classes.has(row.sourcedId));
      expect(expected.length).toBeGreaterThan(0);
      await expectRoute(`${path}/${user}/classes`, 'classes', expected);
    });
    it('/terms/{id}/classes', () => expectRoute(`terms/${term()}/classes`, 'classes', all.classes.filter((row) => refIds(row.terms).includes(term()))));
    it('/terms/{id}/gradingPeriods', () => {
      const parent = String(ref(all.academicSessions.find((row) => row.type === 'gradingPeriod')?.parent) ?? term());
      return expectRoute(`terms/${parent}/gradingPeriods`, 'academicSessions', all.academicSessions.filter((row) => row.type === 'gradingPeriod' && ref(row.parent) === parent));
    });
  });

  describe('parameters, parents and scopes', () => {
    it('filter, sort, fields and paging behave as on the top-level collection', async () => {
      const path = `schools/${school()}/students`;
      const wanted = all.users
        .filter((row) => row.role === 'student' && refIds(row.orgs).includes(school()) && String(row.familyName) >= 'M')
        .sort((a, b) => String(a.familyName).localeCompare(String(b.familyName)) || String(a.sourcedId).localeCompare(String(b.sourcedId)));
      const query = { filter: "familyName>='M'", sort: 'familyName', fields: 'sourcedId,familyName', limit: 3, offset: 2 };
      const response = await client.get<Page>(path, query);
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('x-total-count'))).toBe(wanted.length);
      expect(response.headers.get('link')).toContain('rel="next"');
      expect(response.body.users.map((row) => Object.keys(row).sort())).toEqual(response.body.users.map(() => ['familyName', 'sourcedId']));
      expect(response.body.users.map((row) => row.familyName)).toEqual(wanted.slice(2, 5).map((row) => row.familyName));
    });
    it("a filter cannot widen a relationship: OR reaches no other school's classes", async () => {
      const response = await client.get<Page>(`schools/${school()}/classes`, { filter: "status='active' OR status='tobedeleted'", limit: 1 });
      expect(Number(response.headers.get('x-total-count'))).toBe(all.classes.filter((row) => ref(row.school) === school()).length);
    });
    it.each(['schools/1000000/classes', 'schools/1000000/enrollments', 'classes/nope/students', 'users/nope/classes'])(
      'an unknown parent (%s) is 200 with an empty page',
      async (path) => {
        const response = await client.get<Page>(path);
        expect(response.status).toBe(200);
        expect(Object.values(response.body)[0]).toEqual([]);
        expect(response.headers.get('x-total-count')).toBe('0');
      },
    );
    it('a bad filter on a nested route is 400 as on the collection', async () => {
      const response = await client.get<Row>(`schools/${school()}/classes`, { filter: "nosuchfield='x'" });
      expect(response.status).toBe(400);
      expectStatusPayload(response.body, 'invalid_filter_field');
    });
    it('writes to a nested route are 405', async () => {
      const response = await client.raw<Row>(`${server.url}/ims/oneroster/v1p1/schools/${school()}/classes`, { Authorization: `Bearer ${await client.accessToken()}` }, { method: 'POST' });
      expect(response.status).toBe(405);
    });
    it('a roster-core token reads /students but gets 403 on a nested route', async () => {
      const core = new OneRosterClient(server.url, { id: 'core-only', secret: 'core-secret' });
      expect((await core.get('students', { limit: 1 })).status).toBe(200);
      expect((await core.get(`schools/${school()}/classes`)).status).toBe(403);
    });
  });
});
