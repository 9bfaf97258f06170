// app-config.ts's class-transformer decorators need the metadata polyfill, which Nest would load.
import 'reflect-metadata';
import { OAuthError } from '../errors/oauth-error';
import {
  ALL_SCOPES,
  CORE_ROUTE_SCOPES,
  DEMOGRAPHICS_ROUTE_SCOPES,
  narrowScopes,
  parseRequestedScopes,
  ROSTER_CORE_READONLY,
  ROSTER_DEMOGRAPHICS_READONLY,
  ROSTER_READONLY,
  scopeSatisfies,
} from './scopes';

const GRADEBOOK = 'https://purl.imsglobal.org/spec/or/v1p1/scope/gradebook.readonly';
const V1P2_ROSTER = 'https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly';

describe(parseRequestedScopes.name, () => {
  it('splits on spaces and expands short names to the full URIs of both versions', () => {
    expect(parseRequestedScopes(`roster.readonly  ${ROSTER_CORE_READONLY} gradebook.readonly`)).toEqual([ROSTER_READONLY, V1P2_ROSTER, ROSTER_CORE_READONLY, 'gradebook.readonly']);
  });

  it.each([undefined, '', '   '])('treats %p as nothing requested', (text) => {
    expect(parseRequestedScopes(text)).toBeUndefined();
  });
});

describe(narrowScopes.name, () => {
  const allowed = [ROSTER_CORE_READONLY, ROSTER_READONLY];

  it.each<[string, string[] | undefined, string[]]>([
    ['no scope parameter → the client set', undefined, allowed],
    ['unknown scope dropped', [ROSTER_READONLY, 'https://example.org/other'], [ROSTER_READONLY]],
    ['gradebook dropped', [ROSTER_READONLY, GRADEBOOK], [ROSTER_READONLY]],
    ['v1p2 scope dropped (tokens are version-bound)', [V1P2_ROSTER, ROSTER_CORE_READONLY], [ROSTER_CORE_READONLY]],
    ['unallowed scope dropped', [ROSTER_DEMOGRAPHICS_READONLY, ROSTER_CORE_READONLY], [ROSTER_CORE_READONLY]],
    ['canonical order and no duplicates', [ROSTER_READONLY, ROSTER_CORE_READONLY, ROSTER_READONLY], [ROSTER_CORE_READONLY, ROSTER_READONLY]],
  ])('%s', (_title, requested, expected) => {
    expect(narrowScopes(requested, allowed)).toEqual(expected);
  });

  it('accepts short names through parseRequestedScopes', () => {
    expect(narrowScopes(parseRequestedScopes('roster-demographics.readonly roster.readonly'), ALL_SCOPES)).toEqual([
      ROSTER_READONLY,
      ROSTER_DEMOGRAPHICS_READONLY,
      V1P2_ROSTER,
      'https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly',
    ]);
  });

  it.each([[[GRADEBOOK]], [[ROSTER_DEMOGRAPHICS_READONLY]], [['roster.readonly']]])('rejects %p with invalid_scope when nothing is left', (requested) => {
    const attempt = () => narrowScopes(requested, allowed);
    expect(attempt).toThrow(OAuthError);
    expect(attempt).toThrow(expect.objectContaining({ error: 'invalid_scope', httpStatus: 400 }));
  });
});

describe(scopeSatisfies.name, () => {
  it('opens core routes with roster.readonly alone (Google asks only for it)', () => {
    expect(scopeSatisfies(new Set([ROSTER_READONLY]), CORE_ROUTE_SCOPES)).toBe(true);
    expect(scopeSatisfies(new Set([ROSTER_CORE_READONLY]), CORE_ROUTE_SCOPES)).toBe(true);
  });

  it('keeps demographics behind its own scope', () => {
    expect(scopeSatisfies(new Set([ROSTER_READONLY, ROSTER_CORE_READONLY]), DEMOGRAPHICS_ROUTE_SCOPES)).toBe(false);
    expect(scopeSatisfies(new Set([ROSTER_DEMOGRAPHICS_READONLY]), DEMOGRAPHICS_ROUTE_SCOPES)).toBe(true);
  });

  it('is never satisfied by an empty requirement', () => {
    expect(scopeSatisfies(new Set(ALL_SCOPES), [])).toBe(false);
  });
});
