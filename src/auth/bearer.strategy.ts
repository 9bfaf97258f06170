import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { AuthenticatedClient } from './authenticated-client';
import { TokenService } from './token.service';

/**
 * Resolves `Authorization: Bearer <token>` to an AuthenticatedClient. A refused token throws
 * InvalidTokenError, which the guard turns into the spec's 401.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(private readonly tokens: TokenService) {
    super({ realm: 'oneroster' });
  }

  validate(token: string): AuthenticatedClient {
    return this.tokens.verify(token);
  }
}
