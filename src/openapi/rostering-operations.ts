import type { OperationObject, ParameterObject, PathsObject, ReferenceObject, ResponsesObject, TagObject } from '@nestjs/swagger';
import type { CollectionQueryLimits } from '../api/collection-query';
import { openApiPath, ROSTERING_ROUTES, RosteringRoute } from '../api/rostering-routes';
import { routeScopes } from '../auth/scopes';
import { ENTITY_CATALOGUE, EntityName } from '../oneroster/entity-catalogue';
import { publicFields } from '../oneroster/version-fields';
import type { OneRosterVersion } from '../oneroster/versions';
import { schemaNames, schemaRef } from './schema-names';

/** The name of the OAuth 2.0 security scheme, as the official 1.2 file names it. */
export const OAUTH2_SCHEME = 'OAuth2CC';

/** Every rostering operation of the route table, as OpenAPI paths below the version's server URL. */
export function rosteringPaths(version: OneRosterVersion, limits: CollectionQueryLimits): PathsObject {
  const paths: PathsObject = {};
  for (const route of ROSTERING_ROUTES) paths[openApiPath(route.path)] = { get: operation(version, route, limits) };
  return paths;
}

/** One tag per first path segment (`/schools/{id}/classes` is a SchoolsManagement call), as the official 1.2 file groups them. */
export function rosteringTags(): TagObject[] {
  const segments = [...new Set(ROSTERING_ROUTES.map(firstSegment))].sort();
  return segments.map((segment) => ({ name: tagName(segment), description: `Everything under /${segment}.` }));
}

function operation(version: OneRosterVersion, route: RosteringRoute, limits: CollectionQueryLimits): OperationObject {
  const scopes = routeScopes(version, route.scopes);
  const parameters = [...pathParameters(route), ...(route.kind === 'collection' ? collectionParameters(version, route.entity, limits) : [fieldsParameter(version, route.entity)])];
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: describe(version, route, scopes),
    tags: [tagName(firstSegment(route))],
    parameters,
    responses: route.kind === 'collection' ? collectionResponses(version, route.entity) : singleResponses(version, route.entity),
    security: [{ [OAUTH2_SCHEME]: scopes }],
  };
}

function describe(version: OneRosterVersion, route: RosteringRoute, scopes: readonly string[]): string {
  const lines: string[] = [];
  if (route.kind === 'single') {
    lines.push('Answers 404 `unknownobject` when no object of this kind has the sourcedId.');
  } else {
    lines.push('Paged with `limit` and `offset` (headers X-Total-Count and Link); `filter`, `sort`/`orderBy` and `fields` apply.');
    if (route.scopes === 'nested') lines.push('A parent that does not exist is not an error: the answer is an empty collection.');
  }
  lines.push(`Needs a token with any of the scopes: ${scopes.map((scope) => `\`${scope}\``).join(', ')}.`);
  if (version.partialSuccess && route.kind === 'collection') lines.push('Unknown `fields` or `sort` entries are reported as warnings in `statusInfoSet`, next to the data.');
  return lines.join('\n\n');
}

function pathParameters(route: RosteringRoute): ParameterObject[] {
  return [...route.path.matchAll(/:([A-Za-z]+)/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    description: `The sourcedId of the ${name === 'sourcedId' ? singularOf(route) : name.replace(/SourcedId$/, '')}.`,
    schema: { type: 'string' },
  }));
}

function collectionParameters(version: OneRosterVersion, entity: EntityName, limits: CollectionQueryLimits): ParameterObject[] {
  const unknownSort = version.partialSuccess ? 'the default order is used and a warning added to statusInfoSet' : 'the default order is used';
  return [
    {
      name: 'limit',
      in: 'query',
      description: `Records per page (at most ${limits.maxLimit}; a larger limit is refused with 400 \`invaliddata\` rather than cut down).`,
      schema: { type: 'integer', format: 'int32', minimum: 1, maximum: limits.maxLimit, default: limits.defaultLimit },
    },
    { name: 'offset', in: 'query', description: 'Index of the first record of the page (0 is the first).', schema: { type: 'integer', format: 'int32', minimum: 0, default: 0 } },
    {
      name: 'sort',
      in: 'query',
      description: `A field to order by (a value or reference field of the ${ENTITY_CATALOGUE[entity].singleKey}). Without it, or when the field cannot be sorted on, ${unknownSort}: by sourcedId. Ties are always broken by sourcedId, so pages are stable.`,
      schema: { type: 'string' },
    },
    {
      name: 'orderBy',
      in: 'query',
      description: version.partialSuccess ? 'Direction of `sort` (`acs`, as the 1.1 definition spells asc, is accepted too).' : 'Direction of `sort`.',
      schema: { type: 'string', enum: ['asc', 'desc'], default: 'asc' },
    },
    {
      name: 'filter',
      in: 'query',
      description: [
        "OneRoster filter: `field operator 'value'`, operators `=` `!=` `>` `>=` `<` `<=` `~` (contains), joined by ` AND ` or ` OR ` and grouped with parentheses.",
        "Examples: `familyName='Smith'`, `dateLastModified>'2025-01-01T00:00:00.000Z'` (delta sync), `status='active' AND grades~'09'`.",
        'An unknown field is refused with 400 `invalid_filter_field`, a malformed filter or value with 400 `invaliddata`.',
      ].join(' '),
      schema: { type: 'string' },
    },
    fieldsParameter(version, entity),
  ];
}

