import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { Observable } from 'rxjs';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { AuthenticatedClient } from './authenticated-client';
import { ClientRateLimiter } from './client-rate-limiter';

/**
 * Applies the per-client request budget to every route the global guard authenticated (an
 * interceptor runs after all guards, so `request.user` is the verified client; `@Public()` routes
 * have none and are not counted). Over budget: 429 with Retry-After and the spec's status payload
 * with codeMinor server_busy (oneroster-spec §8.3), in the version of the route.
 */
@Injectable()
export class ClientRateLimitInterceptor implements NestInterceptor {
  private readonly logger = new Logger('RateLimit');

  constructor(private readonly limiter: ClientRateLimiter) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const client = context.switchToHttp().getRequest<Request & { user?: AuthenticatedClient }>().user;
    if (client) {
      const verdict = await this.limiter.take(client.clientId);
      if (!verdict.allowed) {
        if (verdict.firstRefusal) this.logger.warn(`client ${client.clientId} reached its limit of ${verdict.requestsPerMinute} requests per minute; refusing for ${verdict.retryAfterSeconds}s`);
        throw new OneRosterRequestError(
          'server_busy',
          `Too many requests: this client may make ${verdict.requestsPerMinute} requests per minute; retry after ${verdict.retryAfterSeconds} seconds`,
          { httpStatus: 429, headers: { 'Retry-After': String(verdict.retryAfterSeconds) } },
        );
      }
    }
    return next.handle();
  }
}
