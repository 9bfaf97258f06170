import type { OneRosterRecord } from '../api/record-serializer';
import { presentRecord } from '../api/version-record';
import type { EntityName } from '../oneroster/entity-catalogue';
import { V1P1 } from '../oneroster/versions';
import { takeRawE164Inputs } from './doctor-raw-inputs';
import {
  CONTACT_ROLES,
  DATE_FIELDS,
  DoctorSeverity,
  GRADED_ENTITIES,
  isDate,
  isDateTimeMsZ,
  isE164,
  isEmailAddress,
  isSchoolYear,
  isSdsGrade,
  ruleSpec,
  SDS_REQUIRED_FIELDS,
  STAFF_ROLES,
  userFlagProblems,
  VOCABULARIES,
} from './doctor-rules';
import { DataFinding, isEmptyValue, referenceFields, RosterDataCheck, RosterRecord } from './roster-data-check';
import type { RosterSink } from './roster-walk';

/**
 * `npm run doctor`'s checks over every record exactly as the OneRoster 1.1 API serves it, fed
 * page by page by the walker (roster-walk.ts). The structural checks (duplicate sourcedIds,
 * empty required fields, references that do not resolve) are `mappings:check`'s
 * RosterDataCheck, fed the same records; the SDS rules of doctor-rules.ts are added here.
 *
 * Memory stays bounded by what the rules need across records, never whole records: per user its
 * sourcedId with a small role code, the usernames and emails seen (for uniqueness), the agent
 * links of students and contacts (for the bidirectional rule, until users are complete), and
 * per rule a count with up to MAX_DOCTOR_EXAMPLES examples.
 */
export interface DoctorFinding {
  readonly rule: string;
  readonly severity: DoctorSeverity;
  /** Records affected (1 for a problem of the walk itself). */
  readonly count: number;
  /** Up to MAX_DOCTOR_EXAMPLES sourcedIds of affected records. */
  readonly examples: readonly string[];
  /** For vocabulary and flag rules: up to MAX_DOCTOR_EXAMPLES offending values (never personal data). */
  readonly values?: readonly string[];
  /** For references: up to MAX_DOCTOR_EXAMPLES of the sourcedIds that do not resolve. */
  readonly missing?: readonly string[];
  readonly message: string;
}

export interface DoctorEntityReport {
  readonly entity: EntityName;
  readonly records: number;
  /** Sums of the counts of the entity's findings, by severity. */
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly findings: readonly DoctorFinding[];
}

export interface DoctorResult {
  readonly entities: readonly DoctorEntityReport[];
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
}

export const MAX_DOCTOR_EXAMPLES = 3;

const SEVERITY_ORDER: Record<DoctorSeverity, number> = { error: 0, warning: 1, info: 2 };

/** A user as later rules need it: role (1.1 vocabulary) and whether active, in one small number. */
const ROLE_CODES = ['student', 'teacher', 'administrator', 'aide', 'proctor', 'guardian', 'parent', 'relative', 'other'] as const;
const roleCode = (role: unknown, active: boolean) => {
  const index = (ROLE_CODES as readonly unknown[]).indexOf(role);
  return (index < 0 ? ROLE_CODES.length - 1 : index) * 2 + (active ? 1 : 0);
};
const roleOf = (code: number): string => ROLE_CODES[code >> 1];
const isActive = (code: number) => (code & 1) === 1;

/** Separates the two ends of an agent link in one string. */
const LINK = '\t';

class RuleTally {
  count = 0;
  readonly examples: string[] = [];
  readonly values: string[] = [];
  private last?: string;

  constructor(
    readonly rule: string,
    readonly severity: DoctorSeverity,
    readonly message: string,
  ) {}

  /** One affected record (counted once even when reported several times in a row). */
  add(example: string, values: readonly string[] = []): void {
    if (example !== this.last) {
      this.count++;
      this.last = example;
      if (this.examples.length < MAX_DOCTOR_EXAMPLES && !this.examples.includes(example)) this.examples.push(example);
    }
    for (const value of values) if (this.values.length < MAX_DOCTOR_EXAMPLES && !this.values.includes(value)) this.values.push(value);
  }
}

