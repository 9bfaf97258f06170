/**
 * An error of the token endpoint. RFC 6749 §5.2 prescribes its own body shape
 * (`{error, error_description}`), which OAuth clients parse, so it is not an imsx payload.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope',
    readonly description: string,
    readonly httpStatus = error === 'invalid_client' ? 401 : 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}
