import { All, Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { RouteConstraint } from '../query/collection-request';
import { CollectionResponder } from './collection.responder';

/**
 * The two reads every OneRoster collection has: the collection and one object by sourcedId.
 * Each resource's controller only names its path, entity, scopes and, for a subtype such as
 * /students, the constraint that selects it.
 */
export abstract class RosterCollectionController {
  protected constructor(
    private readonly responder: CollectionResponder,
    private readonly entity: EntityName,
    private readonly constraint?: readonly RouteConstraint[],
  ) {}

  @Get()
  list(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.responder.list(this.entity, request, response, this.constraint);
  }

  @Get(':sourcedId')
  get(@Param('sourcedId') sourcedId: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.responder.get(this.entity, sourcedId, request, response, this.constraint);
  }

  /** Rostering is read-only: any other method on these paths is 405, not a misleading 404. */
  @All()
  refuseWriteToCollection(@Req() request: Request): never {
    throw unsupportedOperation(request);
  }

  @All(':sourcedId')
  refuseWriteToObject(@Req() request: Request): never {
    throw unsupportedOperation(request);
  }
}

export function unsupportedOperation(request: Request): OneRosterRequestError {
  return new OneRosterRequestError('unsupportedoperation', `${request.method} is not supported: the OneRoster rostering service is read-only`, {
    headers: { Allow: 'GET, HEAD' },
  });
}
