import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPIObject, OperationObject, ParameterObject, SchemaObject } from '@nestjs/swagger';
import { openApiPath, ROSTERING_ROUTES } from '../api/rostering-routes';
import { routeScopes } from '../auth/scopes';
import { ENTITY_CATALOGUE } from '../oneroster/entity-catalogue';
import { ONEROSTER_VERSIONS, V1P1, V1P2 } from '../oneroster/versions';
import { GENDER_TYPES, GENDER_TYPES_V1P1, ROLE_TYPES, ROLE_TYPES_V1P1 } from '../oneroster/vocabulary';
import { buildOpenApiDocument } from './build-openapi-document';
import { schemaNames } from './schema-names';

const ORIGIN = 'https://roster.example.org/district';
const LIMITS = { defaultLimit: 100, maxLimit: 5000 };
const COLLECTION_PARAMETERS = ['limit', 'offset', 'sort', 'orderBy', 'filter', 'fields'];

describe(buildOpenApiDocument.name, () => {
  describe.each(ONEROSTER_VERSIONS.map((version) => [version.label, version] as const))('OneRoster %s', (_, version) => {
    const sut = buildOpenApiDocument(version, { origin: ORIGIN, limits: LIMITS });
    const names = schemaNames(version);
    const schema = (name: string) => sut.components!.schemas![name] as SchemaObject;
    const get = (path: string) => sut.paths[path].get as OperationObject;

    it('is a valid OpenAPI 3.0 document whose every $ref resolves', async () => {
      expect(sut.openapi).toMatch(/^3\.0\.\d$/);
      await expect(SwaggerParser.validate(structuredClone(sut) as never)).resolves.toBeDefined();
      // The validator is not vacuous: a dangling reference or a response without description fails.
      const dangling = structuredClone(sut);
      (dangling.paths['/users'].get!.responses['200'] as { content: Record<string, { schema: unknown }> }).content['application/json'].schema = { $ref: '#/components/schemas/Nope' };
      await expect(SwaggerParser.validate(dangling as never)).rejects.toThrow(/Nope/);
      const undescribed = structuredClone(sut);
      delete (undescribed.paths['/users'].get!.responses['200'] as { description?: string }).description;
      await expect(SwaggerParser.validate(undescribed as never)).rejects.toThrow(/description/);
    });

    it('is plain data: the same input gives the same document, and it survives JSON', () => {
      expect(buildOpenApiDocument(version, { origin: ORIGIN, limits: LIMITS })).toEqual(sut);
      expect(JSON.parse(JSON.stringify(sut))).toEqual(sut);
    });

    it('has every route of the route table, and nothing else, with its operationId', () => {
      const operations = Object.entries(sut.paths).map(([path, item]) => [path, item.get?.operationId]);
      expect(operations).toEqual(ROSTERING_ROUTES.map((route) => [openApiPath(route.path), route.operationId]));
      expect(Object.values(sut.paths).every((item) => Object.keys(item).join() === 'get')).toBe(true);
    });

    it.each(ROSTERING_ROUTES.map((route) => [route.operationId, route] as const))('%s: declares its path parameters, its query parameters and its scopes', (_, route) => {
      const operation = get(openApiPath(route.path));
      const parameters = operation.parameters as ParameterObject[];
      const pathNames = [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => name);
      expect(parameters.filter((parameter) => parameter.in === 'path').map((parameter) => [parameter.name, parameter.required])).toEqual(pathNames.map((name) => [name, true]));
      const query = parameters.filter((parameter) => parameter.in === 'query').map((parameter) => parameter.name);
      expect(query).toEqual(route.kind === 'collection' ? COLLECTION_PARAMETERS : ['fields']);
      expect(operation.security).toEqual([{ OAuth2CC: routeScopes(version, route.scopes) }]);
      expect(operation.tags).toEqual([`${route.path[0].toUpperCase()}${route.path.split('/')[0].slice(1)}Management`]);
    });

    it.each(ROSTERING_ROUTES.map((route) => [route.operationId, route] as const))('%s: answers with its wrapper schema, paging headers and status-information errors', (_, route) => {
      const responses = get(openApiPath(route.path)).responses;
      const ok = responses['200'] as { headers: Record<string, unknown>; content: Record<string, { schema: { $ref: string } }> };
      const wrapper = route.kind === 'collection' ? names.set(route.entity) : names.single(route.entity);
      expect(ok.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${wrapper}` });
      expect(Object.keys(ok.headers)).toEqual(route.kind === 'collection' ? ['X-Total-Count', 'Link', 'X-Request-Id'] : ['X-Total-Count', 'X-Request-Id']);
      const errors = Object.keys(responses).filter((status) => status !== '200');
      expect(errors).toEqual(route.kind === 'collection' ? ['400', '401', '403', '500', '503', 'default'] : ['400', '401', '403', '404', '500', '503', 'default']);
      for (const status of errors) {
        const { $ref } = responses[status] as { $ref: string };
        const response = sut.components!.responses![$ref.split('/').pop()!] as { content: Record<string, { schema: unknown }> };
        expect(response.content['application/json'].schema).toEqual({ $ref: `#/components/schemas/${names.statusInfo}` });
      }
    });

    it('puts the public origin in servers and in the token URL, with this version’s three scopes', () => {
      expect(sut.servers).toEqual([{ url: `${ORIGIN}${version.basePath}`, description: expect.any(String) }]);
      const scheme = sut.components!.securitySchemes!.OAuth2CC as { type: string; flows: { clientCredentials: { tokenUrl: string; scopes: Record<string, string> } } };
      expect(scheme.type).toBe('oauth2');
      expect(scheme.flows.clientCredentials.tokenUrl).toBe(`${ORIGIN}/oauth/token`);
      expect(Object.keys(scheme.flows.clientCredentials.scopes).sort()).toEqual(
        ['roster-core.readonly', 'roster-demographics.readonly', 'roster.readonly'].map((name) => `${version.scopePrefix}${name}`).sort(),
      );
    });

    it('documents the configured page size limits', () => {
      const limit = (get('/users').parameters as ParameterObject[]).find((parameter) => parameter.name === 'limit')!;
      expect(limit.schema).toEqual({ type: 'integer', format: 'int32', minimum: 1, maximum: 5000, default: 100 });
    });

    it('offers the version’s field names for `fields`', () => {
      const fields = (get('/users/{sourcedId}').parameters as ParameterObject[]).find((parameter) => parameter.name === 'fields')!;
      const offered = ((fields.schema as SchemaObject).items as SchemaObject).enum;
      expect(offered).toContain('givenName');
      expect(offered).toContain(version === V1P1 ? 'orgs' : 'roles');
      expect(offered).not.toContain(version === V1P1 ? 'roles' : 'orgs');
    });

    it('generates every entity from the fields the version shows, with their required flags', () => {
      for (const entity of Object.values(ENTITY_CATALOGUE)) {
        const item = schema(names.entity(entity.name));
        expect(item.type).toBe('object');
        expect(schema(names.single(entity.name)).properties).toEqual({ [entity.singleKey]: { $ref: `#/components/schemas/${names.entity(entity.name)}` } });
        expect(schema(names.set(entity.name)).properties![entity.collectionKey]).toEqual({ type: 'array', items: { $ref: `#/components/schemas/${names.entity(entity.name)}` } });
        expect(item.required).toEqual(expect.arrayContaining(['sourcedId', 'status', 'dateLastModified']));
        expect(item.properties!.dateLastModified).toMatchObject({ type: 'string', format: 'date-time' });
        expect(item.properties!.metadata).toEqual({ $ref: `#/components/schemas/${names.metadata}` });
      }
      expect(schema(names.metadata)).toMatchObject({ type: 'object', additionalProperties: true });
      expect(schema(names.entity('academicSessions')).properties!.startDate).toEqual({ type: 'string', format: 'date' });
      expect(schema(names.userId)).toMatchObject({ properties: { type: { type: 'string' }, identifier: { type: 'string' } }, required: ['type', 'identifier'] });
    });
  });

  describe('the differences between the versions', () => {
    const v1p1 = buildOpenApiDocument(V1P1, { origin: ORIGIN, limits: LIMITS });
    const v1p2 = buildOpenApiDocument(V1P2, { origin: ORIGIN, limits: LIMITS });
    const schema = (document: OpenAPIObject, name: string) => document.components!.schemas![name] as SchemaObject;
    const property = (document: OpenAPIObject, name: string, field: string) => schema(document, name).properties![field] as SchemaObject;

    it('booleans: JSON booleans in 1.1, the strings "true" and "false" in 1.2', () => {
      expect(property(v1p1, 'User.Type', 'enabledUser')).toEqual({ type: 'boolean' });
      expect(property(v1p1, 'Enrollment.Type', 'primary')).toEqual({ type: 'boolean' });
      expect(property(v1p2, 'UserDType', 'enabledUser')).toEqual({ type: 'string', enum: ['true', 'false'] });
      expect(property(v1p2, 'DemographicsDType', 'white')).toEqual({ type: 'string', enum: ['true', 'false'] });
    });

    it("users: 1.1's role and orgs, 1.2's roles[] with the 1.2 role vocabulary (no administrator, ext: allowed)", () => {
      expect(property(v1p1, 'User.Type', 'role')).toEqual({ type: 'string', enum: [...ROLE_TYPES_V1P1] });
      expect(property(v1p1, 'User.Type', 'orgs')).toEqual({ type: 'array', items: { $ref: '#/components/schemas/GUIDRef.Type' } });
      expect(schema(v1p2, 'UserDType').properties).not.toHaveProperty('role');
      expect(schema(v1p2, 'UserDType').properties).not.toHaveProperty('orgs');
      expect(property(v1p2, 'UserDType', 'roles')).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/RoleDType' } });
      const role = property(v1p2, 'RoleDType', 'role');
      expect(role.anyOf![0]).toEqual({ type: 'string', enum: ROLE_TYPES.filter((value) => value !== 'administrator') });
      expect(role.anyOf![1]).toEqual({ type: 'string', pattern: '(ext:)[a-zA-Z0-9\\.\\-_]+' });
      expect(schema(v1p2, 'RoleDType').required).toEqual(['roleType', 'role', 'org']);
      expect(schema(v1p1, 'User.Type').required).toContain('username');
      expect(schema(v1p2, 'UserDType').required).not.toContain('username');
    });

    it('vocabularies: 1.1 sexes are male and female; 1.2 adds unspecified and other; status is never extensible', () => {
      expect(property(v1p1, 'Demographic.Type', 'sex')).toEqual({ type: 'string', enum: [...GENDER_TYPES_V1P1] });
      expect(property(v1p2, 'DemographicsDType', 'sex').anyOf![0]).toEqual({ type: 'string', enum: [...GENDER_TYPES] });
      expect(property(v1p2, 'UserDType', 'status')).toEqual({ type: 'string', enum: ['active', 'tobedeleted'] });
    });

    it('objects: closed in 1.2 (additionalProperties false), left open in 1.1; GUIDRefs typed per target in 1.2', () => {
      expect(schema(v1p2, 'ClassDType').additionalProperties).toBe(false);
      expect(schema(v1p2, 'UserSetDType').additionalProperties).toBe(false);
      expect(schema(v1p1, 'Class.Type')).not.toHaveProperty('additionalProperties');
      expect(property(v1p2, 'ClassDType', 'school')).toEqual({ $ref: '#/components/schemas/OrgGUIDRefDType' });
      expect(property(v1p2, 'ClassDType', 'terms')).toEqual({ type: 'array', items: { $ref: '#/components/schemas/AcadSessionGUIDRefDType' } });
      expect(property(v1p2, 'OrgGUIDRefDType', 'type')).toEqual({ type: 'string', enum: ['org'] });
      expect(schema(v1p2, 'OrgGUIDRefDType').required).toEqual(['href', 'sourcedId', 'type']);
      expect(property(v1p1, 'GUIDRef.Type', 'href')).toEqual({ type: 'string', format: 'uri' });
    });

    it('status information: 1.1 requires imsx_messageRefIdentifier and allows statusInfoSet warnings on collections; 1.2 has neither', () => {
      expect(schema(v1p1, 'imsx_StatusInfo.Type').required).toEqual(['imsx_codeMajor', 'imsx_messageRefIdentifier', 'imsx_severity']);
      expect(schema(v1p2, 'imsx_StatusInfoDType').properties).not.toHaveProperty('imsx_messageRefIdentifier');
      expect(schema(v1p2, 'imsx_StatusInfoDType').additionalProperties).toBe(false);
      expect(schema(v1p1, 'Users.Type').properties!.statusInfoSet).toMatchObject({ type: 'array', items: { $ref: '#/components/schemas/imsx_StatusInfo.Type' } });
      expect(schema(v1p1, 'SingleUser.Type').properties).not.toHaveProperty('statusInfoSet');
      expect(schema(v1p2, 'UserSetDType').properties).not.toHaveProperty('statusInfoSet');
      const codeMinors = (document: OpenAPIObject, name: string) => (schema(document, name).properties!.imsx_codeMinorFieldValue as SchemaObject).enum;
      expect(codeMinors(v1p1, 'imsx_CodeMinorField.Type')).toEqual(expect.arrayContaining(['invalid_sort_field', 'invalid_blank_selection_field', 'unsupportedoperation']));
      expect(codeMinors(v1p2, 'imsx_CodeMinorFieldDType')).not.toEqual(expect.arrayContaining(['invalid_sort_field']));
    });

    it('describes OAuth 1.0a signing in 1.1 only (OpenAPI has no scheme for it)', () => {
      expect(v1p1.info.description).toContain('OAuth 1.0a');
      expect(v1p1.info.description).toContain('HMAC-SHA256');
      expect(v1p2.info.description).not.toContain('OAuth 1.0a');
      expect(Object.keys(v1p1.components!.securitySchemes!)).toEqual(['OAuth2CC']);
    });
  });
});
