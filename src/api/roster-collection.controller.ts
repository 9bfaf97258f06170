import { Get, Param, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { EntityName } from '../oneroster/entity-catalogue';
import { CollectionResponder } from './collection.responder';

/**
 * The two reads every OneRoster collection has: the collection and one object by sourcedId.
 * Each resource's controller only names its path, entity and scopes.
 */
export abstract class RosterCollectionController {
  protected constructor(
    private readonly responder: CollectionResponder,
    private readonly entity: EntityName,
  ) {}

  @Get()
  list(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.responder.list(this.entity, request, response);
  }

  @Get(':sourcedId')
  get(@Param('sourcedId') sourcedId: string, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    return this.responder.get(this.entity, sourcedId, request, response);
  }
}
