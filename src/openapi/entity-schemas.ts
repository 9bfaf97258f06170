import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { ENTITY_CATALOGUE, ENTITY_NAMES, EntityName, GuidRefType } from '../oneroster/entity-catalogue';
import { PublicFieldType, publicFields, vocabularyValue } from '../oneroster/version-fields';
import type { OneRosterVersion } from '../oneroster/versions';
import { ROLE_TYPES } from '../oneroster/vocabulary';
import { SchemaNames, schemaNames, schemaRef } from './schema-names';

type Schema = SchemaObject | ReferenceObject;

/** 1.2 lets every vocabulary but `status` carry a proprietary `ext:` value (oneroster-spec §3.3); 1.1 has no such mechanism. */
const EXTENSION_PATTERN = '(ext:)[a-zA-Z0-9\\.\\-_]+';
const CLOSED_VOCABULARIES = new Set(['status']);

/**
 * The response-body schemas of one version, generated from the fields that version shows
 * (version-fields.ts): each entity, its collection and single-object wrappers, the GUIDRefs, and
 * the small types they use. The shapes follow the official definitions: 1.1's JSON booleans and one
 * GUIDRef for every type, 1.2's "true"/"false" strings, closed objects and a GUIDRef per type.
 */
export function entitySchemas(version: OneRosterVersion): Record<string, SchemaObject> {
  const names = schemaNames(version);
  const schemas: Record<string, SchemaObject> = {};
  for (const entity of ENTITY_NAMES) {
    schemas[names.entity(entity)] = entitySchema(version, names, entity);
    schemas[names.set(entity)] = setSchema(version, names, entity);
    schemas[names.single(entity)] = closed(version, {
      type: 'object',
      description: `A single ${ENTITY_CATALOGUE[entity].singleKey}.`,
      properties: { [ENTITY_CATALOGUE[entity].singleKey]: schemaRef(names.entity(entity)) },
      required: [ENTITY_CATALOGUE[entity].singleKey],
    });
  }
  for (const [name, schema] of guidRefSchemas(version, names)) schemas[name] = schema;
  schemas[names.userId] = closed(version, {
    type: 'object',
    description: "One of the user's identifiers in another system: `type` names the system (the mapping's key), `identifier` is the value.",
    properties: { type: { type: 'string' }, identifier: { type: 'string' } },
    required: ['type', 'identifier'],
  });
  if (version.id === 'v1p2') schemas[names.role] = roleSchema(version, names);
  schemas[names.metadata] = {
    type: 'object',
    description: 'Extension container: every non-standard value is carried here.',
    properties: {},
    additionalProperties: true,
  };
  return schemas;
}

function entitySchema(version: OneRosterVersion, names: SchemaNames, entity: EntityName): SchemaObject {
  const fields = publicFields(version, entity);
  const properties: Record<string, Schema> = {};
  for (const field of fields) properties[field.name] = fieldSchema(version, names, entity, field.name, field.type);
  return closed(version, {
    type: 'object',
    description: `A OneRoster ${version.label} ${ENTITY_CATALOGUE[entity].singleKey}. Optional fields without a value are left out, never null.`,
    properties,
    required: fields.filter((field) => field.required).map((field) => field.name),
  });
}

function setSchema(version: OneRosterVersion, names: SchemaNames, entity: EntityName): SchemaObject {
  const key = ENTITY_CATALOGUE[entity].collectionKey;
  const properties: Record<string, Schema> = { [key]: { type: 'array', items: schemaRef(names.entity(entity)) } };
  if (version.partialSuccess) {
    properties.statusInfoSet = {
      type: 'array',
      description: 'Warnings next to the data (partial success): one entry per unknown `fields` or `sort` entry, with codeMajor `success` and severity `warning`. Absent when there is nothing to report.',
      items: schemaRef(names.statusInfo),
    };
  }
  return closed(version, { type: 'object', description: `A page of ${key}.`, properties });
}

