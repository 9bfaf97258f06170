import { ONEROSTER_V1P1_SCOPES, ScopeName } from '../config/app-config';
import { OAuthError } from '../errors/oauth-error';

/**
 * OneRoster 1.1 OAuth 2.0 scopes. Tokens carry full URIs; config and requests may use the short
 * names. Only v1p1 URIs are known here, so a 1.1 token can never open a 1.2 route (scopes are
 * version-bound, oneroster-spec §9.3).
 */
export const ONEROSTER_V1P1_SCOPE_PREFIX = 'https://purl.imsglobal.org/spec/or/v1p1/scope/';

export type OneRosterScope = `${typeof ONEROSTER_V1P1_SCOPE_PREFIX}${ScopeName}`;

export function scopeUri(name: ScopeName): OneRosterScope {
  return `${ONEROSTER_V1P1_SCOPE_PREFIX}${name}`;
}

export const ROSTER_CORE_READONLY = scopeUri('roster-core.readonly');
export const ROSTER_READONLY = scopeUri('roster.readonly');
export const ROSTER_DEMOGRAPHICS_READONLY = scopeUri('roster-demographics.readonly');

/** Canonical order, so the granted `scope` string is stable whatever order the client asked in. */
export const ALL_SCOPES: readonly OneRosterScope[] = ONEROSTER_V1P1_SCOPES.map(scopeUri);

/**
 * Core (non-demographics) routes: roster.readonly is a superset of roster-core.readonly, and
 * Google's consumer asks only for roster.readonly before calling core routes like /teachers.
 */
export const CORE_ROUTE_SCOPES: readonly OneRosterScope[] = [ROSTER_CORE_READONLY, ROSTER_READONLY];
/** Nested collections (e.g. /schools/{id}/classes) are roster.readonly only in 1.1's operation list. */
export const NESTED_ROUTE_SCOPES: readonly OneRosterScope[] = [ROSTER_READONLY];
export const DEMOGRAPHICS_ROUTE_SCOPES: readonly OneRosterScope[] = [ROSTER_DEMOGRAPHICS_READONLY];

export function isOneRosterScope(value: string): value is OneRosterScope {
  return (ALL_SCOPES as readonly string[]).includes(value);
}

/**
 * Splits a `scope` parameter (RFC 6749 §3.3: space-delimited, case-sensitive) and expands short
 * names to full URIs. Unknown tokens are kept so that narrowScopes can drop them. A blank or absent
 * parameter is "nothing requested", i.e. `undefined`, not an empty request.
 */
export function parseRequestedScopes(text: string | undefined): string[] | undefined {
  const tokens = (text ?? '').split(/[ \t]+/).filter((token) => token.length > 0);
  if (tokens.length === 0) return undefined;
  return tokens.map((token) => ((ONEROSTER_V1P1_SCOPES as readonly string[]).includes(token) ? scopeUri(token as ScopeName) : token));
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
