import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { AuthenticatedClient } from '../auth/authenticated-client';
import { AppConfig } from '../config/app-config';
import type { ClientAccessConfig } from '../config/client-access-config';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import type { EntityName } from '../oneroster/entity-catalogue';
import { HiddenFields, NOTHING_HIDDEN } from '../oneroster/version-fields';
import type { RouteConstraint } from '../query/collection-request';
import { RosterReader } from './roster-reader';
import { fieldEqualsAny, fieldIn } from './route-constraints';

/** What one request of one client may see of one entity. */
export interface ClientView {
  /** ANDed with the route's own constraint: its own predicate group, which no client filter can widen. */
  readonly constraint: readonly RouteConstraint[];
  readonly hidden: HiddenFields;
}

const UNRESTRICTED: ClientView = { constraint: [], hidden: NOTHING_HIDDEN };
/** How long a client's resolved org set (its orgs and their child schools) is reused. */
const ORG_SET_TTL_MS = 60_000;

/**
 * A client's `access` configuration turned into query constraints: which entities it may read
 * at all (403 otherwise), which fields it never sees, and, for a client limited to orgs, the
 * records of those orgs only, through the mapping's own relations:
 *
 * - orgs: the configured orgs and their child orgs (a district brings its schools);
 * - users: users with one of those orgs; demographics: those users' demographics;
 * - classes and enrollments: of those schools; courses: of those orgs;
 * - academicSessions: the sessions those classes are taught in, and their parents (school years).
 *
 * A record outside the client's orgs is simply not there for it: 404 by id, absent from lists.
 */
@Injectable()
export class ClientAccessPolicy {
  private readonly byClient: ReadonlyMap<string, ClientAccessConfig | undefined>;
  private readonly orgSets = new Map<string, { ids: string[]; until: number }>();

  constructor(
    config: AppConfig,
    private readonly reader: RosterReader,
  ) {
    this.byClient = new Map(config.clients.map((client) => [client.id, client.access]));
  }

  async view(request: Request, entity: EntityName): Promise<ClientView> {
    const client = (request as Request & { user?: AuthenticatedClient }).user;
    // A token outlives configuration changes; a client removed from the configuration reads nothing.
    if (!client || !this.byClient.has(client.clientId)) throw new OneRosterRequestError('forbidden', 'This client is no longer configured on this provider');
    const access = this.byClient.get(client.clientId);
    if (!access) return UNRESTRICTED;
    if (access.entities && !access.entities.includes(entity)) {
      throw new OneRosterRequestError('forbidden', `This client may not read ${entity}`);
    }
    const hidden: HiddenFields = new Set(access.hiddenFields?.[entity] ?? []);
    const constraint = access.orgs ? orgConstraint(entity, await this.orgSet(client.clientId, access.orgs)) : [];
    return { constraint, hidden };
  }

  /** The configured orgs and their children, resolved in the source (a district's schools change rarely). */
  private async orgSet(clientId: string, configured: readonly string[]): Promise<string[]> {
    const cached = this.orgSets.get(clientId);
    if (cached && cached.until > Date.now()) return cached.ids;
    let ids = [...configured];
    if (this.reader.serves('orgs')) {
      const page = await this.reader.page(
        { entity: 'orgs', constraint: [{ kind: 'any', of: [[fieldEqualsAny('sourcedId', configured)], [fieldEqualsAny('parent.sourcedId', configured)]] }], fields: ['sourcedId'], limit: 10_000, offset: 0 },
        '',
        false,
      );
      ids = [...new Set([...configured, ...page.records.map((record) => String(record.sourcedId))])];
    }
    this.orgSets.set(clientId, { ids, until: Date.now() + ORG_SET_TTL_MS });
    return ids;
  }
}

/** The records of `entity` that belong to the orgs `orgIds`, as constraints over mapped fields. */
export function orgConstraint(entity: EntityName, orgIds: readonly string[]): RouteConstraint[] {
  switch (entity) {
    case 'orgs':
      return [fieldEqualsAny('sourcedId', orgIds)];
    case 'users':
      return [fieldEqualsAny('orgs.sourcedId', orgIds)];
    case 'demographics':
      return [fieldIn('sourcedId', 'users', 'sourcedId', orgConstraint('users', orgIds))];
    case 'classes':
    case 'enrollments':
      return [fieldEqualsAny('school.sourcedId', orgIds)];
    case 'courses':
      return [fieldEqualsAny('org.sourcedId', orgIds)];
    case 'academicSessions': {
      const taught: RouteConstraint[] = [fieldIn('sourcedId', 'classes', 'terms', orgConstraint('classes', orgIds))];
      // Also the school years above them and the grading periods within them.
      const parents = [fieldIn('sourcedId', 'academicSessions', 'parent', taught)];
      const children = [fieldIn('parent', 'academicSessions', 'sourcedId', taught)];
      return [{ kind: 'any', of: [taught, parents, children] }];
    }
  }
}
