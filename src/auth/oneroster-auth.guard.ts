import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { AuthenticatedClient } from './authenticated-client';
import { isOAuth1Request, OAuth1Authenticator } from './oauth1-authenticator';
import { IS_PUBLIC_KEY } from './public.decorator';
import { REQUIRED_SCOPES_KEY } from './require-scopes.decorator';
import { scopeSatisfies } from './scopes';
import { InvalidTokenError } from './token.service';
import { versionOfPath } from '../oneroster/versions';

const REALM = 'oneroster';

/**
 * The global guard (APP_GUARD): deny by default. `@Public()` routes skip it; every other route
 * needs a valid bearer token (or, for clients that enable it, an OAuth 1.0a signature), and, if it
 * carries `@RequireScopes(...)`, one of those scopes.
 */
@Injectable()
export class OneRosterAuthGuard extends AuthGuard('bearer') {
  constructor(
    private readonly reflector: Reflector,
    private readonly oauth1: OAuth1Authenticator,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const request = context.switchToHttp().getRequest<Request & { user: AuthenticatedClient }>();
    if (isOAuth1Request(request)) {
      // OneRoster 1.2's security framework is OAuth 2.0 client credentials only (spec §9.2).
      if (versionOfPath(request.path).id !== 'v1p1') {
        throw new OneRosterRequestError('unauthorisedrequest', 'OneRoster 1.2 accepts OAuth 2.0 bearer tokens only; OAuth 1.0a signing is a 1.1 binding', {
          headers: { 'WWW-Authenticate': `Bearer realm="${REALM}"` },
        });
      }
      request.user = this.oauth1.authenticate(request);
    } else await super.canActivate(context);

    const anyOf = this.reflector.getAllAndOverride<string[] | undefined>(REQUIRED_SCOPES_KEY, targets);
    const client = request.user;
    if (anyOf && !scopeSatisfies(client.scopes, anyOf)) {
      throw new OneRosterRequestError('forbidden', 'The access token does not grant the scope this request needs', {
        headers: { 'WWW-Authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${anyOf.join(' ')}"` },
      });
    }
    return true;
  }

  override handleRequest<TUser = AuthenticatedClient>(error: unknown, user: unknown, _info: unknown, context: ExecutionContext): TUser {
    if (error && !(error instanceof InvalidTokenError)) throw error;
    if (user && !error) return user as TUser;
    // RFC 6750 §3.1: a request without any credentials gets a bare challenge, no error code.
    const missing = !error && !hasCredentials(context.switchToHttp().getRequest<Request>());
    throw new OneRosterRequestError(
      'unauthorisedrequest',
      missing ? 'A bearer access token is required (Authorization: Bearer <token>)' : 'The access token is invalid or has expired',
      { headers: { 'WWW-Authenticate': missing ? `Bearer realm="${REALM}"` : `Bearer realm="${REALM}", error="invalid_token"` } },
    );
  }
}

/**
 * Where passport-http-bearer looks for a token: a Bearer header, then `access_token` in body or
 * query. Another scheme (e.g. Basic) is not a bearer credential at all.
 */
function hasCredentials(request: Request): boolean {
  const body = request.body as Record<string, unknown> | undefined;
  return /^bearer(\s|$)/i.test(request.headers.authorization ?? '') || Boolean(body?.access_token || request.query?.access_token);
}
