import { Body, Controller, Header, Headers, HttpCode, Logger, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { OAuthError } from '../errors/oauth-error';
import { ClientRegistry, RegisteredClient } from './client-registry';
import { Public } from './public.decorator';
import { addressKey } from './remote-address';
import { narrowScopes, parseRequestedScopes } from './scopes';
import { AttemptKey, TokenAttemptLimiter } from './token-attempt-limiter';
import { ClientCredentials, formParam, presentedCredentials } from './token-request';
import { TokenService } from './token.service';

export interface TokenResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  scope: string;
}

/** OAuth 2.0 client-credentials token endpoint (RFC 6749 §4.4), the way OneRoster 1.1 is deployed. */
@Controller('oauth')
export class TokenController {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly clients: ClientRegistry,
    private readonly tokens: TokenService,
    private readonly attempts: TokenAttemptLimiter,
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async issueToken(@Headers('authorization') authorization: string | undefined, @Body() body: unknown, @Req() request: Request): Promise<TokenResponse> {
    const params = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const grantType = formParam(params, 'grant_type');
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const requested = parseRequestedScopes(formParam(params, 'scope'));

    const client = await this.authenticate(presentedCredentials(authorization, params), addressKey(request.ip));
    const scopes = narrowScopes(requested, client.allowedScopes);
    const issued = this.tokens.issue(client.id, scopes);
    this.logger.log(`issued token ${issued.tokenId} to client ${client.id}`);
    return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn, scope: scopes.join(' ') };
  }

  /** Checks the credentials under the failed-attempt lock-out of their client id(s) and the caller's address. */
  private async authenticate(candidates: readonly ClientCredentials[], address: string): Promise<RegisteredClient> {
    const keys: AttemptKey[] = [{ kind: 'address', address }, ...candidates.map(({ clientId }) => ({ kind: 'client' as const, clientId }))];
    const outcome = await this.attempts.attempt(keys, async () => {
      for (const { clientId, clientSecret } of candidates) {
        const client = await this.clients.authenticate(clientId, clientSecret);
        if (client) return client;
      }
      return null;
    });
    if (outcome.status === 'authenticated') return outcome.value;
    if (outcome.status === 'locked') {
      throw new OAuthError('slow_down', `Too many failed token requests for this client or from this address; retry after ${outcome.retryAfterSeconds} seconds`, 429, {
        'Retry-After': String(outcome.retryAfterSeconds),
      });
    }
    for (const key of outcome.lockedOut) this.logger.warn(`too many failed token requests ${this.describe(key)}: refusing it until its window ends`);
    throw new OAuthError('invalid_client', 'Unknown client or wrong secret');
  }

  /** Never the presented id unless it is a configured one: a client id field may hold a pasted secret. */
  private describe(key: AttemptKey): string {
    if (key.kind === 'address') return `from address ${key.address}`;
    return this.clients.isRegistered(key.clientId) ? `for client ${key.clientId}` : 'for an unknown client id';
  }
}
