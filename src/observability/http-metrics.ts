import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry } from 'prom-client';

/** One answered HTTP request, as the metrics see it. */
export interface AnsweredRequest {
  readonly method: string;
  /** A route template or UNMATCHED_ROUTE (route-label.ts), never a raw path. */
  readonly route: string;
  readonly status: number;
  readonly seconds: number;
}

export const TOKEN_ROUTE = '/oauth/token';

/** Token endpoint answers by what they mean, from the status the endpoint chose (token.controller.ts). */
export type TokenOutcome = 'issued' | 'invalid_request' | 'invalid_client' | 'locked_out' | 'error';

export function tokenOutcome(status: number): TokenOutcome {
  if (status >= 200 && status < 300) return 'issued';
  if (status === 401) return 'invalid_client';
  if (status === 429) return 'locked_out';
  if (status >= 500) return 'error';
  return 'invalid_request';
}

/** Latency buckets from a cached page (a few ms) to a 10,000-record page from a slow SIS. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** `http_requests_total`, `http_request_duration_seconds` and `oneroster_token_requests_total`. */
@Injectable()
export class HttpMetrics {
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route'>;
  private readonly tokens: Counter<'outcome'>;

  constructor(registry: Registry) {
    this.requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered, by method, route template and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from receiving a request to the end of its answer, by method and route template',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers: [registry],
    });
    this.tokens = new Counter({
      name: 'oneroster_token_requests_total',
      help: 'POST /oauth/token requests by outcome: issued, invalid_client (wrong or unknown credentials), invalid_request, locked_out (failed-attempt lock-out), error',
      labelNames: ['outcome'],
      registers: [registry],
    });
  }

  observe(answered: AnsweredRequest): void {
    const { method, route, status, seconds } = answered;
    this.requests.inc({ method, route, status: String(status) });
    this.duration.observe({ method, route }, seconds);
    if (route === TOKEN_ROUTE && method === 'POST') this.tokens.inc({ outcome: tokenOutcome(status) });
  }
}
