import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { hashSecret } from '../../src/config/secret-hash';
import { ApiResponse, OneRosterClient } from '../support/oneroster-client';
import { describeErrors, oasV1p2Validator, V1P2_BASE } from '../support/openapi-validator';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';
import { CONFORMANCE_ROUTES, ConformanceFixtures, conformanceFixtures } from '../support/conformance-routes';

type Row = Record<string, unknown>;

const STATUS_INFO = '#/components/schemas/imsx_StatusInfoDType';
const V1P1_SCOPE = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';
const V1P2_SCOPE = 'https://purl.imsglobal.org/spec/or/v1p2/scope/';

const validator = oasV1p2Validator();
const rosteringPaths = validator.paths('get').sort();

/**
 * Every OneRoster 1.2 rostering route, served from the same mappings as 1.1, answered with bodies
 * that validate against the official 1.2 rostering OpenAPI definition as published (no
 * deviations: its objects are additionalProperties: false, so an extra or misnamed property
 * fails), and the 1.2-specific rules: string booleans, roles[], version-bound scopes, 400 for
 * unknown selection fields, no statusInfoSet in a success body.
 */
describeEachSource('OneRoster 1.2 responses validate against the official 1.2 OpenAPI definition', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let fixtures: ConformanceFixtures;
  const exercised = new Set<string>();

  const clientWith = (id: string) => new OneRosterClient(server.url, { id, secret: `${id}-secret` }, V1P2_BASE);

  function expectValid(path: string, response: ApiResponse<unknown>, method = 'get'): void {
    const result = validator.validateResponse(`${V1P2_BASE}/${path}`, method, response.status, response.body);
    exercised.add(result.operation);
    if (result.errors.length) throw new Error(`${method.toUpperCase()} ${path} → ${response.status} fails ${result.schema}:\n${describeErrors(result.errors)}`);
  }

  beforeAll(async () => {
    const client = async (id: string, scopes: string[]) => Object.assign(new ClientConfig(), { id, secretHash: await hashSecret(`${id}-secret`), scopes });
    const extra = [
      await client('core-only', ['roster-core.readonly']),
      await client('v1p1-only', [`${V1P1_SCOPE}roster.readonly`, `${V1P1_SCOPE}roster-core.readonly`]),
      await client('v1p2-only', [`${V1P2_SCOPE}roster.readonly`]),
    ];
    server = await startServerOn(await prepareSource(target), (config) => config.clients.push(...extra));
  });
  beforeAll(async () => {
    client = new OneRosterClient(server.url, undefined, V1P2_BASE);
    fixtures = await conformanceFixtures(client);
  });
  afterAll(() => server.close());

  it('knows how to request every GET path of the 1.2 rostering definition (and only those)', () => {
    expect(Object.keys(CONFORMANCE_ROUTES).sort()).toEqual(rosteringPaths);
  });

  describe.each(rosteringPaths)('GET %s', (template) => {
    it('answers a body that validates against the 1.2 response schema', async () => {
      const route = CONFORMANCE_ROUTES[template];
      if (!route) throw new Error(`no request defined for the OAS path ${template}`);
      const path = route.path(fixtures);
      const response = await client.get(path, { limit: 200 });
      expectValid(path, response);
      expect(response.status).toBe(200);
      const entries = Object.entries(response.body as Row);
      expect(entries).toHaveLength(1);
      const [, value] = entries[0];
      if (Array.isArray(value)) {
        expect(value.length).toBeGreaterThan(0);
      } else expect(value).toMatchObject({ sourcedId: path.split('/').pop() });
    });
  });

  describe('1.2 shapes from the same mappings', () => {
    it('serves booleans as "true"/"false", a user role as roles[] with one primary role per org, and no 1.1-only field', async () => {
      const { body } = await client.get<{ user: Row }>(`users/${fixtures.student}`);
      const user = body.user;
      expect(user.enabledUser).toMatch(/^(true|false)$/);
      expect(user).not.toHaveProperty('role');
      expect(user).not.toHaveProperty('orgs');
      const roles = user.roles as Array<{ roleType: string; role: string; org: Row }>;
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((role) => role.roleType === 'primary' && role.role === 'student')).toBe(true);
      expect(new Set(roles.map((role) => role.org.sourcedId)).size).toBe(roles.length);
      expect(String((roles[0].org as Row).href)).toContain(`${V1P2_BASE}/orgs/`);
      expect(user.primaryOrg).toMatchObject({ type: 'org', sourcedId: roles[0].org.sourcedId });
      expect(user.userIds).toEqual(expect.arrayContaining([{ type: 'SIS', identifier: expect.any(String) }]));
    });

    it('leaves 1.2-only fields out of 1.1 and keeps 1.1 booleans JSON', async () => {
      const v1p1 = new OneRosterClient(server.url);
      const { body } = await v1p1.get<{ user: Row }>(`users/${fixtures.student}`);
      expect(body.user).not.toHaveProperty('roles');
      expect(body.user).not.toHaveProperty('primaryOrg');
      expect(body.user).not.toHaveProperty('preferredFirstName');
      expect(typeof body.user.enabledUser).toBe('boolean');
      expect(body.user.role).toBe('student');
    });

    it("serves a mapping's 1.2 administrator role in 1.2 and as administrator in 1.1, and filters by it in both", async () => {
      const v1p2 = await client.get<{ users: Row[] }>('users', { filter: "roles.role='siteAdministrator'", fields: 'sourcedId,roles', limit: 500 });
      expect(v1p2.status).toBe(200);
      expect(v1p2.body.users.length).toBeGreaterThan(0);
      for (const user of v1p2.body.users) expect((user.roles as Row[]).every((role) => role.role === 'siteAdministrator')).toBe(true);
      const v1p1 = await new OneRosterClient(server.url).get<{ users: Row[] }>('users', { filter: "role='administrator'", fields: 'sourcedId,role', limit: 500 });
      expect(v1p1.body.users.map((user) => user.sourcedId).sort()).toEqual(v1p2.body.users.map((user) => user.sourcedId).sort());
      expect(v1p1.body.users.every((user) => user.role === 'administrator')).toBe(true);
    });

    it('filters on roles.org.sourcedId and userIds.identifier in SQL, with exact counts', async () => {
      const bySchool = await client.get<{ users: Row[] }>('students', { filter: `roles.org.sourcedId='${fixtures.school}'`, fields: 'sourcedId,roles', limit: 10 });
      expect(bySchool.status).toBe(200);
      expect(Number(bySchool.headers.get('x-total-count'))).toBeGreaterThan(0);
      for (const user of bySchool.body.users) expect((user.roles as Array<{ org: Row }>).some((role) => role.org.sourcedId === fixtures.school)).toBe(true);
      const sis = ((await client.get<{ user: Row }>(`users/${fixtures.student}`)).body.user.userIds as Row[]).find((id) => id.type === 'SIS')!.identifier;
      const byId = await client.get<{ users: Row[] }>('users', { filter: `userIds.identifier='${sis}'`, fields: 'sourcedId' });
      expect(byId.body.users).toEqual([{ sourcedId: fixtures.student }]);
      expect(byId.headers.get('x-total-count')).toBe('1');
    });

    it('selects exactly the requested fields, including a derived one', async () => {
      const { status, body } = await client.get<{ users: Row[] }>('teachers', { fields: 'sourcedId,roles,enabledUser', limit: 3 });
      expect(status).toBe(200);
      for (const user of body.users) expect(Object.keys(user).sort()).toEqual(['enabledUser', 'roles', 'sourcedId']);
    });

    it('ignores an unknown sort field silently: 1.2 allows no statusInfoSet in a success body', async () => {
      const response = await client.get('users', { sort: 'shoeSize', limit: 2 });
      expect(response.status).toBe(200);
      expectValid('users', response);
      expect(response.body).not.toHaveProperty('statusInfoSet');
    });
  });

  describe('error bodies validate against imsx_StatusInfoDType', () => {
    it.each<[string, Record<string, string>, string]>([
      ['unknown selection field', { fields: 'sourcedId,shoeSize' }, 'invalid_selection_field'],
      ['blank fields', { fields: '' }, 'invalid_selection_field'],
      ['1.1-only filter field', { filter: "role='student'" }, 'invalid_filter_field'],
      ['unknown filter field', { filter: "shoeSize='9'" }, 'invalid_filter_field'],
      ['malformed filter', { filter: "givenName='unterminated" }, 'invaliddata'],
      ['negative limit', { limit: '-1' }, 'invaliddata'],
    ])('400 for %s', async (_title, query, codeMinor) => {
      const response = await client.get<Row>('users', query);
      expect(response.status).toBe(400);
      expectValid('users', response);
      expect(JSON.stringify(response.body)).toContain(`"imsx_codeMinorFieldValue":"${codeMinor}"`);
    });

    it('401 without a token', async () => {
      const response = await client.raw(`${server.url}${V1P2_BASE}/orgs`);
      expect(response.status).toBe(401);
      expectValid('orgs', response);
    });

    it('403 for a client without the demographics scope', async () => {
      const response = await clientWith('core-only').get('demographics');
      expect(response.status).toBe(403);
      expectValid('demographics', response);
    });

    it('403 for a token holding only 1.1 scopes (scopes are version-bound), and the reverse', async () => {
      const onlyV1p1 = await clientWith('v1p1-only').get('users');
      expect(onlyV1p1.status).toBe(403);
      expectValid('users', onlyV1p1);
      const v1p2Token = await clientWith('v1p2-only').accessToken();
      const onV1p1 = await client.raw(`${server.url}/ims/oneroster/v1p1/users`, { Authorization: `Bearer ${v1p2Token}` });
      expect(onV1p1.status).toBe(403);
      expect((await clientWith('v1p2-only').get('classes')).status).toBe(200);
    });

    it('404 for an unknown sourcedId', async () => {
      const response = await client.get('users/no-such-user');
      expect(response.status).toBe(404);
      expectValid('users/no-such-user', response);
    });

    it('405 for a write method (no OAS operation: checked against the schema directly)', async () => {
      const response = await client.raw(`${server.url}${V1P2_BASE}/users/${fixtures.student}`, { Authorization: `Bearer ${await client.accessToken()}` }, { method: 'PUT' });
      expect(response.status).toBe(405);
      expect(describeErrors(validator.validateSchema(STATUS_INFO, response.body))).toBe('');
    });
  });

  it('exercised exactly the 1.2 rostering GET paths (floor against vacuous passing)', () => {
    expect([...exercised].sort()).toEqual(rosteringPaths);
  });
});
