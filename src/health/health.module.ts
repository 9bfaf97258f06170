import { DynamicModule, Module, OnModuleDestroy } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { SourceDatabase } from '../source/source-database';
import { SourceReadiness } from '../source/source-readiness';
import { HealthController } from './health.controller';
import { SourceHealthIndicator } from './source-health.indicator';
import { SourceReadinessInterceptor } from './source-readiness.interceptor';

/** `/health/live` and `/health/ready`, and the gate that answers 503 while the source is not verified. */
@Module({})
export class HealthModule implements OnModuleDestroy {
  constructor(private readonly readiness: SourceReadiness) {}

  static forRoot(source: SourceDatabase, readiness: SourceReadiness): DynamicModule {
    return {
      module: HealthModule,
      // Terminus would log every failed probe (every few seconds during an outage); SourceReadiness
      // and the exception filter already report the outage.
      imports: [TerminusModule.forRoot({ logger: false })],
      controllers: [HealthController],
      providers: [
        { provide: SourceDatabase, useValue: source },
        { provide: SourceReadiness, useValue: readiness },
        SourceHealthIndicator,
        { provide: APP_INTERCEPTOR, useClass: SourceReadinessInterceptor },
      ],
    };
  }

  onModuleDestroy(): void {
    this.readiness.stop();
  }
}
