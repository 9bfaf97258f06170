import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { BearerStrategy } from './bearer.strategy';
import { ClientRegistry } from './client-registry';
import { OneRosterAuthGuard } from './oneroster-auth.guard';
import { TokenController } from './token.controller';
import { TokenService } from './token.service';

/**
 * Token endpoint plus the global bearer guard. Importing this module protects every route of the
 * app; routes opt out with @Public(). Needs the global ConfigModule for AppConfig.
 */
@Module({
  imports: [PassportModule],
  controllers: [TokenController],
  providers: [ClientRegistry, TokenService, BearerStrategy, { provide: APP_GUARD, useClass: OneRosterAuthGuard }],
  exports: [TokenService, ClientRegistry],
})
export class AuthModule {}
