import { ENTITY_CATALOGUE, EntityName, FieldSpec, FieldType, servedIn } from './entity-catalogue';
import type { OneRosterVersion } from './versions';
import { ADMINISTRATOR_ROLES_V1P2, GENDER_TYPES_V1P1 } from './vocabulary';

/**
 * What each version shows of an entity, field by field, over the one set of mapped fields
 * (entity-catalogue.ts). Most fields are shown as mapped; 1.2 shows a user's `role` and `orgs` as
 * `roles[]` (oneroster-spec §10), and each version translates the vocabulary values it cannot
 * express. Request parsing (fields, sort, filter) and serialization both read this table.
 */
export interface PublicField {
  readonly name: string;
  readonly type: PublicFieldType;
  /** Required in this version's responses (and so emitted as [] when a required list is empty). */
  readonly required: boolean;
  /** The mapped fields this one is built from, selected from the database when it is requested. */
  readonly needs: readonly string[];
  /**
   * Filter paths this field answers, as paths over the mapped fields (`roles.role` → `role`).
   * Absent: the field's own name and, for references, `<name>.sourcedId`.
   */
  readonly filterPaths?: Readonly<Record<string, string>>;
}

/** 1.2's `roles`: one `{ roleType, role, org }` per org of the user. */
export type PublicFieldType = FieldType | { kind: 'roles' };

const ROLES_FIELD: PublicField = {
  name: 'roles',
  type: { kind: 'roles' },
  required: true,
  needs: ['role', 'orgs'],
  filterPaths: { 'roles.role': 'role', 'roles.org': 'orgs', 'roles.org.sourcedId': 'orgs.sourcedId' },
};

const cache = new Map<string, readonly PublicField[]>();

/** Field names a client may not see (its `access.hiddenFields` for the entity); `metadata.<key>` hides one extension. */
export type HiddenFields = ReadonlySet<string>;
export const NOTHING_HIDDEN: HiddenFields = new Set();

/**
 * The fields a version serves for an entity, less those hidden from the client: a field is hidden
 * when its own name is, or any mapped field it is built from (hiding `orgs` hides 1.2's `roles`).
 */
export function publicFields(version: OneRosterVersion, entity: EntityName, hidden: HiddenFields = NOTHING_HIDDEN): readonly PublicField[] {
  const key = `${version.id}:${entity}`;
  let fields = cache.get(key);
  if (!fields) {
    fields = buildPublicFields(version, entity);
    cache.set(key, fields);
  }
  if (hidden.size === 0) return fields;
  return fields.filter((field) => !hidden.has(field.name) && !field.needs.some((need) => hidden.has(need)));
}

function buildPublicFields(version: OneRosterVersion, entity: EntityName): PublicField[] {
  const fields: PublicField[] = [];
  for (const spec of ENTITY_CATALOGUE[entity].fields) {
    if (!servedIn(spec, version.id)) continue;
    if (version.id === 'v1p2' && entity === 'users' && spec.name === 'orgs') continue;
    if (version.id === 'v1p2' && entity === 'users' && spec.name === 'role') {
      fields.push(ROLES_FIELD);
      continue;
    }
    fields.push(asPublic(spec, version));
  }
  return fields;
}

function asPublic(spec: FieldSpec, version: OneRosterVersion): PublicField {
  // 1.2 made username optional ("kept for backwards compatibility"); mappings still feed it.
  const required = version.id === 'v1p2' && spec.name === 'username' ? false : spec.required;
  return { name: spec.name, type: spec.type, required, needs: [spec.name] };
}

export function publicField(version: OneRosterVersion, entity: EntityName, name: string, hidden: HiddenFields = NOTHING_HIDDEN): PublicField | undefined {
  return publicFields(version, entity, hidden).find((field) => field.name === name);
}

/** The mapped fields to select for the requested public ones (all the client may see when none are named). */
export function mappedFieldsFor(version: OneRosterVersion, entity: EntityName, requested: readonly string[] | undefined, hidden: HiddenFields = NOTHING_HIDDEN): string[] {
  const visible = publicFields(version, entity, hidden);
  const fields = requested ? visible.filter((field) => requested.includes(field.name)) : visible;
  return [...new Set(fields.flatMap((field) => field.needs))];
}

/**
 * A mapped vocabulary value as this version spells it, or undefined when it has no spelling (the
 * field is then left out). 1.1 calls every 1.2 administrator `administrator` and knows only two
 * sexes; 1.2 has no plain `administrator`, and oneroster-spec §10 recommends systemAdministrator
 * when the org's level is unknown (a mapping that knows it maps the SIS code to the 1.2 value).
 */
export function vocabularyValue(version: OneRosterVersion, entity: EntityName, field: string, value: string): string | undefined {
  if (entity === 'users' && field === 'role') {
    if (version.id === 'v1p1') return (ADMINISTRATOR_ROLES_V1P2 as readonly string[]).includes(value) ? 'administrator' : value;
    return value === 'administrator' ? 'systemAdministrator' : value;
  }
  if (entity === 'demographics' && field === 'sex' && version.id === 'v1p1') {
    return (GENDER_TYPES_V1P1 as readonly string[]).includes(value) ? value : undefined;
  }
  return value;
}

/** The mapped values a version's value stands for (the inverse of vocabularyValue), for filters. */
export function mappedVocabularyValues(version: OneRosterVersion, entity: EntityName, field: string, value: string): string[] {
  if (entity === 'users' && field === 'role') {
    if (version.id === 'v1p1') return value === 'administrator' ? ['administrator', ...ADMINISTRATOR_ROLES_V1P2] : [value];
    if (value === 'systemAdministrator') return ['systemAdministrator', 'administrator'];
    return value === 'administrator' ? [] : [value];
  }
  if (entity === 'demographics' && field === 'sex' && version.id === 'v1p1') {
    return (GENDER_TYPES_V1P1 as readonly string[]).includes(value) ? [value] : [];
  }
  return [value];
}
