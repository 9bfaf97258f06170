import { Body, Controller, Header, Headers, HttpCode, Logger, Post } from '@nestjs/common';
import { OAuthError } from '../errors/oauth-error';
import { ClientRegistry, RegisteredClient } from './client-registry';
import { Public } from './public.decorator';
import { narrowScopes, parseRequestedScopes } from './scopes';
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
  ) {}

  @Public()
  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  async issueToken(@Headers('authorization') authorization: string | undefined, @Body() body: unknown): Promise<TokenResponse> {
    const params = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const grantType = formParam(params, 'grant_type');
    if (grantType === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    const requested = parseRequestedScopes(formParam(params, 'scope'));

    const client = await this.authenticate(presentedCredentials(authorization, params));
    const scopes = narrowScopes(requested, client.allowedScopes);
    const issued = this.tokens.issue(client.id, scopes);
    this.logger.log(`issued token ${issued.tokenId} to client ${client.id}`);
    return { access_token: issued.accessToken, token_type: 'bearer', expires_in: issued.expiresIn, scope: scopes.join(' ') };
  }

  private async authenticate(candidates: readonly ClientCredentials[]): Promise<RegisteredClient> {
    for (const { clientId, clientSecret } of candidates) {
      const client = await this.clients.authenticate(clientId, clientSecret);
      if (client) return client;
    }
    throw new OAuthError('invalid_client', 'Unknown client or wrong secret');
  }
}
