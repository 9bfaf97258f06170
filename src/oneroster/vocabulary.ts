/**
 * OneRoster enumerations (spec §5), exactly as the spec spells them. Where 1.2 widened a
 * vocabulary, a mapping may use either version's values; each version's serializer translates
 * what it cannot express (version-fields.ts).
 */
export const STATUS_TYPES = ['active', 'tobedeleted'] as const;
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export const ORG_TYPES = ['department', 'district', 'local', 'national', 'school', 'state'] as const;
export const CLASS_TYPES = ['homeroom', 'scheduled'] as const;
export const ROLE_TYPES_V1P1 = ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'] as const;
/** 1.2's administrators; 1.1 calls all of them `administrator`. */
export const ADMINISTRATOR_ROLES_V1P2 = ['counselor', 'districtAdministrator', 'principal', 'siteAdministrator', 'systemAdministrator'] as const;
export const ROLE_TYPES = [...ROLE_TYPES_V1P1, ...ADMINISTRATOR_ROLES_V1P2] as const;
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
export const GENDER_TYPES_V1P1 = ['male', 'female'] as const;
export const GENDER_TYPES = [...GENDER_TYPES_V1P1, 'unspecified', 'other'] as const;

/** The SDS user-flag values (sds.md §3.4); `reducedLunch` is documented by SDS but fails its Postman check. */
export const SDS_USER_FLAGS = ['freeLunch', 'reducedLunch', 'homeless', 'giftedOrTalented', '504', 'ELL', 'LEP', 'IEP'] as const;
