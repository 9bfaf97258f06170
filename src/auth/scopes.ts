import { ROSTERING_SCOPE_NAMES, ScopeName } from '../config/app-config';
import { OAuthError } from '../errors/oauth-error';
import { ONEROSTER_VERSIONS, OneRosterVersion, V1P1 } from '../oneroster/versions';

/**
 * OneRoster OAuth 2.0 scopes of both versions. Tokens carry full URIs; config and token requests
 * may use the short names, which stand for the name in every version. A route asks for its own
 * version's URIs only, so a 1.1 scope never opens a 1.2 route (scopes are version-bound,
 * oneroster-spec §9.3).
 */
export type OneRosterScope = `https://purl.imsglobal.org/spec/or/${'v1p1' | 'v1p2'}/scope/${ScopeName}`;

export function scopeUri(name: ScopeName, version: OneRosterVersion = V1P1): OneRosterScope {
  return `${version.scopePrefix}${name}` as OneRosterScope;
}

export const ROSTER_CORE_READONLY = scopeUri('roster-core.readonly');
export const ROSTER_READONLY = scopeUri('roster.readonly');
export const ROSTER_DEMOGRAPHICS_READONLY = scopeUri('roster-demographics.readonly');

/** Canonical order (1.1 first), so the granted `scope` string is stable whatever order the client asked in. */
export const ALL_SCOPES: readonly OneRosterScope[] = ONEROSTER_VERSIONS.flatMap((version) => ROSTERING_SCOPE_NAMES.map((name) => scopeUri(name, version)));

/** Which operations a route belongs to, for its scopes (§9.3). */
export type RouteScopeKind = 'core' | 'nested' | 'demographics';

/**
 * The scopes that open a route of a version. Core (non-demographics) routes: roster.readonly is a
 * superset of roster-core.readonly, and Google's consumer asks only for roster.readonly before
 * calling core routes like /teachers. Nested collections (/schools/{id}/classes) are
 * roster.readonly only in both versions' operation lists.
 */
export function routeScopes(version: OneRosterVersion, kind: RouteScopeKind): OneRosterScope[] {
  switch (kind) {
    case 'core':
      return [scopeUri('roster-core.readonly', version), scopeUri('roster.readonly', version)];
    case 'nested':
      return [scopeUri('roster.readonly', version)];
    case 'demographics':
      return [scopeUri('roster-demographics.readonly', version)];
  }
}

export const CORE_ROUTE_SCOPES = routeScopes(V1P1, 'core');
export const NESTED_ROUTE_SCOPES = routeScopes(V1P1, 'nested');
export const DEMOGRAPHICS_ROUTE_SCOPES = routeScopes(V1P1, 'demographics');

export function isOneRosterScope(value: string): value is OneRosterScope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/** A configured or requested scope: a short name stands for that name in every version. */
export function expandScope(token: string): string[] {
  return (ROSTERING_SCOPE_NAMES as readonly string[]).includes(token) ? ONEROSTER_VERSIONS.map((version) => scopeUri(token as ScopeName, version)) : [token];
}

/**
 * Splits a `scope` parameter (RFC 6749 §3.3: space-delimited, case-sensitive) and expands short
 * names to full URIs. Unknown tokens are kept so that narrowScopes can drop them. A blank or absent
 * parameter is "nothing requested", i.e. `undefined`, not an empty request.
 */
export function parseRequestedScopes(text: string | undefined): string[] | undefined {
  const tokens = (text ?? '').split(/[ \t]+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return undefined;
  return tokens.flatMap(expandScope);
}

/**
 * The scopes to grant: the requested ones the client may have, in canonical order. Unknown or
 * unallowed scopes are dropped rather than rejected, because consumers such as SDS send scopes we
 * do not serve (gradebook); only a request left with nothing is an error.
 */
export function narrowScopes(requested: readonly string[] | undefined, allowed: Iterable<string>): OneRosterScope[] {
  const allowedSet = new Set(allowed);
  const wanted = requested === undefined ? allowedSet : new Set(requested);
  const granted = ALL_SCOPES.filter((scope) => allowedSet.has(scope) && wanted.has(scope));
  if (granted.length === 0) {
    throw new OAuthError('invalid_scope', 'None of the requested scopes is available to this client');
  }
  return granted;
}

/** True when the token holds at least one of `anyOf`. An empty `anyOf` satisfies nothing (deny by default). */
export function scopeSatisfies(granted: ReadonlySet<string>, anyOf: readonly string[]): boolean {
  return anyOf.some((scope) => granted.has(scope));
}
