import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { RunningServer } from '../../src/bootstrap';
import { ROSTERING_ROUTES } from '../../src/api/rostering-routes';
import { ENTITY_CATALOGUE } from '../../src/oneroster/entity-catalogue';
import { OneRosterVersion, V1P1, V1P2 } from '../../src/oneroster/versions';
import { OneRosterClient } from '../support/oneroster-client';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn, startTestServer } from '../support/test-server';

type Json = Record<string, any>;

const DISCOVERY = ['onerosterv1p2rostersservice_openapi3_v1p0.json', 'imsorv1p2_rostering_openapi3_v1p0.json'].map((name) => `${V1P2.basePath}/discovery/${name}`);
const DOCUMENTS: ReadonlyArray<readonly [string, OneRosterVersion]> = [['/openapi/v1p1.json', V1P1], ['/openapi/v1p2.json', V1P2], ...DISCOVERY.map((path) => [path, V1P2] as const)];

/** Fetches without any credentials: the documents and the docs page are public. */
async function fetchPublic(url: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(url);
  return { status: response.status, type: response.headers.get('content-type') ?? '', text: await response.text() };
}

async function fetchDocument(url: string): Promise<Json> {
  const { status, type, text } = await fetchPublic(url);
  expect([url, status, type]).toEqual([url, 200, expect.stringMatching(/^application\/json/)]);
  return JSON.parse(text) as Json;
}

const tokenUrlOf = (document: Json) => document.components.securitySchemes.OAuth2CC.flows.clientCredentials.tokenUrl as string;

/** Validates a response body against a schema of the served document, as a consumer generating a client from it would. */
function schemaValidator(document: Json) {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv, ['date', 'date-time', 'uri']);
  ajv.addSchema({ components: document.components }, 'served');
  return (schema: string, body: unknown) => {
    const validate = ajv.getSchema(`served#/components/schemas/${schema}`)!;
    validate(body);
    return (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  };
}

