import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { Public } from '../auth/public.decorator';
import type { Redacted } from '../config/redacted';
import { presentsMetricsToken } from './metrics-token';

export const METRICS_TOKEN = Symbol('METRICS_TOKEN');

/**
 * GET /metrics for Prometheus, in its text exposition format. Outside OneRoster authentication and
 * rate limits (a scraper has no OneRoster client); protected by `metrics.token` when configured,
 * otherwise by the network. Labels are route templates, versions, entities and outcomes only: no
 * client secret, token, sourcedId or filter value can appear in it.
 */
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly registry: Registry,
    @Inject(METRICS_TOKEN) private readonly token: Redacted | undefined,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res() response: Response): Promise<void> {
    response.setHeader('Cache-Control', 'no-store');
    if (this.token && !presentsMetricsToken(authorization, this.token)) {
      response.status(401).setHeader('WWW-Authenticate', 'Bearer realm="metrics"').type('text/plain').send('a valid bearer token is required for /metrics\n');
      return;
    }
    const body = await this.registry.metrics();
    // Sent as is: Express's send() would rewrite the content type prom-client names.
    response.setHeader('Content-Type', this.registry.contentType);
    response.end(body);
  }
}
