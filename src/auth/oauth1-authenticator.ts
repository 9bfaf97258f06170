import { Injectable, Logger } from '@nestjs/common';
import type { Request } from 'express';
import { AppConfig } from '../config/app-config';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { publicOrigin } from '../http/public-url';
import { AuthenticatedClient } from './authenticated-client';
import { ClientRegistry } from './client-registry';
import { OAuth1ReplayGuard } from './oauth1-replay-guard';
import { isOAuthAuthorization, OAuth1FormatError, OAuth1SignedRequest, readOAuth1Request, signatureMatches } from './oauth1-signature';

export const OAUTH1_CHALLENGE = 'OAuth realm="oneroster"';

/** True when the request is signed with OAuth 1.0a: an `OAuth` Authorization header, or oauth_signature in the query. */
export function isOAuth1Request(request: Request): boolean {
  return isOAuthAuthorization(request.headers.authorization) || /[?&]oauth_signature=/.test(request.originalUrl ?? request.url);
}

/**
 * Verifies two-legged OAuth 1.0a signed requests (OneRoster 1.1's original binding) for clients
 * whose `authMethods` include `oauth1`, and yields the same AuthenticatedClient a bearer token
 * would (scopes = the client's configured scopes). Order matters: format and timestamp first (no
 * secret involved), then the signature, and only then the nonce is recorded, so forged requests
 * can neither fill the nonce store nor burn a real client's nonces.
 */
@Injectable()
export class OAuth1Authenticator {
  private readonly logger = new Logger('Auth');
  readonly replayGuard = new OAuth1ReplayGuard();

  constructor(
    private readonly clients: ClientRegistry,
    private readonly config: AppConfig,
  ) {}

  /** The caller, or a 401 OneRosterRequestError with an OAuth challenge and a plain reason. */
  authenticate(request: Request): AuthenticatedClient {
    let signed: OAuth1SignedRequest;
    try {
      signed = readOAuth1Request({ method: request.method, url: this.clientUrl(request), authorization: request.headers.authorization });
    } catch (error) {
      if (error instanceof OAuth1FormatError) throw refuse(error.message);
      throw error;
    }
    if (signed.token) throw refuse('oauth_token is not supported: sign two-legged, with the consumer key and secret only');

    const timestamp = this.replayGuard.checkTimestamp(signed.timestamp);
    if (timestamp === 'invalid') throw refuse('oauth_timestamp must be whole seconds since 1970-01-01T00:00:00Z');
    if (timestamp !== 'ok') {
      throw refuse(`oauth_timestamp is ${timestamp === 'stale' ? 'too old' : 'too far in the future'}: it must lie within 10 minutes before and 5 minutes after the server's clock`);
    }

    const consumer = this.clients.oauth1Consumer(signed.consumerKey);
    if (consumer.status === 'unknown') throw refuse('Unknown oauth_consumer_key');
    if (consumer.status === 'not-enabled') throw refuse('OAuth 1.0a is not enabled for this consumer key (see its authMethods)');
    if (!signatureMatches(signed, consumer.secret.reveal())) {
      // The base URI is not secret and shows a proxy mismatch (http vs https, host, prefix) at once.
      throw refuse(`The oauth_signature does not match the request (the server signed ${request.method.toUpperCase()} ${signed.baseUri} with its query parameters)`);
    }

    const nonce = this.replayGuard.remember(signed.consumerKey, signed.timestamp, signed.nonce);
    if (nonce === 'replayed') throw refuse('This oauth_nonce was already used with this timestamp');
    if (nonce === 'full') {
      this.logger.warn('OAuth 1.0a nonce store is full; refusing signed requests until entries expire');
      throw refuse('Too many signed requests to check for replays right now; retry shortly');
    }
    return {
      clientId: consumer.client.id,
      scopes: new Set(consumer.client.allowedScopes),
      tokenId: `oauth1:${signed.timestamp}:${signed.nonce}`,
      // A signature authorises one request: it "expires" with it.
      expiresAt: new Date(),
    };
  }

  /**
   * The URL as the client addressed it (behind a TLS proxy the socket says http), kept as text:
   * the signature covers the query exactly as sent, which URL parsing would re-encode.
   */
  private clientUrl(request: Request): string {
    return `${publicOrigin(request, this.config.server.publicUrl)}${request.originalUrl ?? request.url}`;
  }
}

function refuse(message: string): OneRosterRequestError {
  return new OneRosterRequestError('unauthorisedrequest', message, { httpStatus: 401, headers: { 'WWW-Authenticate': OAUTH1_CHALLENGE } });
}
