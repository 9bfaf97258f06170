import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * OAuth 1.0a request signatures (RFC 5849 §3.4), two-legged as OneRoster 1.1 uses them: a consumer
 * key and secret, no token. Pure functions over strings; the HTTP side lives in oauth1-authenticator.
 */

/** PLAINTEXT and RSA-SHA1 are refused: the first sends the secret, the second needs keys we do not hold. */
export const OAUTH1_SIGNATURE_METHODS = ['HMAC-SHA1', 'HMAC-SHA256'] as const;
export type OAuth1SignatureMethod = (typeof OAUTH1_SIGNATURE_METHODS)[number];

const HMAC_ALGORITHM: Record<OAuth1SignatureMethod, string> = { 'HMAC-SHA1': 'sha1', 'HMAC-SHA256': 'sha256' };
const REQUIRED = ['oauth_consumer_key', 'oauth_signature_method', 'oauth_timestamp', 'oauth_nonce', 'oauth_signature'] as const;

/** A request that is not a well-formed OAuth 1.0a request. The message is safe to show the client. */
export class OAuth1FormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OAuth1FormatError';
  }
}

export type OAuth1Param = readonly [name: string, value: string];

/** What a signed request claims, plus the base string its signature must cover. */
export interface OAuth1SignedRequest {
  readonly consumerKey: string;
  readonly signatureMethod: OAuth1SignatureMethod;
  readonly timestamp: string;
  readonly nonce: string;
  readonly signature: string;
  readonly token?: string;
  readonly baseString: string;
  /** The base string URI (for messages: it shows which scheme/host/path the server signed). */
  readonly baseUri: string;
}

/** RFC 3986 percent-encoding as RFC 5849 §3.6 wants it: only unreserved characters stay, upper-case hex, UTF-8. */
export function percentEncode(text: string): string {
  try {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  } catch {
    throw new OAuth1FormatError('A parameter is not valid UTF-8 text');
  }
}

function percentDecode(text: string, what: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new OAuth1FormatError(`Malformed percent-encoding in ${what}`);
  }
}

/** A query string or form body as name/value pairs, decoded as application/x-www-form-urlencoded (`+` is a space). */
export function parseFormEncoded(raw: string, what = 'the query string'): OAuth1Param[] {
  return raw
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const [name, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
      return [percentDecode(name.replace(/\+/g, ' '), what), percentDecode(value.replace(/\+/g, ' '), what)] as const;
    });
}

/** True when the header uses the OAuth scheme (RFC 5849 §3.5.1). */
export function isOAuthAuthorization(header: string | undefined): boolean {
  return /^oauth(\s|$)/i.test(header ?? '');
}

