import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import { ApiModule } from './api/api.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { OneRosterExceptionFilter } from './errors/oneroster-exception.filter';
import { HealthModule } from './health/health.module';
import type { CompiledMapping } from './mapping/compiled-mapping';
import { ObservabilityModule } from './observability/observability.module';
import { OpenApiModule } from './openapi/openapi.module';
import type { SourceDatabase } from './source/source-database';
import type { SourceReadiness } from './source/source-readiness';
import type { TrackingStore } from './tracking/tracking-store';

/** Wiring only: configuration, authentication (global, deny by default), the API, its OpenAPI documents, health probes, logs and metrics, one error filter. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig, mapping: CompiledMapping, source: SourceDatabase, tracking: TrackingStore | undefined, readiness: SourceReadiness, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        AuthModule,
        ApiModule.forRoot(mapping, source, tracking),
        OpenApiModule,
        HealthModule.forRoot(source, readiness),
        ObservabilityModule.forRoot(config, logger, source),
      ],
      providers: [{ provide: APP_FILTER, useClass: OneRosterExceptionFilter }],
    };
  }
}
