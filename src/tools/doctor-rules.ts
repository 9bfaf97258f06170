import type { EntityName } from '../oneroster/entity-catalogue';
import { CLASS_TYPES, ORG_TYPES, ROLE_TYPES_V1P1, SDS_USER_FLAGS, SESSION_TYPES } from '../oneroster/vocabulary';

/**
 * The SDS validation rules `npm run doctor` applies, as data: what each rule checks, how severe
 * a failure is, and the plain value tests behind them. Sources: ../shared/docs/sds.md §0 (the
 * twelve things), §2 (validation rules: required data failing is an error, optional data a
 * warning), §3 (lists of values) and oneroster-spec.md §3–§4. The stateful checking is
 * doctor-check.ts; this file has no state.
 */
export type DoctorSeverity = 'error' | 'warning' | 'info';

export interface RuleSpec {
  readonly severity: DoctorSeverity;
  /** What the rule asks for, and where it comes from. */
  readonly description: string;
}

/** Rules whose name does not depend on a field; `required.<field>`, `reference.<field>` and `date-format.<field>` are built by ruleSpec(). */
export const DOCTOR_RULES = {
  'sourcedId-string': { severity: 'error', description: 'sourcedId and every GUIDRef sourcedId must be a non-empty JSON string (sds.md §0 #4)' },
  'duplicate-sourcedId': { severity: 'error', description: 'sourcedIds must be unique within an entity (sds.md §2.1)' },
  'dateLastModified-format': { severity: 'error', description: 'dateLastModified must be exactly YYYY-MM-DDTHH:mm:ss.SSSZ (sds.md §0 #3)' },
  'status-value': { severity: 'error', description: "status must be 'active' or 'tobedeleted' (oneroster-spec §3.1)" },
  'schoolYear-format': { severity: 'error', description: 'schoolYear must be a 4-digit string, the year the school year ends (sds.md §0 #9)' },
  'duplicate-username': { severity: 'error', description: 'usernames of students and teachers must be unique: SDS matches them to accounts (sds.md §2.4); compared ignoring case' },
  'duplicate-email': { severity: 'warning', description: 'emails should be unique among users: SDS may match users by email (sds.md §2.4); compared ignoring case' },
  'email-format': { severity: 'warning', description: 'email should be an address (RFC 5322); SDS drops one that is not (sds.md §2.1)' },
  'contact-email': { severity: 'error', description: 'contacts (guardian, parent, relative) need givenName, familyName and email (sds.md §2.3, §0 #10)' },
  'contact-agents': { severity: 'error', description: "a contact's agents must be students, and at least one (sds.md §0 #10)" },
  'agents-bidirectional': { severity: 'error', description: 'a contact and a student must list each other as agents: this record lists one that does not list it back (sds.md §0 #10, §3.5)' },
  'teacher-agent': { severity: 'error', description: 'teachers must not be agents of students (oneroster-spec §4.3)' },
  'enrollment-role': { severity: 'warning', description: "the enrolled user's role should fit the enrollment role (a student enrolled as student, staff as teacher/aide/proctor/administrator)" },
  'demographics-user': { severity: 'warning', description: 'a demographics record should carry the sourcedId of a served user (oneroster-spec §4.7)' },
  'vocabulary.type': { severity: 'warning', description: 'type must come from the OneRoster 1.1 list SDS checks (sds.md §3.1, §3.6)' },
  'vocabulary.role': { severity: 'warning', description: 'role must come from the OneRoster 1.1 role list SDS checks (sds.md §3.2)' },
  'vocabulary.classType': { severity: 'warning', description: "classType must be 'homeroom' or 'scheduled' (oneroster-spec §4.4)" },
  'vocabulary.grades': { severity: 'warning', description: 'grades should come from the SDS grade list (sds.md §3.3; matched ignoring case, 1 = 01)' },
  'sds-role': { severity: 'info', description: "'aide' has no SDS role of its own: SDS files it as 'other' unless the SDS admin maps it (sds.md §3.2)" },
  'user-flags': { severity: 'warning', description: 'metadata["microsoft.userFlags"]: only freeLunch, reducedLunch, homeless, giftedOrTalented, 504, ELL, LEP, IEP, comma-separated, no spaces, no repeats (sds.md §3.4, §0 #11)' },
  'user-flags.reducedLunch': { severity: 'info', description: "reducedLunch is an SDS flag, but the SDS Postman collection's check rejects it (sds.md §3.4)" },
  'phone-e164': { severity: 'warning', description: 'phone should be E.164 (+ and 7 to 15 digits); SDS keeps other forms as received (sds.md §2.1, §2.3)' },
  'sms-e164': { severity: 'warning', description: 'sms should be E.164 (+ and 7 to 15 digits); SDS keeps other forms as received (sds.md §2.1, §2.3)' },
  'phone-left-out': { severity: 'warning', description: "the SIS has a phone the mapping's e164 expression cannot normalise, so the record is served without it: correct it in the SIS" },
  'sms-left-out': { severity: 'warning', description: "the SIS has an sms number the mapping's e164 expression cannot normalise, so the record is served without it: correct it in the SIS" },
  'username-at-sign': { severity: 'info', description: "a student's or teacher's username contains '@': SDS classic appends the domain itself (sds.md §2.3, §5.2 #16); current SDS expects it" },
  'read-failed': { severity: 'error', description: 'the entity could not be read completely through the mapping; the API fails the same way' },
  'page-too-large': { severity: 'warning', description: 'a page of 5,000 records (what SDS asks for) failed and was read in smaller pages; the API fails the same way for such a limit' },
} as const satisfies Record<string, RuleSpec>;

