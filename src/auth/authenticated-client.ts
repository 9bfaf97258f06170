/** What a verified bearer token says about the caller; set as `request.user` by the bearer strategy. */
export interface AuthenticatedClient {
  readonly clientId: string;
  /** Full scope URIs, e.g. `https://purl.imsglobal.org/spec/or/v1p1/scope/roster.readonly`. */
  readonly scopes: ReadonlySet<string>;
  /** The token's `jti`, for log lines that must not contain the token itself. */
  readonly tokenId: string;
  readonly expiresAt: Date;
}
