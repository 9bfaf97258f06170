import { CLASS_TYPES, ENROLLMENT_ROLES, GENDER_TYPES, ORG_TYPES, ROLE_TYPES, SESSION_TYPES, STATUS_TYPES } from './vocabulary';
import type { OneRosterVersionId } from './versions';

/**
 * The OneRoster rostering entities as the mappings see them: every field a mapping can feed, its
 * type, whether a mapping must feed it, and which versions serve it. Mapping validation, request
 * parsing and serialization all read this table, so a field is added in one place. What each
 * version shows on the wire (1.2's `roles` built from `role` and `orgs`) is version-fields.ts.
 */
export type EntityName = 'academicSessions' | 'orgs' | 'users' | 'classes' | 'enrollments' | 'courses' | 'demographics';

/** The GUIDRef `type` values we emit: always the generic ones, valid in 1.1 and 1.2 alike. */
export type GuidRefType = 'academicSession' | 'org' | 'user' | 'class' | 'course' | 'enrollment' | 'demographics';

export type FieldType =
  | { kind: 'string' }
  | { kind: 'datetime' }
  | { kind: 'date' }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'ref'; target: EntityName }
  | { kind: 'refList'; target: EntityName }
  | { kind: 'stringList' }
  /** `userIds`: `[{ type, identifier }]`, one entry per identifier type the mapping names. */
  | { kind: 'identifierList' }
  | { kind: 'metadata' };

export interface FieldSpec {
  readonly name: string;
  readonly type: FieldType;
  /** Required by the 1.1 information model or by what SDS checks; an unmapped required field is a mapping error. */
  readonly required: boolean;
  /** The versions that serve the field; absent: every version. */
  readonly versions?: readonly OneRosterVersionId[];
}

export interface EntitySpec {
  readonly name: EntityName;
  /** Wrapper key of a collection response, e.g. `users`. */
  readonly collectionKey: string;
  /** Wrapper key of a single-object response, e.g. `user`. */
  readonly singleKey: string;
  readonly refType: GuidRefType;
  readonly fields: readonly FieldSpec[];
}

const str = { kind: 'string' } as const;
const date = { kind: 'date' } as const;
const bool = { kind: 'boolean' } as const;
const strings = { kind: 'stringList' } as const;
const enumOf = (values: readonly string[]) => ({ kind: 'enum', values }) as const;
const ref = (target: EntityName) => ({ kind: 'ref', target }) as const;
const refs = (target: EntityName) => ({ kind: 'refList', target }) as const;
const f = (name: string, type: FieldType, required = false): FieldSpec => ({ name, type, required });
/** A field only OneRoster 1.2 defines; optional in mappings, absent from 1.1 responses. */
const v1p2 = (name: string, type: FieldType): FieldSpec => ({ name, type, required: false, versions: ['v1p2'] });

const BASE_FIELDS: FieldSpec[] = [
  f('sourcedId', str, true),
  f('status', enumOf(STATUS_TYPES), true),
  f('dateLastModified', { kind: 'datetime' }, true),
];

/** Extensions go last in every object, after the entity's own fields. */
const METADATA_FIELD = f('metadata', { kind: 'metadata' });

const entity = (name: EntityName, singleKey: string, refType: GuidRefType, fields: FieldSpec[]): EntitySpec => ({
  name,
  collectionKey: name,
  singleKey,
  refType,
  fields: [...BASE_FIELDS, ...fields, METADATA_FIELD],
});

export const ENTITY_CATALOGUE: Readonly<Record<EntityName, EntitySpec>> = {
  academicSessions: entity('academicSessions', 'academicSession', 'academicSession', [
    f('title', str, true),
    f('startDate', date, true),
    f('endDate', date, true),
    f('type', enumOf(SESSION_TYPES), true),
    f('parent', ref('academicSessions')),
    f('children', refs('academicSessions')),
    f('schoolYear', str, true),
  ]),
  orgs: entity('orgs', 'org', 'org', [
    f('name', str, true),
    f('type', enumOf(ORG_TYPES), true),
    f('identifier', str, true),
    f('parent', ref('orgs')),
    f('children', refs('orgs')),
  ]),
  users: entity('users', 'user', 'user', [
    v1p2('userMasterIdentifier', str),
    f('username', str, true),
    f('userIds', { kind: 'identifierList' }),
    f('enabledUser', bool, true),
    f('givenName', str, true),
    f('familyName', str, true),
    f('middleName', str),
    v1p2('preferredFirstName', str),
    v1p2('preferredMiddleName', str),
    v1p2('preferredLastName', str),
    v1p2('pronouns', str),
    // 1.2 serves role and orgs as roles[] (version-fields.ts).
    f('role', enumOf(ROLE_TYPES), true),
    v1p2('primaryOrg', ref('orgs')),
    f('identifier', str),
    f('email', str),
    f('sms', str),
    f('phone', str),
    f('agents', refs('users')),
    f('orgs', refs('orgs'), true),
    f('grades', strings),
  ]),
  classes: entity('classes', 'class', 'class', [
    f('title', str, true),
    f('classCode', str),
    f('classType', enumOf(CLASS_TYPES), true),
    f('location', str),
    f('grades', strings),
    f('subjects', strings),
    f('course', ref('courses'), true),
    f('school', ref('orgs'), true),
    f('terms', refs('academicSessions'), true),
    f('subjectCodes', strings),
    f('periods', strings),
  ]),
  enrollments: entity('enrollments', 'enrollment', 'enrollment', [
    f('user', ref('users'), true),
    f('class', ref('classes'), true),
    f('school', ref('orgs'), true),
    f('role', enumOf(ENROLLMENT_ROLES), true),
    f('primary', bool),
    f('beginDate', date),
    f('endDate', date),
  ]),
  courses: entity('courses', 'course', 'course', [
    f('title', str, true),
    f('schoolYear', ref('academicSessions')),
    f('courseCode', str, true),
    f('grades', strings),
    f('subjects', strings),
    f('org', ref('orgs'), true),
    f('subjectCodes', strings),
  ]),
  demographics: entity('demographics', 'demographics', 'demographics', [
    f('birthDate', date),
    f('sex', enumOf(GENDER_TYPES)),
    f('americanIndianOrAlaskaNative', bool),
    f('asian', bool),
    f('blackOrAfricanAmerican', bool),
    f('nativeHawaiianOrOtherPacificIslander', bool),
    f('white', bool),
    f('demographicRaceTwoOrMoreRaces', bool),
    f('hispanicOrLatinoEthnicity', bool),
    f('countryOfBirthCode', str),
    f('stateOfBirthAbbreviation', str),
    f('cityOfBirth', str),
    f('publicSchoolResidenceStatus', str),
  ]),
};

export const ENTITY_NAMES = Object.keys(ENTITY_CATALOGUE) as EntityName[];

export function isEntityName(name: string): name is EntityName {
  return Object.prototype.hasOwnProperty.call(ENTITY_CATALOGUE, name);
}

export function servedIn(spec: FieldSpec, version: OneRosterVersionId): boolean {
  return !spec.versions || spec.versions.includes(version);
}

export function fieldSpec(entity: EntityName, field: string): FieldSpec | undefined {
  return ENTITY_CATALOGUE[entity].fields.find((candidate) => candidate.name === field);
}