export type FixedRule = keyof typeof DOCTOR_RULES;

/** The spec of a rule name, including the per-field families (`required.identifier`, `reference.orgs`, `date-format.startDate`). */
export function ruleSpec(rule: string, requiredField = false): RuleSpec {
  if (rule in DOCTOR_RULES) return DOCTOR_RULES[rule as FixedRule];
  const [family, field] = rule.split('.', 2);
  switch (family) {
    case 'required':
      return { severity: 'error', description: `${field} is required and must not be empty (oneroster-spec §4, sds.md §0 #9, §2.3)` };
    case 'reference':
      return requiredField
        ? { severity: 'error', description: `${field} must name records the API serves: SDS rejects records whose required references do not resolve (sds.md §2.3)` }
        : { severity: 'warning', description: `${field} names records the API does not serve (sds.md §2.3)` };
    case 'date-format':
      return { severity: requiredField ? 'error' : 'warning', description: `${field} must be a date written YYYY-MM-DD (sds.md §0 #9)` };
    default:
      throw new Error(`unknown doctor rule ${rule}`);
  }
}

/** The required fields SDS checks beyond the OneRoster catalogue's own (sds.md §0 #9). */
export const SDS_REQUIRED_FIELDS: Partial<Record<EntityName, readonly string[]>> = {
  users: ['identifier'],
};

/** Date fields per entity, and whether SDS requires them. */
export const DATE_FIELDS: Partial<Record<EntityName, ReadonlyArray<{ field: string; required: boolean }>>> = {
  academicSessions: [
    { field: 'startDate', required: true },
    { field: 'endDate', required: true },
  ],
  enrollments: [
    { field: 'beginDate', required: false },
    { field: 'endDate', required: false },
  ],
  demographics: [{ field: 'birthDate', required: false }],
};

/** The vocabularies SDS's Postman collection checks for OneRoster 1.1 (sds.md §3.1, §3.2, §3.6). */
export const VOCABULARIES: Partial<Record<EntityName, Readonly<Record<string, readonly string[]>>>> = {
  academicSessions: { type: SESSION_TYPES },
  orgs: { type: ORG_TYPES },
  users: { role: ROLE_TYPES_V1P1 },
  classes: { classType: CLASS_TYPES },
  enrollments: { role: ROLE_TYPES_V1P1 },
};

/** Entities whose records carry grades. */
export const GRADED_ENTITIES: readonly EntityName[] = ['users', 'classes', 'courses'];

/** SDS's grade levels (sds.md §3.3), lower case: matching ignores case and `1` stands for `01`. */
const SDS_GRADES = new Set([
  'it', 'pr', 'pk', 'tk', 'kg',
  ...Array.from({ length: 14 }, (_, index) => String(index + 1).padStart(2, '0')),
  ...Array.from({ length: 9 }, (_, index) => String(index + 1)),
  'ps', 'ug', 'other', 'ps1', 'ps2', 'ps3', 'ps4', 'undergraduate', 'graduate', 'postgraduate', 'alumni', 'adulteducation',
]);

export function isSdsGrade(grade: string): boolean {
  return SDS_GRADES.has(grade.toLowerCase());
}

/** OneRoster 1.1 contact roles: users SDS reads as contacts, not as members of an org (sds.md §3.2, §3.5). */
export const CONTACT_ROLES: readonly string[] = ['guardian', 'parent', 'relative'];
/** Roles that may teach or assist in a class. */
export const STAFF_ROLES: readonly string[] = ['teacher', 'administrator', 'aide', 'proctor'];

const DATE_TIME_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function isDateTimeMsZ(value: unknown): boolean {
  return typeof value === 'string' && DATE_TIME_MS_Z.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString() === value;
}

/** `YYYY-MM-DD` and a real calendar day. */
export function isDate(value: unknown): boolean {
  const match = typeof value === 'string' ? DATE.exec(value) : null;
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isSchoolYear(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}$/.test(value);
}

export function isE164(value: unknown): boolean {
  return typeof value === 'string' && E164.test(value);
}

export function isEmailAddress(value: unknown): boolean {
  return typeof value === 'string' && EMAIL.test(value);
}

/**
 * What is wrong with a `microsoft.userFlags` value (sds.md §3.4): the offending entries (empty
 * entries and spaces included), and whether it carries reducedLunch.
 */
export function userFlagProblems(value: unknown): { problems: string[]; reducedLunch: boolean } {
  if (typeof value !== 'string') return { problems: [`not a string: ${JSON.stringify(value)}`], reducedLunch: false };
  if (value === '') return { problems: ['(empty value: leave the key out)'], reducedLunch: false };
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const entry of value.split(',')) {
    if (entry === '') problems.push('(empty entry)');
    else if (/\s/.test(entry)) problems.push(`"${entry}" (spaces)`);
    else if (!(SDS_USER_FLAGS as readonly string[]).includes(entry)) problems.push(entry);
    else if (seen.has(entry)) problems.push(`${entry} (repeated)`);
    seen.add(entry);
  }
  return { problems, reducedLunch: seen.has('reducedLunch') };
}