function fieldsParameter(version: OneRosterVersion, entity: EntityName): ParameterObject {
  const unknown = version.partialSuccess
    ? 'An unknown field returns all fields plus a warning in statusInfoSet'
    : 'An unknown field is refused with 400 `invalid_selection_field`';
  return {
    name: 'fields',
    in: 'query',
    description: `Comma-separated fields to return (the others are left out). ${unknown}; a blank \`fields\` is a 400.`,
    style: 'form',
    explode: false,
    schema: { type: 'array', items: { type: 'string', enum: publicFields(version, entity).map((field) => field.name) } },
  };
}

function collectionResponses(version: OneRosterVersion, entity: EntityName): ResponsesObject {
  const warnings = version.partialSuccess ? ' Unknown `fields` or `sort` entries add warnings in `statusInfoSet` (codeMajor success, severity warning).' : '';
  return {
    '200': {
      description: `A page of ${ENTITY_CATALOGUE[entity].collectionKey} (possibly empty).${warnings}`,
      headers: headerRefs('X-Total-Count', 'Link', 'X-Request-Id'),
      content: { 'application/json': { schema: schemaRef(schemaNames(version).set(entity)) } },
    },
    ...errorRefs(['400', 'BadRequest'], ['401', 'Unauthorized'], ['403', 'Forbidden'], ['500', 'InternalServerError'], ['503', 'ServiceUnavailable'], ['default', 'Default']),
  };
}

function singleResponses(version: OneRosterVersion, entity: EntityName): ResponsesObject {
  return {
    '200': {
      description: `The ${ENTITY_CATALOGUE[entity].singleKey}. X-Total-Count is 1 (SDS checks it on single objects too).`,
      headers: headerRefs('X-Total-Count', 'X-Request-Id'),
      content: { 'application/json': { schema: schemaRef(schemaNames(version).single(entity)) } },
    },
    ...errorRefs(
      ['400', 'BadRequest'],
      ['401', 'Unauthorized'],
      ['403', 'Forbidden'],
      ['404', 'NotFound'],
      ['500', 'InternalServerError'],
      ['503', 'ServiceUnavailable'],
      ['default', 'Default'],
    ),
  };
}

function headerRefs(...names: string[]): Record<string, ReferenceObject> {
  return Object.fromEntries(names.map((name) => [name, { $ref: `#/components/headers/${name}` }]));
}

function errorRefs(...entries: Array<[string, string]>): Record<string, ReferenceObject> {
  return Object.fromEntries(entries.map(([status, name]) => [status, { $ref: `#/components/responses/${name}` }]));
}

function firstSegment(route: RosteringRoute): string {
  return route.path.split('/')[0];
}

function tagName(segment: string): string {
  return `${segment[0].toUpperCase()}${segment.slice(1)}Management`;
}

/** `getStudent` → `student`. */
function singularOf(route: RosteringRoute): string {
  const word = route.operationId.replace(/^get/, '');
  return `${word[0].toLowerCase()}${word.slice(1)}`;
}