interface EntityState {
  records: number;
  failed: boolean;
  readonly tallies: Map<string, RuleTally>;
}

export class DoctorCheck implements RosterSink {
  private readonly structure: RosterDataCheck;
  private readonly states = new Map<EntityName, EntityState>();
  /** Every user's sourcedId → roleCode; kept until enrollments and demographics are checked. */
  private readonly users = new Map<string, number>();
  /** Lower-cased username of students and teachers → the first holder's sourcedId ('' once reported). */
  private readonly usernames = new Map<string, string>();
  /** Lower-cased email of users → the first holder's sourcedId ('' once reported). */
  private readonly emails = new Map<string, string>();
  /** `from⇥to` agent links listed by active students and contacts; judged when users are complete. */
  private links = new Set<string>();

  /** `stampedLastModified`: entities whose dateLastModified the adapter's change tracking stamps (see RosterDataCheck). */
  constructor(
    private readonly served: readonly EntityName[],
    stampedLastModified: readonly EntityName[] = [],
  ) {
    this.structure = new RosterDataCheck(served, stampedLastModified);
    for (const entity of served) this.states.set(entity, { records: 0, failed: false, tallies: new Map() });
  }

  /** A page of records as the engine reads them (mapped fields); checked as 1.1 presents them. */
  add(entity: EntityName, mapped: readonly OneRosterRecord[]): void {
    const records = mapped.map((record) => {
      const leftOut = takeRawE164Inputs(record);
      return { record: presentRecord(V1P1, entity, record, undefined), leftOut };
    });
    this.structure.add(
      entity,
      records.map((entry) => entry.record),
    );
    const state = this.state(entity);
    for (const { record, leftOut } of records) {
      state.records++;
      const hasId = typeof record.sourcedId === 'string' && record.sourcedId !== '';
      const id = hasId ? (record.sourcedId as string) : `(record ${state.records} without sourcedId)`;
      this.checkRecord(entity, record, id);
      if (entity === 'users' && hasId) this.users.set(id, roleCode(record.role, record.status !== 'tobedeleted'));
      for (const field of leftOut) this.flag(entity, `${field}-left-out`, id);
    }
  }

  complete(entity: EntityName): void {
    this.structure.complete(entity);
    if (entity === 'users') {
      if (!this.state('users').failed) this.judgeLinks();
      this.links = new Set();
      this.usernames.clear();
      this.emails.clear();
    }
  }

  note(entity: EntityName, finding: DataFinding): void {
    this.structure.note(entity, finding);
  }

  fail(entity: EntityName, reason: string): void {
    this.state(entity).failed = true;
    this.structure.fail(entity, reason);
    if (entity === 'users') this.links = new Set();
  }

