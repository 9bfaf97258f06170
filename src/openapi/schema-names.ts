import type { EntityName, GuidRefType } from '../oneroster/entity-catalogue';
import type { OneRosterVersion } from '../oneroster/versions';

/**
 * Component names as each official definition spells them, so a consumer (or a diff against the
 * official file) finds `UserSetDType` in our 1.2 document and `Users.Type` in our 1.1 one.
 */
export interface SchemaNames {
  /** One object, e.g. `UserDType` / `User.Type`. */
  entity(entity: EntityName): string;
  /** A collection response, e.g. `UserSetDType` / `Users.Type`. */
  set(entity: EntityName): string;
  /** A single-object response, e.g. `SingleUserDType` / `SingleUser.Type`. */
  single(entity: EntityName): string;
  /** A GUIDRef to an object of this type: 1.2 has one schema per type, 1.1 one for all. */
  guidRef(type: GuidRefType): string;
  readonly userId: string;
  /** 1.2 only: one entry of a user's `roles`. */
  readonly role: string;
  readonly metadata: string;
  readonly statusInfo: string;
  readonly codeMinor: string;
  readonly codeMinorField: string;
}

/** 1.1's names are irregular (IMS generated them), so they are listed rather than derived. */
const V1P1_ENTITY_NAMES: Readonly<Record<EntityName, { entity: string; set: string; single: string }>> = {
  academicSessions: { entity: 'AcademicSession.Type', set: 'MultipleAcademicSessions.Type', single: 'SingleAcademicSession.Type' },
  orgs: { entity: 'Org.Type', set: 'Orgs.Type', single: 'SingleOrg.Type' },
  users: { entity: 'User.Type', set: 'Users.Type', single: 'SingleUser.Type' },
  classes: { entity: 'Class.Type', set: 'Classes.Type', single: 'SingleClass.Type' },
  enrollments: { entity: 'Enrollment.Type', set: 'Enrollments.Type', single: 'SingleEnrollment.Type' },
  courses: { entity: 'Course.Type', set: 'Courses.Type', single: 'SingleCourse.Type' },
  demographics: { entity: 'Demographic.Type', set: 'Demographics.Type', single: 'SingleDemographics.Type' },
};

const V1P1_NAMES: SchemaNames = {
  entity: (entity) => V1P1_ENTITY_NAMES[entity].entity,
  set: (entity) => V1P1_ENTITY_NAMES[entity].set,
  single: (entity) => V1P1_ENTITY_NAMES[entity].single,
  guidRef: () => 'GUIDRef.Type',
  userId: 'UserId.Type',
  role: 'Role.Type',
  metadata: 'Metadata.Type',
  statusInfo: 'imsx_StatusInfo.Type',
  codeMinor: 'imsx_CodeMinor.Type',
  codeMinorField: 'imsx_CodeMinorField.Type',
};

/** 1.2 names follow the singular wrapper key: `user` → `UserDType`, `UserSetDType`, `SingleUserDType`. */
const V1P2_STEMS: Readonly<Record<EntityName, string>> = {
  academicSessions: 'AcademicSession',
  orgs: 'Org',
  users: 'User',
  classes: 'Class',
  enrollments: 'Enrollment',
  courses: 'Course',
  demographics: 'Demographics',
};

const V1P2_NAMES: SchemaNames = {
  entity: (entity) => `${V1P2_STEMS[entity]}DType`,
  set: (entity) => `${V1P2_STEMS[entity]}SetDType`,
  single: (entity) => `Single${V1P2_STEMS[entity]}DType`,
  guidRef: (type) => (type === 'academicSession' ? 'AcadSessionGUIDRefDType' : `${type[0].toUpperCase()}${type.slice(1)}GUIDRefDType`),
  userId: 'UserIdDType',
  role: 'RoleDType',
  metadata: 'MetadataDType',
  statusInfo: 'imsx_StatusInfoDType',
  codeMinor: 'imsx_CodeMinorDType',
  codeMinorField: 'imsx_CodeMinorFieldDType',
};

export function schemaNames(version: OneRosterVersion): SchemaNames {
  return version.id === 'v1p1' ? V1P1_NAMES : V1P2_NAMES;
}

/** A JSON reference to a component schema. */
export function schemaRef(name: string): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}
