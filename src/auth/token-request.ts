import { OAuthError } from '../errors/oauth-error';

export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

/** One token-endpoint parameter; RFC 6749 §3.2 forbids repeating one, which body parsers turn into arrays. */
export function formParam(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new OAuthError('invalid_request', `${name} must be given once, as a string`);
  return value;
}

/**
 * The client credentials presented, from HTTP Basic and/or `client_id`/`client_secret` in the body
 * (SDS and Google use Basic, older SDS collections and Microsoft's ADF pipeline the body). Returns
 * the candidates to try in order; see basicCandidates for why there can be two.
 */
export function presentedCredentials(authorization: string | undefined, body: Record<string, unknown>): ClientCredentials[] {
  const basic = basicCandidates(authorization);
  const bodyId = formParam(body, 'client_id');
  const bodySecret = formParam(body, 'client_secret');
  const inBody = bodyId !== undefined || bodySecret !== undefined;
  if (basic && inBody) {
    // Clients that also echo client_id in the body are common; only a contradiction is refused.
    const agreeing = basic.filter((c) => (bodyId === undefined || c.clientId === bodyId) && (bodySecret === undefined || c.clientSecret === bodySecret));
    if (agreeing.length === 0) throw new OAuthError('invalid_request', 'The Authorization header and the client_id/client_secret parameters disagree');
    return agreeing;
  }
  if (basic) return basic;
  if (inBody) return [{ clientId: bodyId ?? '', clientSecret: bodySecret ?? '' }];
  throw new OAuthError('invalid_client', 'Client authentication is required (HTTP Basic or client_id/client_secret)');
}

/**
 * RFC 6749 §2.3.1 says Basic credentials are form-URL-encoded before base64, but Postman (the SDS
 * collection) and many clients send them raw, which would corrupt a secret containing `+` or `%`.
 * So the decoded form is tried first and the raw form second, when they differ.
 */
function basicCandidates(authorization: string | undefined): ClientCredentials[] | undefined {
  const match = /^Basic +([A-Za-z0-9+/]+={0,2}) *$/i.exec(authorization ?? '');
  if (!match) {
    if (/^Basic\b/i.test(authorization ?? '')) throw new OAuthError('invalid_client', 'The Authorization header is not valid HTTP Basic');
    return undefined;
  }
  const text = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) throw new OAuthError('invalid_client', 'The Authorization header is not valid HTTP Basic');
  const raw = { clientId: text.slice(0, colon), clientSecret: text.slice(colon + 1) };
  const decoded = { clientId: formDecode(raw.clientId), clientSecret: formDecode(raw.clientSecret) };
  if (decoded.clientId === undefined || decoded.clientSecret === undefined) return [raw];
  const sameAsRaw = decoded.clientId === raw.clientId && decoded.clientSecret === raw.clientSecret;
  return sameAsRaw ? [raw] : [decoded as ClientCredentials, raw];
}

function formDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
