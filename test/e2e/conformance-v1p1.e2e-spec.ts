import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { hashSecret } from '../../src/config/secret-hash';
import { ApiResponse, OneRosterClient } from '../support/oneroster-client';
import { describeErrors, OpenApiValidator, V1P1_BASE } from '../support/openapi-validator';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Row = Record<string, unknown>;

/** Gradebook and resources services are out of scope (spec §2.3): not served, not validated here. */
const OUT_OF_SCOPE = /\/(lineItems|categories|results|resources)(\/|$)/;
const STATUS_INFO = '#/components/schemas/imsx_StatusInfo.Type';

const validator = new OpenApiValidator();
const rosteringPaths = validator.paths('get').filter((path) => !OUT_OF_SCOPE.test(path)).sort();

/** Ids from the demo district that the routes are exercised with. */
interface Fixtures {
  school: string;
  schoolClass: string;
  course: string;
  session: string;
  term: string;
  gradingPeriod: string;
  gradingPeriodParent: string;
  student: string;
  teacher: string;
  enrollment: string;
  demographics: string;
}

/**
 * How each OAS GET path template (relative to /ims/oneroster/v1p1) is requested with ids from the
 * demo district; every one must answer 200 with data. A rostering template of the OAS missing here
 * fails the run.
 */
const ROUTES: Record<string, { path: (f: Fixtures) => string }> = {
  '/academicSessions': { path: () => 'academicSessions' },
  '/academicSessions/{sourcedId}': { path: (f) => `academicSessions/${f.session}` },
  '/classes': { path: () => 'classes' },
  '/classes/{sourcedId}': { path: (f) => `classes/${f.schoolClass}` },
  '/classes/{classSourcedId}/students': { path: (f) => `classes/${f.schoolClass}/students` },
  '/classes/{classSourcedId}/teachers': { path: (f) => `classes/${f.schoolClass}/teachers` },
  '/courses': { path: () => 'courses' },
  '/courses/{sourcedId}': { path: (f) => `courses/${f.course}` },
  '/courses/{courseSourcedId}/classes': { path: (f) => `courses/${f.course}/classes` },
  '/demographics': { path: () => 'demographics' },
  '/demographics/{sourcedId}': { path: (f) => `demographics/${f.demographics}` },
  '/enrollments': { path: () => 'enrollments' },
  '/enrollments/{sourcedId}': { path: (f) => `enrollments/${f.enrollment}` },
  '/gradingPeriods': { path: () => 'gradingPeriods' },
  '/gradingPeriods/{sourcedId}': { path: (f) => `gradingPeriods/${f.gradingPeriod}` },
  '/orgs': { path: () => 'orgs' },
  '/orgs/{sourcedId}': { path: (f) => `orgs/${f.school}` },
  '/schools': { path: () => 'schools' },
  '/schools/{sourcedId}': { path: (f) => `schools/${f.school}` },
  '/schools/{schoolSourcedId}/classes': { path: (f) => `schools/${f.school}/classes` },
  '/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments': { path: (f) => `schools/${f.school}/classes/${f.schoolClass}/enrollments` },
  '/schools/{schoolSourcedId}/classes/{classSourcedId}/students': { path: (f) => `schools/${f.school}/classes/${f.schoolClass}/students` },
  '/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers': { path: (f) => `schools/${f.school}/classes/${f.schoolClass}/teachers` },
  '/schools/{schoolSourcedId}/courses': { path: (f) => `schools/${f.school}/courses` },
  '/schools/{schoolSourcedId}/enrollments': { path: (f) => `schools/${f.school}/enrollments` },
  '/schools/{schoolSourcedId}/students': { path: (f) => `schools/${f.school}/students` },
  '/schools/{schoolSourcedId}/teachers': { path: (f) => `schools/${f.school}/teachers` },
  '/schools/{schoolSourcedId}/terms': { path: (f) => `schools/${f.school}/terms` },
  '/students': { path: () => 'students' },
  '/students/{sourcedId}': { path: (f) => `students/${f.student}` },
  '/students/{studentSourcedId}/classes': { path: (f) => `students/${f.student}/classes` },
  '/teachers': { path: () => 'teachers' },
  '/teachers/{sourcedId}': { path: (f) => `teachers/${f.teacher}` },
  '/teachers/{teacherSourcedId}/classes': { path: (f) => `teachers/${f.teacher}/classes` },
  '/terms': { path: () => 'terms' },
  '/terms/{sourcedId}': { path: (f) => `terms/${f.term}` },
  '/terms/{termSourcedId}/classes': { path: (f) => `terms/${f.term}/classes` },
  '/terms/{termSourcedId}/gradingPeriods': { path: (f) => `terms/${f.gradingPeriodParent}/gradingPeriods` },
  '/users': { path: () => 'users' },
  '/users/{sourcedId}': { path: (f) => `users/${f.student}` },
  '/users/{userSourcedId}/classes': { path: (f) => `users/${f.teacher}/classes` },
};

/**
 * Every OneRoster 1.1 rostering route the adapter serves, answered with bodies that validate
 * against the official 1.1 OpenAPI definition (with only the documented DEVIATIONS), and the
 * error bodies (400, 401, 403, 404, 405) against its imsx_StatusInfo schema.
 */
