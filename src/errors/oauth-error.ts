/**
 * The token endpoint's error codes: RFC 6749 §5.2's, plus `slow_down` (registered for the token
 * endpoint by RFC 8628 §3.5), which this provider answers with 429 and Retry-After when failed
 * attempts have locked out a client id or remote address; RFC 6749 itself has no rate-limit code.
 */
export type OAuthErrorCode = 'invalid_request' | 'invalid_client' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_scope' | 'slow_down';

/**
 * An error of the token endpoint. RFC 6749 §5.2 prescribes its own body shape
 * (`{error, error_description}`), which OAuth clients parse, so it is not an imsx payload.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: OAuthErrorCode,
    readonly description: string,
    readonly httpStatus = defaultStatus(error),
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

function defaultStatus(error: OAuthErrorCode): number {
  if (error === 'invalid_client') return 401;
  if (error === 'slow_down') return 429;
  return 400;
}