  result(): DoctorResult {
    const structural = new Map(this.structure.result().entities.map((report) => [report.entity, report]));
    const entities = this.served.map((entity) => {
      const state = this.state(entity);
      const findings = [...(structural.get(entity)?.findings ?? []).map((finding) => fromDataFinding(entity, finding)), ...[...state.tallies.values()].map(fromTally)];
      findings.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.rule.localeCompare(b.rule));
      return { entity, records: state.records, ...totals(findings), findings };
    });
    const sum = (key: 'errors' | 'warnings' | 'info') => entities.reduce((total, entity) => total + entity[key], 0);
    return { entities, errors: sum('errors'), warnings: sum('warnings'), info: sum('info') };
  }

  private checkRecord(entity: EntityName, record: RosterRecord, id: string): void {
    this.checkBase(entity, record, id);
    for (const field of SDS_REQUIRED_FIELDS[entity] ?? []) if (isEmptyValue(record[field])) this.flag(entity, `required.${field}`, id);
    for (const { field, required } of DATE_FIELDS[entity] ?? []) {
      if (record[field] !== undefined && !isDate(record[field])) this.flag(entity, `date-format.${field}`, id, [], required);
    }
    for (const [field, values] of Object.entries(VOCABULARIES[entity] ?? {})) {
      const value = record[field];
      if (value !== undefined && !values.includes(String(value))) this.flag(entity, `vocabulary.${field}`, id, [String(value)]);
    }
    if (GRADED_ENTITIES.includes(entity) && Array.isArray(record.grades)) {
      const outside = (record.grades as unknown[]).map(String).filter((grade) => !isSdsGrade(grade));
      if (outside.length) this.flag(entity, 'vocabulary.grades', id, outside);
    }
    if (entity === 'academicSessions' && record.schoolYear !== undefined && !isSchoolYear(record.schoolYear)) this.flag(entity, 'schoolYear-format', id, [JSON.stringify(record.schoolYear)]);
    if (entity === 'users') this.checkUser(record, id);
    if (entity === 'enrollments') this.checkEnrollment(record, id);
    if (entity === 'demographics' && this.judgesUsers() && !this.users.has(id)) this.flag(entity, 'demographics-user', id);
  }

  private checkBase(entity: EntityName, record: RosterRecord, id: string): void {
    const refIds = referenceFieldNames(entity).flatMap((field) => {
      const value = record[field];
      return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((ref) => (ref as { sourcedId?: unknown })?.sourcedId);
    });
    const notString = (value: unknown) => typeof value !== 'string' || value === '';
    if ((record.sourcedId !== undefined && notString(record.sourcedId)) || refIds.some(notString)) this.flag(entity, 'sourcedId-string', id);
    if (record.dateLastModified !== undefined && !isDateTimeMsZ(record.dateLastModified)) this.flag(entity, 'dateLastModified-format', id);
    if (record.status !== undefined && record.status !== 'active' && record.status !== 'tobedeleted') this.flag(entity, 'status-value', id, [String(record.status)]);
  }

  private checkUser(record: RosterRecord, id: string): void {
    const role = String(record.role ?? '');
    const active = record.status !== 'tobedeleted';
    const contact = CONTACT_ROLES.includes(role);
    if (role === 'aide') this.flag('users', 'sds-role', id, [role]);
    if (contact && isEmptyValue(record.email)) this.flag('users', 'contact-email', id);
    if (record.email !== undefined && !isEmailAddress(record.email)) this.flag('users', 'email-format', id);
    for (const field of ['phone', 'sms'] as const) if (record[field] !== undefined && !isE164(record[field])) this.flag('users', `${field}-e164`, id);
    if ((role === 'student' || role === 'teacher') && typeof record.username === 'string') {
      if (record.username.includes('@')) this.flag('users', 'username-at-sign', id);
      this.unique(this.usernames, record.username, 'duplicate-username', id);
    }
    if (typeof record.email === 'string' && record.email !== '') this.unique(this.emails, record.email, 'duplicate-email', id);
    const flags = (record.metadata as Record<string, unknown> | undefined)?.['microsoft.userFlags'];
    if (flags !== undefined) {
      const { problems, reducedLunch } = userFlagProblems(flags);
      if (problems.length) this.flag('users', 'user-flags', id, problems);
      if (reducedLunch) this.flag('users', 'user-flags.reducedLunch', id);
    }
    const agents = ((record.agents as Array<{ sourcedId?: unknown }> | undefined) ?? []).map((ref) => ref?.sourcedId).filter((agent): agent is string => typeof agent === 'string');
    if (contact && active && agents.length === 0) this.flag('users', 'contact-agents', id, ['(no agents)']);
    if (active && (contact || role === 'student')) for (const agent of agents) this.links.add(`${id}${LINK}${agent}`);
  }

  /** Agent links, once every user's role is known: contacts name students, students no teachers, both directions present. */
  private judgeLinks(): void {
    for (const link of this.links) {
      const [from, to] = link.split(LINK);
      const fromCode = this.users.get(from);
      const toCode = this.users.get(to);
      // An agent the API does not serve is reference.agents' business.
      if (fromCode === undefined || toCode === undefined) continue;
      const fromRole = roleOf(fromCode);
      const toRole = roleOf(toCode);
      const listedBack = this.links.has(`${to}${LINK}${from}`);
      if (CONTACT_ROLES.includes(fromRole)) {
        if (toRole !== 'student') this.flag('users', 'contact-agents', from, [toRole]);
        else if (isActive(toCode) && !listedBack) this.flag('users', 'agents-bidirectional', from);
      } else if (fromRole === 'student') {
        if (toRole === 'teacher') this.flag('users', 'teacher-agent', from);
        else if (CONTACT_ROLES.includes(toRole) && isActive(toCode) && !listedBack) this.flag('users', 'agents-bidirectional', from);
      }
    }
  }

  private checkEnrollment(record: RosterRecord, id: string): void {
    if (!this.judgesUsers()) return;
    const user = (record.user as { sourcedId?: unknown } | undefined)?.sourcedId;
    const code = typeof user === 'string' ? this.users.get(user) : undefined;
    if (code === undefined || record.role === undefined) return;
    const enrolledAs = String(record.role);
    const userRole = roleOf(code);
    const fits = enrolledAs === 'student' ? userRole === 'student' : STAFF_ROLES.includes(enrolledAs) ? STAFF_ROLES.includes(userRole) : userRole === enrolledAs;
    if (!fits) this.flag('enrollments', 'enrollment-role', id, [`${userRole} enrolled as ${enrolledAs}`]);
  }

  /** Rules about users (enrollment roles, demographics) need the users read completely. */
  private judgesUsers(): boolean {
    const users = this.states.get('users');
    return users !== undefined && !users.failed;
  }

  /** Reports the first holder too, once, when a second record has the same value. */
  private unique(seen: Map<string, string>, value: string, rule: string, id: string): void {
    const key = value.toLowerCase();
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, id);
      return;
    }
    if (first !== '') {
      this.flag('users', rule, first);
      seen.set(key, '');
    }
    this.flag('users', rule, id);
  }

  private flag(entity: EntityName, rule: string, id: string, values: readonly string[] = [], requiredField = false): void {
    const tallies = this.state(entity).tallies;
    let tally = tallies.get(rule);
    if (!tally) {
      const spec = ruleSpec(rule, requiredField);
      tallies.set(rule, (tally = new RuleTally(rule, spec.severity, spec.description)));
    }
    tally.add(id, values);
  }

  private state(entity: EntityName): EntityState {
    const state = this.states.get(entity);
    if (!state) throw new Error(`${entity} is not among the entities being checked`);
    return state;
  }
}

