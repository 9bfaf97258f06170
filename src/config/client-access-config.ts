import { ArrayNotEmpty, ArrayUnique, IsArray, IsIn, IsObject, IsOptional, IsString, Matches } from 'class-validator';
import { ENTITY_NAMES, EntityName } from '../oneroster/entity-catalogue';

/**
 * What one client may read, beyond its OAuth scopes (oneroster-spec §9: the provider answers for
 * data privacy). Everything unset means "no further restriction". Checked and pushed into SQL on
 * every route as its own predicate group, so no client filter can widen it.
 */
export class ClientAccessConfig {
  /**
   * sourcedIds of the orgs (schools, or a district: then it and its schools) whose data the
   * client sees: users of those orgs, their classes, enrollments, courses, the sessions those
   * classes are taught in, the users' demographics.
   */
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsString({ each: true }) @Matches(/^[^\s'"]{1,200}$/, { each: true, message: 'orgs entries must be sourcedIds (no spaces or quotes)' })
  orgs?: string[];

  /** The entities the client may read at all; any other is 403 on every route that answers it. */
  @IsOptional() @IsArray() @ArrayNotEmpty() @ArrayUnique() @IsIn(ENTITY_NAMES, { each: true })
  entities?: EntityName[];

  /**
   * Fields left out of every response to this client and unknown to its filters, sorts and
   * field selections, per entity: `{ users: [agents, metadata.microsoft.userFlags] }`. A
   * `metadata.<key>` entry hides one extension property.
   */
  @IsOptional() @IsObject()
  hiddenFields?: Partial<Record<EntityName, string[]>>;
}
