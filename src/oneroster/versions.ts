/**
 * The two OneRoster versions this provider serves from the same mappings. Everything that differs
 * between them on the wire (base path, scope URIs, how booleans travel, what an unknown `fields`
 * entry means, the shape of status information) is decided here, per version, so the rest of the
 * code asks a version rather than testing its name.
 */
export type OneRosterVersionId = 'v1p1' | 'v1p2';

export interface OneRosterVersion {
  readonly id: OneRosterVersionId;
  /** As people write it: "1.1". */
  readonly label: string;
  /** Root of the rostering service (oneroster-spec §1). */
  readonly basePath: string;
  /** Prefix of this version's OAuth 2.0 scope URIs (§9.3); a token of one version never opens the other. */
  readonly scopePrefix: string;
  /** 1.1: JSON booleans (its OpenAPI file); 1.2: the strings "true" / "false" (§3.3). */
  readonly booleans: 'json' | 'string';
  /**
   * Unknown `fields` or `sort` entries: 1.1 answers with all data plus a statusInfoSet warning
   * (partial success, §8.4); 1.2 allows no statusInfoSet in a success body, so an unknown field is
   * a 400 and an unknown sort field falls back to the default order silently (§8.5).
   */
  readonly partialSuccess: boolean;
  /** 1.1's imsx_StatusInfo requires imsx_messageRefIdentifier; 1.2's forbids any property it does not list. */
  readonly messageRefInStatus: boolean;
}

export const V1P1: OneRosterVersion = {
  id: 'v1p1',
  label: '1.1',
  basePath: '/ims/oneroster/v1p1',
  scopePrefix: 'https://purl.imsglobal.org/spec/or/v1p1/scope/',
  booleans: 'json',
  partialSuccess: true,
  messageRefInStatus: true,
};

export const V1P2: OneRosterVersion = {
  id: 'v1p2',
  label: '1.2',
  basePath: '/ims/oneroster/rostering/v1p2',
  scopePrefix: 'https://purl.imsglobal.org/spec/or/v1p2/scope/',
  booleans: 'string',
  partialSuccess: false,
  messageRefInStatus: false,
};

export const ONEROSTER_VERSIONS: readonly OneRosterVersion[] = [V1P1, V1P2];

/** The version whose service a request path belongs to (for error bodies), 1.1 when it is neither. */
export function versionOfPath(path: string): OneRosterVersion {
  return ONEROSTER_VERSIONS.find((version) => path === version.basePath || path.startsWith(`${version.basePath}/`)) ?? V1P1;
}
