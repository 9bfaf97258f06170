import { All, Controller, Get, Inject, Param, Req, Res, Type } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { routeScopes } from '../auth/scopes';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { OneRosterVersion } from '../oneroster/versions';
import { CollectionResponder } from './collection.responder';
import { ROSTERING_ROUTES, RosteringRoute } from './rostering-routes';

/**
 * One small controller per route and version, generated from the route table: the handler hands
 * the route's entity and constraint to the responder; everything else (parameters, paging,
 * envelopes, errors) is shared. Any method but GET/HEAD on a route is 405, not a misleading 404.
 */
export function rosteringControllers(version: OneRosterVersion): Type[] {
  return ROSTERING_ROUTES.map((route) => routeController(version, route));
}

function routeController(version: OneRosterVersion, route: RosteringRoute): Type {
  @Controller(version.basePath)
  @RequireScopes(...routeScopes(version, route.scopes))
  class RosteringRouteController {
    constructor(@Inject(CollectionResponder) private readonly responder: CollectionResponder) {}

    @Get(route.path)
    read(@Param() params: Record<string, string>, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
      const call = { version, entity: route.entity, constraint: route.constraint(params) };
      return route.kind === 'single' ? this.responder.get(call, params.sourcedId, request, response) : this.responder.list(call, request, response);
    }

    @All(route.path)
    refuseWrite(@Req() request: Request): never {
      throw unsupportedOperation(request);
    }
  }
  // Nest names controllers in its logs and errors by class name.
  Object.defineProperty(RosteringRouteController, 'name', { value: `${route.operationId}_${version.id}` });
  return RosteringRouteController;
}

export function unsupportedOperation(request: Request): OneRosterRequestError {
  return new OneRosterRequestError('unsupportedoperation', `${request.method} is not supported: the OneRoster rostering service is read-only`, {
    headers: { Allow: 'GET, HEAD' },
  });
}