/** The parameters of `Authorization: OAuth k="v", …`, percent-decoded, `realm` included. */
export function parseOAuthAuthorization(header: string): OAuth1Param[] {
  const match = /^oauth(?:\s+|$)(.*)$/is.exec(header.trim());
  if (!match) throw new OAuth1FormatError('The Authorization header does not use the OAuth scheme');
  const params: OAuth1Param[] = [];
  const item = /\s*([^\s=,"]+)\s*=\s*"([^"]*)"\s*(?:,|$)/y;
  const rest = match[1].trim();
  let position = 0;
  while (position < rest.length) {
    item.lastIndex = position;
    const found = item.exec(rest);
    if (!found) throw new OAuth1FormatError('Malformed OAuth Authorization header: expected name="value" pairs separated by commas');
    params.push([percentDecode(found[1], 'the OAuth Authorization header'), percentDecode(found[2], 'the OAuth Authorization header')]);
    position = item.lastIndex;
  }
  return params;
}

/**
 * The base string URI (RFC 5849 §3.4.1.2): lower-case scheme and host, port only when not the
 * scheme's default, the path; no query or fragment. `url` is the URL as the client addressed it.
 */
export function baseStringUri(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new OAuth1FormatError('The request URL cannot be parsed');
  }
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** Names and values encoded, sorted by name then value (byte order), joined as `n=v&…` (RFC 5849 §3.4.1.3.2). */
export function normalizeParameters(params: readonly OAuth1Param[]): string {
  return params
    .map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
    .sort(([n1, v1], [n2, v2]) => (n1 < n2 ? -1 : n1 > n2 ? 1 : v1 < v2 ? -1 : v1 > v2 ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** `METHOD&enc(base URI)&enc(normalized parameters)` (RFC 5849 §3.4.1.1). */
export function signatureBaseString(method: string, url: string, params: readonly OAuth1Param[]): string {
  return [method.toUpperCase(), percentEncode(baseStringUri(url)), percentEncode(normalizeParameters(params))].join('&');
}

/** base64(HMAC(enc(consumer secret) & enc(token secret), base string)) (RFC 5849 §3.4.2). */
export function computeSignature(method: OAuth1SignatureMethod, baseString: string, consumerSecret: string, tokenSecret = ''): string {
  const key = `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
  return createHmac(HMAC_ALGORITHM[method], key).update(baseString, 'utf8').digest('base64');
}

/** Constant-time check of a presented signature against the one the consumer secret gives. */
export function signatureMatches(request: OAuth1SignedRequest, consumerSecret: string): boolean {
  const expected = Buffer.from(computeSignature(request.signatureMethod, request.baseString, consumerSecret), 'utf8');
  const presented = Buffer.from(request.signature, 'utf8');
  // The length of an HMAC's base64 is public (it depends only on the algorithm).
  return presented.length === expected.length && timingSafeEqual(presented, expected);
}

/**
 * Reads an OAuth 1.0a request: protocol parameters from the `OAuth` Authorization header (or, with
 * no such header, from the query), all query (and form body) parameters, and the base string.
 * `url` is the full URL as the client addressed it (public origin + original path and query).
 */
export function readOAuth1Request(input: { method: string; url: string; authorization?: string; formBody?: string }): OAuth1SignedRequest {
  const queryStart = input.url.indexOf('?');
  const rawQuery = queryStart < 0 ? '' : input.url.slice(queryStart + 1).split('#', 1)[0];
  const queryParams = parseFormEncoded(rawQuery);
  const bodyParams = input.formBody ? parseFormEncoded(input.formBody, 'the form body') : [];
  const headerParams = isOAuthAuthorization(input.authorization) ? parseOAuthAuthorization(input.authorization!).filter(([name]) => name !== 'realm') : [];

  const all = [...queryParams, ...bodyParams, ...headerParams];
  const protocol = new Map<string, string>();
  for (const [name, value] of all) {
    if (!name.startsWith('oauth_')) continue;
    // A protocol parameter given twice (or in two places) has no single meaning: refuse it.
    if (protocol.has(name)) throw new OAuth1FormatError(`The OAuth parameter ${name} is given more than once`);
    protocol.set(name, value);
  }
  const missing = REQUIRED.filter((name) => !protocol.get(name));
  if (missing.length > 0) throw new OAuth1FormatError(`Missing OAuth parameter(s): ${missing.join(', ')}`);
  const version = protocol.get('oauth_version');
  if (version !== undefined && version !== '1.0') throw new OAuth1FormatError('oauth_version must be 1.0 when given');
  const signatureMethod = protocol.get('oauth_signature_method')!;
  if (!(OAUTH1_SIGNATURE_METHODS as readonly string[]).includes(signatureMethod)) {
    throw new OAuth1FormatError(`Unsupported oauth_signature_method; use ${OAUTH1_SIGNATURE_METHODS.join(' or ')}`);
  }

  const signed = all.filter(([name]) => name !== 'oauth_signature');
  return {
    consumerKey: protocol.get('oauth_consumer_key')!,
    signatureMethod: signatureMethod as OAuth1SignatureMethod,
    timestamp: protocol.get('oauth_timestamp')!,
    nonce: protocol.get('oauth_nonce')!,
    signature: protocol.get('oauth_signature')!,
    token: protocol.get('oauth_token'),
    baseString: signatureBaseString(input.method, input.url, signed),
    baseUri: baseStringUri(input.url),
  };
}
