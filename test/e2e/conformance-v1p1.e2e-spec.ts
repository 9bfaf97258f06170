import type { RunningServer } from '../../src/bootstrap';
import { ClientConfig } from '../../src/config/app-config';
import { hashSecret } from '../../src/config/secret-hash';
import { ApiResponse, OneRosterClient } from '../support/oneroster-client';
import { describeErrors, OpenApiValidator, V1P1_BASE } from '../support/openapi-validator';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';
import { CONFORMANCE_ROUTES, ConformanceFixtures, conformanceFixtures } from '../support/conformance-routes';

type Row = Record<string, unknown>;

/** Gradebook and resources services are out of scope (spec §2.3): not served, not validated here. */
const OUT_OF_SCOPE = /\/(lineItems|categories|results|resources)(\/|$)/;
const STATUS_INFO = '#/components/schemas/imsx_StatusInfo.Type';

const validator = new OpenApiValidator();
const rosteringPaths = validator.paths('get').filter((path) => !OUT_OF_SCOPE.test(path)).sort();

/**
 * Every OneRoster 1.1 rostering route the adapter serves, answered with bodies that validate
 * against the official 1.1 OpenAPI definition (with only the documented DEVIATIONS), and the
 * error bodies (400, 401, 403, 404, 405) against its imsx_StatusInfo schema.
 */
describeEachSource('OneRoster 1.1 responses validate against the official OpenAPI definition', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let fixtures: ConformanceFixtures;
  const exercised = new Set<string>();

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
    fixtures = await conformanceFixtures(client);
  });
  afterAll(() => server.close());

  it('knows how to request every rostering GET path of the OAS (and only those)', () => {
    expect(Object.keys(CONFORMANCE_ROUTES).sort()).toEqual(rosteringPaths);
  });

  describe.each(rosteringPaths)('GET %s', (template) => {
    it('answers a body that validates against the OAS response schema', async () => {
      const route = CONFORMANCE_ROUTES[template];
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
