import type { HeaderObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { CodeMinor } from '../errors/code-minor';
import { codeMinorInV1p2 } from '../errors/oneroster-exception.filter';
import type { StatusInfo } from '../errors/status-info';
import type { OneRosterVersion } from '../oneroster/versions';
import { schemaNames, schemaRef } from './schema-names';

/** Every token this provider emits; a Record so that a new CodeMinor cannot be left out of the documents. */
const CODE_MINORS: Readonly<Record<CodeMinor, true>> = {
  invaliddata: true,
  invalid_filter_field: true,
  invalid_selection_field: true,
  invalid_blank_selection_field: true,
  invalid_sort_field: true,
  unauthorisedrequest: true,
  forbidden: true,
  unknownobject: true,
  unsupportedoperation: true,
  server_busy: true,
  internal_server_error: true,
};
const CODE_MAJORS: Readonly<Record<StatusInfo['imsx_codeMajor'], true>> = { success: true, processing: true, failure: true, unsupported: true };
const SEVERITIES: Readonly<Record<StatusInfo['imsx_severity'], true>> = { status: true, warning: true, error: true };

/** The codeMinor tokens a version's payloads carry, translated as the exception filter translates them. */
export function codeMinorsOf(version: OneRosterVersion): CodeMinor[] {
  const all = Object.keys(CODE_MINORS) as CodeMinor[];
  return version.messageRefInStatus ? all : [...new Set(all.map(codeMinorInV1p2))];
}

/** imsx_StatusInfo in the version's shape: 1.1 requires imsx_messageRefIdentifier, 1.2 lists no such property. */
export function statusInfoSchemas(version: OneRosterVersion): Record<string, SchemaObject> {
  const names = schemaNames(version);
  const closed = version.id === 'v1p2' ? { additionalProperties: false } : {};
  const properties: Record<string, SchemaObject | { $ref: string }> = {
    imsx_codeMajor: { type: 'string', enum: Object.keys(CODE_MAJORS) },
    imsx_severity: { type: 'string', enum: Object.keys(SEVERITIES) },
  };
  if (version.messageRefInStatus) {
    properties.imsx_messageRefIdentifier = { type: 'string', description: 'The request id, also sent as the X-Request-Id header; quote it when reporting a problem.' };
  }
  properties.imsx_description = { type: 'string', description: 'What went wrong, for people.' };
  properties.imsx_CodeMinor = schemaRef(names.codeMinor);
  return {
    [names.statusInfo]: {
      type: 'object',
      description: 'Status information: the body of every error response.',
      properties,
      required: version.messageRefInStatus ? ['imsx_codeMajor', 'imsx_messageRefIdentifier', 'imsx_severity'] : ['imsx_codeMajor', 'imsx_severity'],
      ...closed,
    },
    [names.codeMinor]: {
      type: 'object',
      properties: { imsx_codeMinorField: { type: 'array', minItems: 1, items: schemaRef(names.codeMinorField) } },
      required: ['imsx_codeMinorField'],
      ...closed,
    },
    [names.codeMinorField]: {
      type: 'object',
      properties: {
        imsx_codeMinorFieldName: { type: 'string', default: 'TargetEndSystem' },
        imsx_codeMinorFieldValue: { type: 'string', enum: codeMinorsOf(version) },
      },
      required: ['imsx_codeMinorFieldName', 'imsx_codeMinorFieldValue'],
      ...closed,
    },
  };
}

export const RESPONSE_HEADERS: Readonly<Record<string, HeaderObject>> = {
  'X-Total-Count': { description: 'How many records match the request in all (every page together).', schema: { type: 'integer', minimum: 0 } },
  Link: {
    description: 'RFC 8288 links to the `first`, `prev`, `next` and `last` pages, keeping every other query parameter (filter, sort, fields).',
    schema: { type: 'string' },
  },
  'X-Request-Id': { description: 'The request id (also imsx_messageRefIdentifier in 1.1 status information); quote it when reporting a problem.', schema: { type: 'string' } },
  'WWW-Authenticate': { description: 'The challenge: `Bearer realm="oneroster"`, with `error="invalid_token"` or `error="insufficient_scope"` and the scopes that would do.', schema: { type: 'string' } },
  'Retry-After': { description: 'Seconds to wait before retrying.', schema: { type: 'integer' } },
};

/** The error answers of the rostering operations, as reusable responses (`#/components/responses/...`). */
export function errorResponses(version: OneRosterVersion): Record<string, ResponseObject> {
  const body = { 'application/json': { schema: schemaRef(schemaNames(version).statusInfo) } };
  const requestId = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
  const challenge = { ...requestId, 'WWW-Authenticate': { $ref: '#/components/headers/WWW-Authenticate' } };
  const badRequest = version.partialSuccess
    ? 'A parameter could not be used: a malformed `filter`, `limit` or `offset` (`invaliddata`), an unknown field in `filter` (`invalid_filter_field`), a blank `fields` (`invalid_blank_selection_field`). Unknown `fields` and `sort` entries are not errors in 1.1: see the 200 answer.'
    : 'A parameter could not be used: a malformed `filter`, `limit` or `offset` (`invaliddata`), an unknown field in `filter` (`invalid_filter_field`), an unknown or blank `fields` entry (`invalid_selection_field`).';
  return {
    BadRequest: { description: `${badRequest} codeMajor/severity failure/error.`, headers: requestId, content: body },
    Unauthorized: {
      description: 'No valid credentials: a missing, invalid or expired bearer token (or a bad OAuth 1.0a signature in 1.1): `unauthorisedrequest`.',
      headers: challenge,
      content: body,
    },
    Forbidden: { description: 'The token is valid but grants none of the scopes the operation needs: `forbidden`.', headers: challenge, content: body },
    NotFound: { description: 'No object of this kind has this sourcedId: `unknownobject` ("Unknown Object").', headers: requestId, content: body },
    InternalServerError: { description: 'An unexpected failure: `internal_server_error`. The description carries the request id; nothing else about the cause.', headers: requestId, content: body },
    ServiceUnavailable: {
      description: 'The source database cannot be reached just now: `server_busy`. Retry after the Retry-After delay.',
      headers: { ...requestId, 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
      content: body,
    },
    Default: { description: 'Any other failure, in the same status-information shape.', headers: requestId, content: body },
  };
}
