import type { RunningServer } from '../../src/bootstrap';
import { ROSTERING_ROUTES } from '../../src/api/rostering-routes';
import { ClientConfig } from '../../src/config/app-config';
import { hashSecret } from '../../src/config/secret-hash';
import type { EntityName } from '../../src/oneroster/entity-catalogue';
import { OneRosterClient } from '../support/oneroster-client';
import { V1P2_BASE } from '../support/openapi-validator';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Row = Record<string, unknown>;

const SCHOOL = 'sch-001';
const OTHER_SCHOOL = 'sch-002';

/**
 * Per-client data restrictions (`clients[].access`): a client limited to one school sees exactly
 * that school's records on every route of both versions, whatever filter it sends; an entity it
 * may not read is 403; a hidden field is absent and cannot be filtered, sorted or selected.
 * Expected sets come from an unrestricted walk of the same data.
 */
describeEachSource('per-client data restrictions', (target) => {
  let server: RunningServer;
  let admin: OneRosterClient;
  const all: Record<string, Row[]> = {};
  const visible: Record<string, Set<string>> = {};
  const scoped = (basePath?: string) => new OneRosterClient(server.url, { id: 'school-one', secret: 'school-one-secret' }, basePath);

  const ref = (value: unknown) => String((value as Row | undefined)?.sourcedId);
  const refIds = (value: unknown) => ((value as Row[] | undefined) ?? []).map((item) => String(item.sourcedId));
  const ids = (rows: Row[]) => rows.map((row) => String(row.sourcedId)).sort();

  beforeAll(async () => {
    const client = async (id: string, access: ClientConfig['access']) =>
      Object.assign(new ClientConfig(), { id, secretHash: await hashSecret(`${id}-secret`), scopes: ['roster-core.readonly', 'roster.readonly', 'roster-demographics.readonly'], access });
    const clients = [
      await client('school-one', { orgs: [SCHOOL] }),
      await client('no-demographics', { entities: ['orgs', 'users', 'classes', 'courses', 'enrollments', 'academicSessions'] }),
      await client('no-extras', { hiddenFields: { users: ['agents', 'metadata.microsoft.userFlags'], demographics: ['birthDate'] } }),
    ];
    server = await startServerOn(await prepareSource(target), (config) => config.clients.push(...clients));
    admin = new OneRosterClient(server.url);
    for (const entity of ['orgs', 'users', 'classes', 'courses', 'enrollments', 'academicSessions', 'demographics']) all[entity] = await admin.walk(entity, {}, 5000);

    // What belongs to the school, from the unrestricted data.
    visible.orgs = new Set([SCHOOL, ...all.orgs.filter((org) => ref(org.parent) === SCHOOL).map((org) => String(org.sourcedId))]);
    visible.users = new Set(all.users.filter((user) => refIds(user.orgs).includes(SCHOOL)).map((user) => String(user.sourcedId)));
    visible.classes = new Set(all.classes.filter((klass) => ref(klass.school) === SCHOOL).map((klass) => String(klass.sourcedId)));
    visible.enrollments = new Set(all.enrollments.filter((enrollment) => ref(enrollment.school) === SCHOOL).map((enrollment) => String(enrollment.sourcedId)));
    visible.courses = new Set(all.courses.filter((course) => ref(course.org) === SCHOOL).map((course) => String(course.sourcedId)));
    const taught = new Set(all.classes.filter((klass) => ref(klass.school) === SCHOOL).flatMap((klass) => refIds(klass.terms)));
    visible.academicSessions = new Set(
      all.academicSessions
        .filter((session) => taught.has(String(session.sourcedId)) || taught.has(ref(session.parent)) || all.academicSessions.some((child) => taught.has(String(child.sourcedId)) && ref(child.parent) === session.sourcedId))
        .map((session) => String(session.sourcedId)),
    );
    visible.demographics = new Set(all.demographics.filter((row) => visible.users.has(String(row.sourcedId))).map((row) => String(row.sourcedId)));
  });
  afterAll(() => server.close());

  it('the fixture is not trivial: the other school has records of every kind', () => {
    for (const entity of ['users', 'classes', 'enrollments', 'courses', 'demographics']) {
      expect(visible[entity].size).toBeGreaterThan(0);
      expect(visible[entity].size).toBeLessThan(all[entity].length);
    }
  });

  it.each(['orgs', 'users', 'classes', 'courses', 'enrollments', 'academicSessions', 'demographics'])('a school-scoped client sees exactly its school in /%s (1.1 and 1.2), with an exact X-Total-Count', async (entity) => {
    for (const client of [scoped(), scoped(V1P2_BASE)]) {
      const rows = await client.walk(entity, {}, 5000);
      expect(ids(rows)).toEqual([...visible[entity]].sort());
      const first = await client.get(entity, { limit: 1 });
      expect(Number(first.headers.get('x-total-count'))).toBe(visible[entity].size);
    }
  });

  const hostileFilters = [
    `school.sourcedId='${OTHER_SCHOOL}' OR status='active'`,
    `status='active' OR status!='active'`,
    `(status='active') OR (sourcedId!='')`,
    `sourcedId!='x' OR sourcedId='x'`,
    `sourcedId='x'' OR ''1''=''1'`,
    `sourcedId='x' OR 1=1 --'`,
    `status='active' /* OR */`,
    `dateLastModified>'1970-01-01T00:00:00Z' OR status='tobedeleted'`,
  ];

  it.each(hostileFilters)('no filter widens the restriction: %s', async (filter) => {
    for (const entity of ['classes', 'enrollments']) {
      const response = await scoped().get<Record<string, Row[]>>(entity, { filter, limit: 10000 });
      if (response.status === 400) continue;
      expect(response.status).toBe(200);
      for (const row of response.body[entity]) expect(visible[entity].has(String(row.sourcedId))).toBe(true);
    }
    const users = await scoped(V1P2_BASE).get<{ users: Row[] }>('users', { filter: filter.replace(/school\.sourcedId/g, 'roles.org.sourcedId'), limit: 10000 });
    if (users.status !== 400) for (const row of users.body.users) expect(visible.users.has(String(row.sourcedId))).toBe(true);
  });

  it('a record of another school is unknown by id (404, not 403), in both versions', async () => {
    const otherClass = all.classes.find((klass) => ref(klass.school) === OTHER_SCHOOL)!;
    const otherStudent = all.users.find((user) => !visible.users.has(String(user.sourcedId)) && user.role === 'student')!;
    for (const client of [scoped(), scoped(V1P2_BASE)]) {
      expect((await client.get(`classes/${String(otherClass.sourcedId)}`)).status).toBe(404);
      expect((await client.get(`users/${String(otherStudent.sourcedId)}`)).status).toBe(404);
      expect((await client.get(`demographics/${String(otherStudent.sourcedId)}`)).status).toBe(404);
      expect((await client.get(`schools/${OTHER_SCHOOL}`)).status).toBe(404);
    }
  });

  describe('every route of both versions answers only records of the client school, with parents from both schools', () => {
    const params = () => {
      const ours = all.classes.find((klass) => ref(klass.school) === SCHOOL)!;
      const theirs = all.classes.find((klass) => ref(klass.school) === OTHER_SCHOOL)!;
      const teacherOf = (klass: Row) => ref(all.enrollments.find((e) => ref(e.class) === klass.sourcedId && e.role === 'teacher')?.user);
      const studentOf = (klass: Row) => ref(all.enrollments.find((e) => ref(e.class) === klass.sourcedId && e.role === 'student')?.user);
      return [ours, theirs].map((klass) => ({
        sourcedId: String(klass.sourcedId),
        classSourcedId: String(klass.sourcedId),
        schoolSourcedId: ref(klass.school),
        courseSourcedId: ref(klass.course),
        termSourcedId: refIds(klass.terms)[0],
        studentSourcedId: studentOf(klass),
        teacherSourcedId: teacherOf(klass),
        userSourcedId: studentOf(klass),
      }));
    };

    it.each(ROSTERING_ROUTES.filter((route) => route.kind === 'collection').map((route) => [route.operationId, route] as const))('%s', async (_name, route) => {
      for (const values of params()) {
        const path = route.path.replace(/:([A-Za-z]+)/g, (_match, name: string) => encodeURIComponent(values[name as keyof typeof values]));
        for (const client of [scoped(), scoped(V1P2_BASE)]) {
          const response = await client.get<Record<string, Row[]>>(path, { limit: 10000 });
          expect(response.status).toBe(200);
          const rows = Object.values(response.body)[0];
          for (const row of rows) expect(visible[route.entity as EntityName].has(String(row.sourcedId))).toBe(true);
        }
      }
    });
  });

  it('an entity the client may not read is 403 on its collection and by id; the others still open', async () => {
    const client = new OneRosterClient(server.url, { id: 'no-demographics', secret: 'no-demographics-secret' });
    expect((await client.get('demographics')).status).toBe(403);
    expect((await client.get(`demographics/${String(all.demographics[0].sourcedId)}`)).status).toBe(403);
    expect((await client.get('users', { limit: 1 })).status).toBe(200);
  });

  it('a hidden field is absent from every response and unknown to filters, sorts and field selections', async () => {
    const v1p1 = new OneRosterClient(server.url, { id: 'no-extras', secret: 'no-extras-secret' });
    const v1p2 = new OneRosterClient(server.url, { id: 'no-extras', secret: 'no-extras-secret' }, V1P2_BASE);
    const users = await v1p1.walk('users', {}, 5000);
    expect(users.length).toBe(all.users.length);
    expect(users.some((user) => 'agents' in user)).toBe(false);
    expect(users.some((user) => (user.metadata as Row | undefined)?.['microsoft.userFlags'] !== undefined)).toBe(false);
    expect(all.users.some((user) => 'agents' in user && (user.metadata as Row | undefined)?.['microsoft.userFlags'] !== undefined)).toBe(true);
    expect((await v1p1.get('users', { filter: "agents.sourcedId='con-500001'" })).status).toBe(400);
    expect((await v1p2.get('users', { filter: "agents.sourcedId='con-500001'" })).status).toBe(400);
    const selected = await v1p1.get<{ users: Row[]; statusInfoSet?: unknown[] }>('users', { fields: 'sourcedId,agents', limit: 5 });
    expect(selected.body.statusInfoSet?.length).toBe(1);
    expect(selected.body.users.some((user) => 'agents' in user)).toBe(false);
    expect((await v1p2.get('users', { fields: 'sourcedId,agents' })).status).toBe(400);
    const demographics = await v1p2.get<{ demographics: Row[] }>('demographics', { limit: 50 });
    expect(demographics.body.demographics.length).toBeGreaterThan(0);
    expect(demographics.body.demographics.some((row) => 'birthDate' in row)).toBe(false);
  });
});
