import { Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppConfig } from '../config/app-config';
import { ENTITY_CATALOGUE, EntityName } from '../oneroster/entity-catalogue';
import type { OneRosterVersion } from '../oneroster/versions';
import type { RouteConstraint } from '../query/collection-request';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { withMessageRef } from '../errors/status-info';
import { parseCollectionQuery, parseFieldsOnly } from './collection-query';
import { linkHeader } from './link-header';
import { publicOrigin, requestUrl } from '../http/public-url';
import { requestIdOf } from './request-id';
import { RosterReader } from './roster-reader';
import { fieldEquals } from './route-constraints';
import { presentRecord } from './version-record';
import { ClientAccessPolicy } from './client-access.policy';
import { TrackedRosterReader } from '../tracking/tracked-roster-reader';

const MAX_LINK_HEADER = 8192;

/** What a route asks for: an entity in a version, under the route's constraint (/students, /schools/{id}/classes). */
export interface RouteCall {
  readonly version: OneRosterVersion;
  readonly entity: EntityName;
  readonly constraint: readonly RouteConstraint[];
}

/**
 * The HTTP side of a OneRoster read: parameters in, wrapper key, X-Total-Count and Link out.
 * Response headers and envelopes are built here and only here.
 */
@Injectable()
export class CollectionResponder {
  constructor(
    private readonly reader: RosterReader,
    private readonly records: TrackedRosterReader,
    private readonly config: AppConfig,
    private readonly access: ClientAccessPolicy,
  ) {}

  /** A collection, or the part of one a route selects. A parent that does not exist simply matches nothing: 200 with an empty page. */
  async list(call: RouteCall, request: Request, response: Response): Promise<Record<string, unknown>> {
    const { version, entity } = call;
    this.reader.entityMapping(entity);
    refuseNulCharacters(request);
    const view = await this.access.view(request, entity);
    const { request: parsed, selected, warnings } = parseCollectionQuery(version, entity, request.query as Record<string, unknown>, this.config.api, view.hidden);
    const query = { ...parsed, constraint: [...call.constraint, ...view.constraint] };
    const page = await this.records.page(query, this.apiBase(request, version));
    response.setHeader('X-Total-Count', String(page.total));
    // Link repeats the request URL up to four times; past 8 KB it would push the response headers
    // beyond what Node and fetch accept (16 KB), so a very long URL gets X-Total-Count alone.
    const link = linkHeader(requestUrl(request, this.config.server.publicUrl), query.offset, query.limit, page.total);
    if (link.length <= MAX_LINK_HEADER) response.setHeader('Link', link);
    const records = page.records.map((record) => presentRecord(version, entity, record, selected, view.hidden));
    const body: Record<string, unknown> = { [ENTITY_CATALOGUE[entity].collectionKey]: records };
    if (warnings.length) body.statusInfoSet = warnings.map((warning) => withMessageRef(warning, requestIdOf(request)));
    return body;
  }

  /** One object; with a subtype constraint (/students/{id}) an object of another subtype is unknown. */
  async get(call: RouteCall, sourcedId: string, request: Request, response: Response): Promise<Record<string, unknown>> {
    const { version, entity } = call;
    this.reader.entityMapping(entity);
    refuseNulCharacters(request);
    const view = await this.access.view(request, entity);
    const { selected, mapped } = parseFieldsOnly(version, entity, request.query as Record<string, unknown>, view.hidden);
    // Outside the client's orgs is "unknown", not "forbidden": a 403 would confirm the record exists.
    const constraint = [...call.constraint, ...view.constraint, fieldEquals('sourcedId', sourcedId)];
    const page = await this.records.page({ entity, constraint, fields: mapped, limit: 1, offset: 0 }, this.apiBase(request, version), false);
    // A record deleted from the SIS is served as its tobedeleted stub while retained (oneroster-spec §11 rule 5);
    // a client limited to orgs cannot be shown that the stub belongs to them, so it gets none.
    if (page.records.length === 0 && view.constraint.length === 0 && call.constraint.length === 0) {
      const stub = await this.records.deletedRecord(entity, sourcedId, mapped);
      if (stub) page.records.push(stub);
    }
    if (page.records.length === 0) throw OneRosterRequestError.unknownObject(`Unknown Object: no ${ENTITY_CATALOGUE[entity].singleKey} with sourcedId '${sourcedId.slice(0, 100)}'`);
    // SDS's collection checks X-Total-Count even on single-object responses.
    response.setHeader('X-Total-Count', '1');
    return { [ENTITY_CATALOGUE[entity].singleKey]: presentRecord(version, entity, page.records[0], selected, view.hidden) };
  }

  private apiBase(request: Request, version: OneRosterVersion): string {
    return `${publicOrigin(request, this.config.server.publicUrl)}${version.basePath}`;
  }
}

/** No OneRoster value contains NUL, and PostgreSQL refuses it in text outright: answer 400, not 500. */
function refuseNulCharacters(request: Request): void {
  if (/%00/.test(request.originalUrl)) throw OneRosterRequestError.invalidData('the request contains a NUL character (%00), which no OneRoster value can hold');
}
