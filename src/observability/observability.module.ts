import { DynamicModule, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { AppConfig } from '../config/app-config';
import { SourceDatabase } from '../source/source-database';
import { HttpMetrics } from './http-metrics';
import { METRICS_TOKEN, MetricsController } from './metrics.controller';
import { resolveMetricsToken } from './metrics-token';
import { RecordsServedInterceptor } from './records-served.interceptor';
import { RosterMetrics } from './roster-metrics';
import { SourceMetrics } from './source-metrics';

/**
 * Structured logs and Prometheus metrics. nestjs-pino (over the logger startServer made, its
 * request logger set by request-observer.ts) binds each request's logger for the code that runs in
 * it, so every line logged during a request carries its reqId. Each server has its own metrics
 * registry: several servers in one test process count apart.
 */
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig, logger: Logger, source: SourceDatabase): DynamicModule {
    const token = resolveMetricsToken(config.metrics);
    return {
      module: ObservabilityModule,
      // Global: a handler that writes its answer itself can inject RosterMetrics to count what it served.
      global: true,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger }, useExisting: true })],
      controllers: config.metrics.enabled ? [MetricsController] : [],
      providers: [
        { provide: Registry, useFactory: () => metricsRegistry(config.metrics.enabled) },
        { provide: METRICS_TOKEN, useValue: token },
        { provide: SourceDatabase, useValue: source },
        HttpMetrics,
        RosterMetrics,
        SourceMetrics,
        { provide: APP_INTERCEPTOR, useClass: RecordsServedInterceptor },
      ],
      exports: [HttpMetrics, RosterMetrics],
    };
  }
}

/** Node's process metrics (CPU, memory, event loop lag, GC, handles) join the adapter's own, unless metrics are off. */
function metricsRegistry(enabled: boolean): Registry {
  const registry = new Registry();
  if (enabled) collectDefaultMetrics({ register: registry });
  return registry;
}
