import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Observable, tap } from 'rxjs';
import { ENTITY_CATALOGUE, ENTITY_NAMES, EntityName } from '../oneroster/entity-catalogue';
import { ONEROSTER_VERSIONS } from '../oneroster/versions';
import { RosterMetrics } from './roster-metrics';

/**
 * Global (APP_INTERCEPTOR): counts the records of every OneRoster answer from its envelope, as the
 * client receives it (after field selection and access restrictions). The rostering handlers return
 * their envelope (`@Res({ passthrough: true })`); a handler that ever writes its answer itself must
 * call RosterMetrics.recordsServed instead.
 */
@Injectable()
export class RecordsServedInterceptor implements NestInterceptor {
  constructor(private readonly metrics: RosterMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const version = ONEROSTER_VERSIONS.find((candidate) => request.path.startsWith(`${candidate.basePath}/`));
    if (!version) return next.handle();
    const response = context.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      tap((body: unknown) => {
        const served = recordsInEnvelope(body);
        if (served) this.metrics.recordsServed(response, version.id, served.entity, served.count);
      }),
    );
  }
}

/** The entity and number of records of a OneRoster envelope: `{ users: [ … ] }` or `{ user: { … } }`. */
export function recordsInEnvelope(body: unknown): { entity: EntityName; count: number } | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  for (const entity of ENTITY_NAMES) {
    const { collectionKey, singleKey } = ENTITY_CATALOGUE[entity];
    const list = (body as Record<string, unknown>)[collectionKey];
    if (Array.isArray(list)) return { entity, count: list.length };
    const single = (body as Record<string, unknown>)[singleKey];
    if (typeof single === 'object' && single !== null) return { entity, count: 1 };
  }
  return undefined;
}
