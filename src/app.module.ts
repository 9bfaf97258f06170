import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ApiModule } from './api/api.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { OneRosterExceptionFilter } from './errors/oneroster-exception.filter';
import type { CompiledMapping } from './mapping/compiled-mapping';
import { OpenApiModule } from './openapi/openapi.module';
import type { SourceDatabase } from './source/source-database';

/** Wiring only: configuration, authentication (global, deny by default), the API, its OpenAPI documents, one error filter. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, mapping: CompiledMapping, source: SourceDatabase): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), AuthModule, ApiModule.forRoot(mapping, source), OpenApiModule],
      providers: [{ provide: APP_FILTER, useClass: OneRosterExceptionFilter }],
    };
  }
}