const referenceFieldCache = new Map<EntityName, readonly string[]>();
function referenceFieldNames(entity: EntityName): readonly string[] {
  let names = referenceFieldCache.get(entity);
  if (!names) referenceFieldCache.set(entity, (names = referenceFields(entity).map((field) => field.name)));
  return names;
}

function fromTally(tally: RuleTally): DoctorFinding {
  return {
    rule: tally.rule,
    severity: tally.severity,
    count: tally.count,
    examples: tally.examples,
    ...(tally.values.length ? { values: tally.values } : {}),
    message: tally.message,
  };
}

/** mappings:check's findings under the doctor's rule names, with the doctor's number of examples. */
function fromDataFinding(entity: EntityName, finding: DataFinding): DoctorFinding {
  const rule = {
    DUPLICATE_SOURCED_ID: 'duplicate-sourcedId',
    EMPTY_REQUIRED_FIELD: `required.${finding.field}`,
    DANGLING_REFERENCE: `reference.${finding.field}`,
    READ_FAILED: 'read-failed',
    PAGE_TOO_LARGE: 'page-too-large',
  }[finding.code];
  const walkProblem = finding.code === 'READ_FAILED' || finding.code === 'PAGE_TOO_LARGE';
  return {
    rule,
    severity: finding.severity,
    count: walkProblem ? 1 : finding.count,
    examples: finding.examples.slice(0, MAX_DOCTOR_EXAMPLES),
    ...(finding.missing?.length ? { missing: finding.missing.slice(0, MAX_DOCTOR_EXAMPLES) } : {}),
    message: walkProblem || finding.code === 'DANGLING_REFERENCE' ? finding.message : ruleSpec(rule, finding.severity === 'error').description,
  };
}

function totals(findings: readonly DoctorFinding[]): { errors: number; warnings: number; info: number } {
  const sum = (severity: DoctorSeverity) => findings.filter((finding) => finding.severity === severity).reduce((total, finding) => total + finding.count, 0);
  return { errors: sum('error'), warnings: sum('warning'), info: sum('info') };
}
