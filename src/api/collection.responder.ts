import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ENTITY_CATALOGUE, EntityName } from '../oneroster/entity-catalogue';
import type { RouteConstraint } from '../query/collection-request';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { withMessageRef } from '../errors/status-info';
import { parseCollectionQuery, parseFieldsOnly } from './collection-query';
import { linkHeader } from './link-header';
import { ONEROSTER_V1P1_PATH, publicOrigin, requestUrl } from '../http/public-url';
import { requestIdOf } from './request-id';
import { RosterReader } from './roster-reader';
import { fieldEquals } from './route-constraints';

/**
 * The HTTP side of a OneRoster read: parameters in, wrapper key, X-Total-Count and Link out.
 * Response headers and envelopes are built here and only here.
 */
@Injectable()
export class CollectionResponder {
  constructor(
    private readonly reader: RosterReader,
    private readonly config: AppConfig,
  ) {}

  /**
   * A collection, or the part of one a route selects (`constraint`: /students, /schools/{id}/classes).
   * A parent that does not exist simply matches nothing: 200 with an empty page.
   */
  async list(entity: EntityName, request: Request, response: Response, constraint?: readonly RouteConstraint[]): Promise<Record<string, unknown>> {
    this.reader.entityMapping(entity);
    refuseNulCharacters(request);
    const { request: parsed, warnings } = parseCollectionQuery(entity, request.query as Record<string, unknown>, this.config.api);
    const query = { ...parsed, constraint };
    const page = await this.reader.page(query, this.apiBase(request));
    response.setHeader('X-Total-Count', String(page.total));
    response.setHeader('Link', linkHeader(requestUrl(request, this.config.server.publicUrl), query.offset, query.limit, page.total));
    const body: Record<string, unknown> = { [ENTITY_CATALOGUE[entity].collectionKey]: page.records };
    if (warnings.length) body.statusInfoSet = warnings.map((warning) => withMessageRef(warning, requestIdOf(request)));
    return body;
  }

  /** One object; with a subtype `constraint` (/students/{id}) an object of another subtype is unknown. */
  async get(entity: EntityName, sourcedId: string, request: Request, response: Response, constraint?: readonly RouteConstraint[]): Promise<Record<string, unknown>> {
    this.reader.entityMapping(entity);
    refuseNulCharacters(request);
    const fields = parseFieldsOnly(entity, request.query as Record<string, unknown>);
    const page = await this.reader.page({ entity, constraint: [...(constraint ?? []), fieldEquals('sourcedId', sourcedId)], fields, limit: 1, offset: 0 }, this.apiBase(request), false);
    if (page.records.length === 0) throw OneRosterRequestError.unknownObject(`Unknown Object: no ${ENTITY_CATALOGUE[entity].singleKey} with sourcedId '${sourcedId.slice(0, 100)}'`);
    // SDS's collection checks X-Total-Count even on single-object responses.
    response.setHeader('X-Total-Count', '1');
    return { [ENTITY_CATALOGUE[entity].singleKey]: page.records[0] };
  }

  private apiBase(request: Request): string {
    return `${publicOrigin(request, this.config.server.publicUrl)}${ONEROSTER_V1P1_PATH}`;
  }
}

/** No OneRoster value contains NUL, and PostgreSQL refuses it in text outright: answer 400, not 500. */
function refuseNulCharacters(request: Request): void {
  if (/%00/.test(request.originalUrl)) throw OneRosterRequestError.invalidData('the request contains a NUL character (%00), which no OneRoster value can hold');
}
