import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { BearerStrategy } from './bearer.strategy';
import { ClientRegistry } from './client-registry';
import { OAuth1Authenticator } from './oauth1-authenticator';
import { OneRosterAuthGuard } from './oneroster-auth.guard';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/**
 * Token endpoint plus the global guard (bearer tokens; OAuth 1.0a signatures for clients that enable them). Importing this module protects every route of the
 * app; routes opt out with @Public(). Needs the global ConfigModule for AppConfig.
 */
@Module({
  imports: [PassportModule],
  controllers: [TokenController],
  providers: [ClientRegistry, TokenService, BearerStrategy, OAuth1Authenticator, { provide: APP_GUARD, useClass: OneRosterAuthGuard }],
  exports: [TokenService, ClientRegistry],
})
export class AuthModule {}