describeEachSource('The OpenAPI documents, the 1.2 discovery document and the docs page', (target) => {
  let server: RunningServer;

  beforeAll(async () => {
    server = await startServerOn(await prepareSource(target));
  });
  afterAll(() => server.close());

  it.each(DOCUMENTS.map(([path, version]) => [path, version] as const))('serves %s without a token, localized to the server it was fetched from', async (path, version) => {
    const document = await fetchDocument(`${server.url}${path}`);
    expect(document.openapi).toMatch(/^3\.0\./);
    expect(document.info.version).toBe(version.label);
    expect(document.servers[0].url).toBe(`${server.url}${version.basePath}`);
    expect(tokenUrlOf(document)).toBe(`${server.url}/oauth/token`);
    expect(Object.keys(document.paths)).toHaveLength(ROSTERING_ROUTES.length);
  });

  it('serves the same document under both discovery names as /openapi/v1p2.json', async () => {
    const [v1p2, ...discovery] = await Promise.all(['/openapi/v1p2.json', ...DISCOVERY].map((path) => fetchDocument(`${server.url}${path}`)));
    for (const document of discovery) expect(document).toEqual(v1p2);
  });

  it('answers other names under discovery/ like any unknown path: 404 unknownobject', async () => {
    const { status, text } = await fetchPublic(`${server.url}${V1P2.basePath}/discovery/other.json`);
    expect(status).toBe(404);
    expect(text).toContain('unknownobject');
  });

  it('serves the browsable page at /docs, offering both documents', async () => {
    const page = await fetchPublic(`${server.url}/docs`);
    expect([page.status, page.type]).toEqual([200, expect.stringMatching(/^text\/html/)]);
    expect(page.text).toContain('swagger-ui-bundle.js');
    const init = await fetchPublic(`${server.url}/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
    expect(init.text).toContain('"url": "../openapi/v1p1.json"');
    expect(init.text).toContain('"url": "../openapi/v1p2.json"');
    expect(init.text).toContain(`"url": "${server.url}${V1P1.basePath}"`);
    expect((await fetchPublic(`${server.url}/docs/swagger-ui-bundle.js`)).status).toBe(200);
  });

  describe.each([
    ['1.1', V1P1],
    ['1.2', V1P2],
  ] as const)('the %s document describes what the server answers', (_, version) => {
    let document: Json;
    let client: OneRosterClient;
    let validate: ReturnType<typeof schemaValidator>;
    const operation = (path: string) => document.paths[path].get;
    const schemaOf = (response: Json) => String((response.$ref ? document.components.responses[response.$ref.split('/').pop()] : response).content['application/json'].schema.$ref).split('/').pop()!;

    beforeAll(async () => {
      document = await fetchDocument(`${server.url}/openapi/${version.id}.json`);
      client = new OneRosterClient(server.url, undefined, version.basePath);
      validate = schemaValidator(document);
    });

    const cores = ROSTERING_ROUTES.filter((route) => route.kind === 'collection' && route.scopes !== 'nested');
    it.each(cores.map((route) => [route.path, route] as const))('/%s and one of its objects', async (path, route) => {
      const page = await client.get(path, { limit: 3 });
      expect(page.status).toBe(200);
      expect(validate(schemaOf(operation(`/${path}`).responses['200']), page.body)).toEqual([]);
      const first = (page.body[ENTITY_CATALOGUE[route.entity].collectionKey] as Json[])[0];
      const single = await client.get(`${path}/${encodeURIComponent(first.sourcedId)}`);
      expect(single.status).toBe(200);
      expect(validate(schemaOf(operation(`/${path}/{sourcedId}`).responses['200']), single.body)).toEqual([]);
    });

    it('errors: an unknown sourcedId (404) and an unknown filter field (400)', async () => {
      const missing = await client.get('users/no-such-user');
      expect(missing.status).toBe(404);
      expect(validate(schemaOf(operation('/users/{sourcedId}').responses['404']), missing.body)).toEqual([]);
      const badFilter = await client.get('users', { filter: "shoeSize='42'" });
      expect(badFilter.status).toBe(400);
      expect(validate(schemaOf(operation('/users').responses['400']), badFilter.body)).toEqual([]);
    });

    it('unknown fields: 1.1 returns data with statusInfoSet warnings, 1.2 a 400, each as documented', async () => {
      const answer = await client.get('users', { limit: 2, fields: 'givenName,shoeSize' });
      if (version.partialSuccess) {
        expect(answer.status).toBe(200);
        expect(answer.body.statusInfoSet).toHaveLength(1);
        expect(validate(schemaOf(operation('/users').responses['200']), answer.body)).toEqual([]);
      } else {
        expect(answer.status).toBe(400);
        expect(validate(schemaOf(operation('/users').responses['400']), answer.body)).toEqual([]);
      }
    });
  });
});

describe('The documents behind a configured public URL (ONEROSTER_PUBLIC_URL)', () => {
  const PUBLIC_URL = 'https://roster.example.org/district-sis';
  let server: RunningServer;

  beforeAll(async () => {
    server = await startTestServer({ env: { ONEROSTER_PUBLIC_URL: `${PUBLIC_URL}/` } });
  });
  afterAll(() => server.close());

  it.each(DOCUMENTS.map(([path, version]) => [path, version] as const))('%s names the public URL in servers and tokenUrl', async (path, version) => {
    const document = await fetchDocument(`${server.url}${path}`);
    expect(document.servers[0].url).toBe(`${PUBLIC_URL}${version.basePath}`);
    expect(tokenUrlOf(document)).toBe(`${PUBLIC_URL}/oauth/token`);
  });

  it('the docs page loads the documents by relative URL (so a proxy prefix keeps working) and embeds the public servers', async () => {
    expect((await fetchPublic(`${server.url}/docs`)).status).toBe(200);
    const init = await fetchPublic(`${server.url}/docs/swagger-ui-init.js`);
    expect(init.text).toContain('"url": "../openapi/v1p2.json"');
    expect(init.text).toContain(`"url": "${PUBLIC_URL}${V1P1.basePath}"`);
    expect(init.text).toContain(`"tokenUrl": "${PUBLIC_URL}/oauth/token"`);
  });
});
