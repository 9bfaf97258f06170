import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { BearerStrategy } from './bearer.strategy';
import { ClientRateLimitInterceptor } from './client-rate-limit.interceptor';
import { ClientRateLimiter } from './client-rate-limiter';
import { ClientRegistry } from './client-registry';
import { OAuth1Authenticator } from './oauth1-authenticator';
import { OneRosterAuthGuard } from './oneroster-auth.guard';
import { TokenAttemptLimiter } from './token-attempt-limiter';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/**
 * Token endpoint plus the global guard (bearer tokens; OAuth 1.0a signatures for clients that enable them). Importing this module protects every route of the
 * app; routes opt out with @Public(). Also the token endpoint's failed-attempt lock-out and the global per-client request budget (rate-limit-config.ts).
 * Needs the global ConfigModule for AppConfig.
 */
@Module({
  imports: [PassportModule],
  controllers: [TokenController],
  providers: [
    ClientRegistry,
    TokenService,
    BearerStrategy,
    OAuth1Authenticator,
    TokenAttemptLimiter,
    ClientRateLimiter,
    { provide: APP_GUARD, useClass: OneRosterAuthGuard },
    // Interceptors run after every guard: the per-client request budget sees the authenticated client.
    { provide: APP_INTERCEPTOR, useClass: ClientRateLimitInterceptor },
  ],
  exports: [TokenService, ClientRegistry],
})
export class AuthModule {}
