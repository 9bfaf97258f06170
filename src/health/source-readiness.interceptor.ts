import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { IS_PUBLIC_KEY } from '../auth/public.decorator';
import { SourceReadiness } from '../source/source-readiness';

/**
 * Global (APP_INTERCEPTOR): until the mapping has been verified against the source, every request
 * that reads the source (every route needing a token: the rostering APIs) is answered 503
 * `server_busy` with Retry-After, by the exception filter. Public routes (token, health, documents)
 * do not read the source and are served. Interceptors run after the guards, so a request without a
 * valid token still gets its 401.
 */
@Injectable()
export class SourceReadinessInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly readiness: SourceReadiness,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.readiness.isReady && !this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, [context.getHandler(), context.getClass()])) {
      this.readiness.assertReady();
    }
    return next.handle();
  }
}
