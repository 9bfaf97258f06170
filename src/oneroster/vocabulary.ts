/** OneRoster 1.1 enumerations (spec §5), exactly as the spec spells them. */
export const STATUS_TYPES = ['active', 'tobedeleted'] as const;
export const SESSION_TYPES = ['gradingPeriod', 'semester', 'schoolYear', 'term'] as const;
export const ORG_TYPES = ['department', 'district', 'local', 'national', 'school', 'state'] as const;
export const CLASS_TYPES = ['homeroom', 'scheduled'] as const;
export const ROLE_TYPES = ['administrator', 'aide', 'guardian', 'parent', 'proctor', 'relative', 'student', 'teacher'] as const;
export const ENROLLMENT_ROLES = ['administrator', 'proctor', 'student', 'teacher'] as const;
export const GENDER_TYPES = ['male', 'female'] as const;

/** The SDS user-flag values (sds.md §3.4); `reducedLunch` is documented by SDS but fails its Postman check. */
export const SDS_USER_FLAGS = ['freeLunch', 'reducedLunch', 'homeless', 'giftedOrTalented', '504', 'ELL', 'LEP', 'IEP'] as const;