describeEachSource('OneRoster 1.1 responses validate against the official OpenAPI definition', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let fixtures: Fixtures;
  const exercised = new Set<string>();

  const ref = (value: unknown) => String((value as Row).sourcedId);
  const first = async (path: string, query: Record<string, string | number> = {}): Promise<Row> => {
    const response = await client.get<Record<string, Row[]>>(path, { limit: 1, ...query });
    const rows = Object.values(response.body)[0];
    if (response.status !== 200 || !rows?.length) throw new Error(`no fixture from ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return rows[0];
  };

  /** Validates one response against the OAS operation its path matches, recording the operation. */
  function expectValid(path: string, response: ApiResponse<unknown>, method = 'get'): void {
    const result = validator.validateResponse(`${V1P1_BASE}/${path}`, method, response.status, response.body);
    exercised.add(result.operation);
    if (result.errors.length) throw new Error(`${method.toUpperCase()} ${path} → ${response.status} fails ${result.schema}:\n${describeErrors(result.errors)}`);
  }

  beforeAll(async () => {
    const coreOnly = Object.assign(new ClientConfig(), { id: 'core-only', secretHash: await hashSecret('core-secret'), scopes: ['roster-core.readonly'] });
    server = await startServerOn(await prepareSource(target), (config) => config.clients.push(coreOnly));
    client = new OneRosterClient(server.url);
    const teaching = await first('enrollments', { filter: "role='teacher'" });
    const schoolClass = (await client.get<{ class: Row }>(`classes/${ref(teaching.class)}`)).body.class;
    const gradingPeriod = await first('gradingPeriods');
    fixtures = {
      school: ref(schoolClass.school),
      schoolClass: String(schoolClass.sourcedId),
      course: ref(schoolClass.course),
      session: ref((schoolClass.terms as Row[])[0]),
      // A term the school's classes are taught in, so /terms/{id}/classes has data.
      term: String((await first(`schools/${ref(schoolClass.school)}/terms`)).sourcedId),
      gradingPeriod: String(gradingPeriod.sourcedId),
      gradingPeriodParent: ref(gradingPeriod.parent),
      student: ref((await first('enrollments', { filter: "role='student'" })).user),
      teacher: ref(teaching.user),
      enrollment: String(teaching.sourcedId),
      demographics: String((await first('demographics')).sourcedId),
    };
  });
  afterAll(() => server.close());

  it('knows how to request every rostering GET path of the OAS (and only those)', () => {
    expect(Object.keys(ROUTES).sort()).toEqual(rosteringPaths);
  });

  describe.each(rosteringPaths)('GET %s', (template) => {
    it('answers a body that validates against the OAS response schema', async () => {
      const route = ROUTES[template];
      if (!route) throw new Error(`no request defined for the OAS path ${template}`);
      const path = route.path(fixtures);
      const response = await client.get(path, { limit: 200 });
      expectValid(path, response);
      expect(response.status).toBe(200);
      const [key, value] = Object.entries(response.body as Row).find(([name]) => name !== 'statusInfoSet')!;
      // Floor against vacuous passing: an empty page validates against anything.
      if (Array.isArray(value)) {
        expect(value.length).toBeGreaterThan(0);
      } else expect(value).toMatchObject({ sourcedId: path.split('/').pop() });
      expect(key).toBeTruthy();
    });
  });

  describe('error and status bodies validate against imsx_StatusInfo.Type', () => {
    it('400 for an unknown filter field (invalid_filter_field)', async () => {
      const response = await client.get('users', { filter: "shoeSize='9'" });
      expect(response.status).toBe(400);
      expectValid('users', response);
    });

    it('400 for a malformed filter (invaliddata)', async () => {
      const response = await client.get('classes', { filter: "title='unterminated" });
      expect(response.status).toBe(400);
      expectValid('classes', response);
    });

    it('401 without a token', async () => {
      const response = await client.raw(`${server.url}${V1P1_BASE}/orgs`);
      expect(response.status).toBe(401);
      expectValid('orgs', response);
    });

    it('403 for a client without the demographics scope', async () => {
      const response = await new OneRosterClient(server.url, { id: 'core-only', secret: 'core-secret' }).get('demographics');
      expect(response.status).toBe(403);
      expectValid('demographics', response);
    });

    it('404 for an unknown sourcedId', async () => {
      const response = await client.get('users/no-such-user');
      expect(response.status).toBe(404);
      expectValid('users/no-such-user', response);
    });

    it('405 for a write method (no OAS operation: checked against the schema directly)', async () => {
      const response = await client.raw(`${server.url}${V1P1_BASE}/users/${fixtures.student}`, { Authorization: `Bearer ${await client.accessToken()}` }, { method: 'DELETE' });
      expect(response.status).toBe(405);
      expect(describeErrors(validator.validateSchema(STATUS_INFO, response.body))).toBe('');
    });

    it('200 with statusInfoSet warnings: every entry is a valid imsx_StatusInfo', async () => {
      const response = await client.get<{ statusInfoSet: unknown[] }>('users', { limit: 5, sort: 'shoeSize', fields: 'sourcedId,shoeSize' });
      expect(response.status).toBe(200);
      expectValid('users', response);
      expect(response.body.statusInfoSet.length).toBeGreaterThan(0);
      for (const info of response.body.statusInfoSet) expect(describeErrors(validator.validateSchema(STATUS_INFO, info))).toBe('');
    });
  });

  it('exercised exactly the OAS rostering GET paths (floor against vacuous passing)', () => {
    expect([...exercised].sort()).toEqual(rosteringPaths);
  });
});
