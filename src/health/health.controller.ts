import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../auth/public.decorator';
import { SourceHealthIndicator } from './source-health.indicator';

/** Seconds a load balancer or client should wait before asking again; the same as the API's 503s. */
const RETRY_AFTER_SECONDS = '5';

/**
 * Probes for a load balancer or Kubernetes, without a token. Liveness never touches the database:
 * an SIS outage must not get the adapter restarted. Readiness is the mappings verified against the
 * source schema and the source answering now; not ready is terminus's JSON with 503 and Retry-After.
 */
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: SourceHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  @Get('ready')
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  async ready(@Res({ passthrough: true }) response: Response): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.indicator.mappings(), () => this.indicator.source()]);
    } catch (error) {
      // Terminus reports "not healthy" as a 503 exception; answered here, as terminus's JSON, so the
      // global OneRoster filter does not turn it into a status payload.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(503).setHeader('Retry-After', RETRY_AFTER_SECONDS);
      return error.getResponse() as HealthCheckResult;
    }
  }
}
