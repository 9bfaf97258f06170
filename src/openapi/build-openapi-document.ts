import type { OpenAPIObject, SecuritySchemeObject } from '@nestjs/swagger';
import type { CollectionQueryLimits } from '../api/collection-query';
import { scopeUri } from '../auth/scopes';
import { ROSTERING_SCOPE_NAMES, ScopeName } from '../config/app-config';
import type { OneRosterVersion } from '../oneroster/versions';
import { entitySchemas } from './entity-schemas';
import { OAUTH2_SCHEME, rosteringPaths, rosteringTags } from './rostering-operations';
import { errorResponses, RESPONSE_HEADERS, statusInfoSchemas } from './status-info-schemas';

export interface OpenApiDocumentOptions {
  /** Where clients reach this provider: scheme, host and any proxy prefix, without a trailing slash. */
  readonly origin: string;
  readonly limits: CollectionQueryLimits;
}

/** The path of the token endpoint below the origin (auth/token.controller.ts). */
export const TOKEN_PATH = '/oauth/token';

const SCOPE_DESCRIPTIONS: Readonly<Record<ScopeName, string>> = {
  'roster-core.readonly': 'The core read operations: every collection and single object except demographics and the relationship collections.',
  'roster.readonly': 'Every read operation except demographics (a superset of roster-core.readonly).',
  'roster-demographics.readonly': 'The demographics collection and single demographics objects.',
};

/**
 * The OpenAPI 3.0 document of one version of the rostering service, built from the route table,
 * the fields the version shows and its vocabularies, for the given public origin (servers and the
 * token URL are absolute). A pure function: the same input gives the same document.
 */
export function buildOpenApiDocument(version: OneRosterVersion, options: OpenApiDocumentOptions): OpenAPIObject {
  const tokenUrl = `${options.origin}${TOKEN_PATH}`;
  return {
    openapi: '3.0.3',
    info: {
      title: `OneRoster ${version.label} Rostering`,
      version: version.label,
      description: describeService(version, tokenUrl),
    },
    servers: [{ url: `${options.origin}${version.basePath}`, description: `The OneRoster ${version.label} rostering service of this provider.` }],
    tags: rosteringTags(),
    paths: rosteringPaths(version, options.limits),
    components: {
      schemas: { ...entitySchemas(version), ...statusInfoSchemas(version) },
      responses: errorResponses(version),
      headers: { ...RESPONSE_HEADERS },
      securitySchemes: { [OAUTH2_SCHEME]: oauth2Scheme(version, tokenUrl) },
    },
  };
}

function oauth2Scheme(version: OneRosterVersion, tokenUrl: string): SecuritySchemeObject {
  const scopes = Object.fromEntries(ROSTERING_SCOPE_NAMES.map((name) => [scopeUri(name, version), SCOPE_DESCRIPTIONS[name]]));
  const oauth1 = version.id === 'v1p1' ? ' Clients configured for it may instead sign each request with OAuth 1.0a (see the description of this API).' : '';
  return {
    type: 'oauth2',
    description: `OAuth 2.0 client credentials (IMS Security Framework): POST ${tokenUrl} with the client id and secret (HTTP Basic, or client_id/client_secret form fields), then send \`Authorization: Bearer <access_token>\`. Tokens carry ${version.label} scope URIs and open ${version.label} operations only.${oauth1}`,
    flows: { clientCredentials: { tokenUrl, scopes } },
  };
}

function describeService(version: OneRosterVersion, tokenUrl: string): string {
  const sections = [
    `OneRoster ${version.label} rostering (read-only) served from the provider's mappings. Every operation is GET; any other method on a rostering path is answered 405 with codeMajor \`unsupported\`.`,
    `**Authentication.** OAuth 2.0 client credentials: \`POST ${tokenUrl}\` with \`grant_type=client_credentials\` and an optional space-separated \`scope\` of ${version.label} scope URIs, credentials in an HTTP Basic header (or as \`client_id\`/\`client_secret\` form fields). Send the token as \`Authorization: Bearer <token>\`.`,
  ];
  if (version.id === 'v1p1') {
    sections.push(
      '**OAuth 1.0a (OneRoster 1.1 original binding).** OpenAPI has no security scheme for it. Clients configured with the `oauth1` method may, instead of a bearer token, sign every request two-legged (RFC 5849: consumer key and secret, no token) with HMAC-SHA256 or HMAC-SHA1, parameters in an `Authorization: OAuth ...` header or in the query string. The base string uses the public URL of the request; `oauth_timestamp` must lie within 10 minutes before and 5 minutes after the server clock and a nonce cannot be reused.',
    );
  }
  sections.push(
    '**Paging.** Collections take `limit` and `offset` and answer with `X-Total-Count` (all matching records) and an RFC 8288 `Link` header (first, prev, next, last).',
    version.partialSuccess
      ? '**Errors.** Failures answer with an `imsx_StatusInfo` body (codeMajor `failure`, severity `error`, a codeMinor token and `imsx_messageRefIdentifier` = the request id, also sent as `X-Request-Id`). Unknown `fields` or `sort` entries are not failures: the data comes with warnings in `statusInfoSet`.'
      : '**Errors.** Failures answer with an `imsx_StatusInfo` body (codeMajor `failure`, severity `error` and a codeMinor token); success bodies never carry status information. Every answer carries the request id in `X-Request-Id`.',
  );
  return sections.join('\n\n');
}