function fieldSchema(version: OneRosterVersion, names: SchemaNames, entity: EntityName, field: string, type: PublicFieldType): Schema {
  switch (type.kind) {
    case 'string':
      return { type: 'string' };
    case 'datetime':
      return { type: 'string', format: 'date-time', description: 'UTC, with milliseconds: YYYY-MM-DDTHH:mm:ss.SSSZ.' };
    case 'date':
      return { type: 'string', format: 'date' };
    case 'boolean':
      return booleanSchema(version);
    case 'enum':
      return vocabularySchema(version, field, versionValues(version, entity, field, type.values));
    case 'ref':
      return schemaRef(names.guidRef(ENTITY_CATALOGUE[type.target].refType));
    case 'refList':
      return { type: 'array', items: schemaRef(names.guidRef(ENTITY_CATALOGUE[type.target].refType)) };
    case 'stringList':
      return { type: 'array', items: { type: 'string' } };
    case 'identifierList':
      return { type: 'array', items: schemaRef(names.userId) };
    case 'metadata':
      return schemaRef(names.metadata);
    case 'roles':
      return { type: 'array', description: 'One primary role per org of the user.', items: schemaRef(names.role) };
  }
}

function booleanSchema(version: OneRosterVersion): SchemaObject {
  return version.booleans === 'json' ? { type: 'boolean' } : { type: 'string', enum: ['true', 'false'] };
}

/** The catalogue's values as this version spells them; values it cannot express drop out (1.1 has two sexes). */
function versionValues(version: OneRosterVersion, entity: EntityName, field: string, values: readonly string[]): string[] {
  const spelled = new Set(values.map((value) => vocabularyValue(version, entity, field, value)).filter((value): value is string => value !== undefined));
  // In the vocabulary's own order (1.2's systemAdministrator stands where it is listed, not where administrator was).
  const position = (value: string) => (values.includes(value) ? values.indexOf(value) : values.length);
  return [...spelled].sort((a, b) => position(a) - position(b));
}

function vocabularySchema(version: OneRosterVersion, field: string, values: readonly string[]): SchemaObject {
  const closedSchema: SchemaObject = { type: 'string', enum: [...values] };
  if (version.id === 'v1p1' || CLOSED_VOCABULARIES.has(field)) return closedSchema;
  return { anyOf: [closedSchema, { type: 'string', pattern: EXTENSION_PATTERN }] };
}

/** The GUIDRef types this version's objects point at: the targets of every reference field. */
function guidRefSchemas(version: OneRosterVersion, names: SchemaNames): Array<[string, SchemaObject]> {
  const types = new Set<GuidRefType>();
  for (const entity of ENTITY_NAMES) {
    for (const field of publicFields(version, entity)) {
      if (field.type.kind === 'ref' || field.type.kind === 'refList') types.add(ENTITY_CATALOGUE[field.type.target].refType);
      if (field.type.kind === 'roles') types.add(ENTITY_CATALOGUE.orgs.refType);
    }
  }
  const guidRef = (refTypes: GuidRefType[]): SchemaObject =>
    closed(version, {
      type: 'object',
      description: 'A reference to another object: `href` is the absolute URL of its GET endpoint in this version.',
      properties: { href: { type: 'string', format: 'uri' }, sourcedId: { type: 'string' }, type: { type: 'string', enum: refTypes } },
      required: ['href', 'sourcedId', 'type'],
    });
  // 1.1 has one GUIDRef schema whose type enum covers every target; 1.2 one per target type.
  if (version.id === 'v1p1') return [[names.guidRef('org'), guidRef([...types])]];
  return [...types].map((type) => [names.guidRef(type), guidRef([type])]);
}

function roleSchema(version: OneRosterVersion, names: SchemaNames): SchemaObject {
  return closed(version, {
    type: 'object',
    description: "One of the user's roles: the role in one org. Every org of the user has exactly one primary role.",
    properties: {
      roleType: { type: 'string', enum: ['primary', 'secondary'] },
      role: vocabularySchema(version, 'role', versionValues(version, 'users', 'role', ROLE_TYPES)),
      org: schemaRef(names.guidRef(ENTITY_CATALOGUE.orgs.refType)),
      userProfile: { type: 'string', format: 'uri' },
      beginDate: { type: 'string', format: 'date' },
      endDate: { type: 'string', format: 'date' },
    },
    required: ['roleType', 'role', 'org'],
  });
}

/** 1.2's objects list every property they may have (`additionalProperties: false`); 1.1's do not say. */
function closed(version: OneRosterVersion, schema: SchemaObject): SchemaObject {
  return version.id === 'v1p2' ? { ...schema, additionalProperties: false } : schema;
}
