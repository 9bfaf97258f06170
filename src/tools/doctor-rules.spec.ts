import type { EntityName } from '../oneroster/entity-catalogue';
import { DoctorCheck, DoctorFinding, DoctorResult } from './doctor-check';
import { isDate, isDateTimeMsZ, isE164, isEmailAddress, isSchoolYear, isSdsGrade, ruleSpec, userFlagProblems } from './doctor-rules';

const ref = (sourcedId: string, type = 'user') => ({ href: `http://x/${sourcedId}`, sourcedId, type });
const base = (sourcedId: string, extra: Record<string, unknown> = {}) => ({ sourcedId, status: 'active', dateLastModified: '2026-01-01T00:00:00.000Z', ...extra });
const district = base('dist-1', { name: 'District', type: 'district', identifier: 'D1' });
const school = base('sch-1', { name: 'School', type: 'school', identifier: 'S1', parent: ref('dist-1', 'org') });
const session = (id: string, extra: Record<string, unknown> = {}) =>
  base(id, { title: id, startDate: '2026-08-17', endDate: '2027-06-04', type: 'term', schoolYear: '2027', ...extra });
const user = (id: string, role: string, extra: Record<string, unknown> = {}) =>
  base(id, { username: id, enabledUser: true, givenName: 'Ann', familyName: 'Lee', role, identifier: id.toUpperCase(), email: `${id}@example.org`, orgs: [ref('sch-1', 'org')], ...extra });
const student = (id: string, extra: Record<string, unknown> = {}) => user(id, 'student', extra);
const teacher = (id: string, extra: Record<string, unknown> = {}) => user(id, 'teacher', extra);
const guardian = (id: string, extra: Record<string, unknown> = {}) => user(id, 'guardian', extra);
const course = base('crs-1', { title: 'Math', courseCode: 'M1', org: ref('sch-1', 'org'), grades: ['09'] });
const klass = (id: string, extra: Record<string, unknown> = {}) =>
  base(id, { title: id, classType: 'scheduled', course: ref('crs-1', 'course'), school: ref('sch-1', 'org'), terms: [ref('trm-1', 'academicSession')], ...extra });
const enrollment = (id: string, userId: string, role: string, extra: Record<string, unknown> = {}) =>
  base(id, { user: ref(userId), class: ref('cls-1', 'class'), school: ref('sch-1', 'org'), role, ...extra });

/** Feeds whole entities in walk order, as the walker does, and returns the findings by entity. */
function doctor(data: Partial<Record<EntityName, Array<Record<string, unknown>>>>): DoctorResult {
  const order: EntityName[] = ['academicSessions', 'orgs', 'courses', 'classes', 'users', 'enrollments', 'demographics'];
  const served = order.filter((entity) => data[entity]);
  const check = new DoctorCheck(served);
  for (const entity of served) {
    // The check may change the records it is given (it takes out the doctor's own metadata).
    check.add(entity, structuredClone(data[entity]!));
    check.complete(entity);
  }
  return check.result();
}

/** A clean roster of every entity; tests change one thing in it. */
function roster(changes: Partial<Record<EntityName, Array<Record<string, unknown>>>> = {}) {
  return {
    academicSessions: [session('sy-2027', { type: 'schoolYear' }), session('trm-1', { parent: ref('sy-2027', 'academicSession') })],
    orgs: [district, school],
    courses: [course],
    classes: [klass('cls-1')],
    users: [student('stu-1', { agents: [ref('con-1')] }), teacher('stf-1'), guardian('con-1', { agents: [ref('stu-1')] })],
    enrollments: [enrollment('enr-1', 'stu-1', 'student'), enrollment('enr-2', 'stf-1', 'teacher', { primary: true })],
    demographics: [base('stu-1', { birthDate: '2012-03-04', sex: 'female' })],
    ...changes,
  };
}

function findings(result: DoctorResult, entity: EntityName): DoctorFinding[] {
  return result.entities.find((report) => report.entity === entity)!.findings as DoctorFinding[];
}

/** [severity, rule, count, examples] of an entity's findings. */
function summary(result: DoctorResult, entity: EntityName): Array<[string, string, number, readonly string[]]> {
  return findings(result, entity).map((finding) => [finding.severity, finding.rule, finding.count, finding.examples]);
}

describe('doctor value tests', () => {
  it('accepts dateLastModified only as YYYY-MM-DDTHH:mm:ss.SSSZ', () => {
    expect(isDateTimeMsZ('2026-01-01T00:00:00.000Z')).toBe(true);
    for (const bad of ['2026-01-01T00:00:00Z', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000+02:00', '2026-01-01 00:00:00.000Z', '2026-02-30T00:00:00.000Z', 20260101, undefined]) {
      expect([bad, isDateTimeMsZ(bad)]).toEqual([bad, false]);
    }
  });

  it('accepts dates as YYYY-MM-DD calendar days and schoolYear as a 4-digit string', () => {
    expect(['2026-02-28', '2024-02-29'].map(isDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-1-01', '2026-01-01T00:00:00.000Z', 20260101].map(isDate)).toEqual([false, false, false, false]);
    expect(['2027', 2027, '27', '2026-27'].map(isSchoolYear)).toEqual([true, false, false, false]);
  });

  it('knows E.164 and a plausible email address', () => {
    expect(['+15551234567', '+4930123456'].map(isE164)).toEqual([true, true]);
    expect(['555-123-4567', '15551234567', '+0551234567', '+1 555 123 4567', 'call me', '+123456'].map(isE164)).toEqual([false, false, false, false, false, false]);
    expect(['a.b@example.org', 'a@b', 'a b@example.org', 'example.org'].map(isEmailAddress)).toEqual([true, false, false, false]);
  });

  it('matches grades against the SDS list ignoring case, 1 standing for 01', () => {
    expect(['KG', 'kg', '01', '1', '12', 'PS1', 'Other', 'adultEducation'].every(isSdsGrade)).toBe(true);
    expect(['K', 'Grade 1', '15', '00', ''].some(isSdsGrade)).toBe(false);
  });

  it('accepts only the SDS user flags, comma-separated without spaces or repeats, and spots reducedLunch', () => {
    expect(userFlagProblems('freeLunch,homeless,giftedOrTalented,504,ELL,LEP,IEP')).toEqual({ problems: [], reducedLunch: false });
    expect(userFlagProblems('freeLunch, IEP')).toEqual({ problems: ['" IEP" (spaces)'], reducedLunch: false });
    expect(userFlagProblems('iep,IEP,IEP,,sports')).toEqual({ problems: ['iep', 'IEP (repeated)', '(empty entry)', 'sports'], reducedLunch: false });
    expect(userFlagProblems('reducedLunch')).toEqual({ problems: [], reducedLunch: true });
    expect(userFlagProblems('').problems).toEqual(['(empty value: leave the key out)']);
  });

  it('makes a missing or malformed required value an error and an optional one a warning', () => {
    expect(ruleSpec('required.identifier').severity).toBe('error');
    expect([ruleSpec('date-format.startDate', true).severity, ruleSpec('date-format.birthDate', false).severity]).toEqual(['error', 'warning']);
    expect([ruleSpec('reference.course', true).severity, ruleSpec('reference.agents', false).severity]).toEqual(['error', 'warning']);
    expect(() => ruleSpec('no-such-rule')).toThrow('unknown doctor rule');
  });
});

describe('doctor rules over hand-made records', () => {
  it('finds nothing in a clean roster', () => {
    const result = doctor(roster());
    expect(result.entities.map((entity) => [entity.entity, entity.records, entity.findings])).toEqual([
      ['academicSessions', 2, []],
      ['orgs', 2, []],
      ['courses', 1, []],
      ['classes', 1, []],
      ['users', 3, []],
      ['enrollments', 2, []],
      ['demographics', 1, []],
    ]);
    expect([result.errors, result.warnings, result.info]).toEqual([0, 0, 0]);
  });

  it('checks required fields and formats: sourcedId, dateLastModified, dates, schoolYear, identifiers, names, orgs, terms', () => {
    const result = doctor(
      roster({
        academicSessions: [
          session('sy-2027', { type: 'schoolYear', schoolYear: 2027 }),
          session('trm-1', { startDate: '2026-08-17T00:00:00Z', dateLastModified: '2026-01-01T00:00:00Z' }),
        ],
        orgs: [district, { ...school, identifier: undefined }],
        classes: [klass('cls-1', { terms: [] }), klass('cls-2', { course: undefined, school: undefined })],
        users: [student('stu-1', { identifier: undefined, givenName: '', orgs: [] }), teacher('stf-1', { familyName: undefined }), { ...student('stu-2'), sourcedId: '' }],
        enrollments: [enrollment('enr-1', 'stu-1', 'student', { user: undefined, beginDate: '17/08/2026' })],
      }),
    );
    expect(summary(result, 'academicSessions')).toEqual([
      ['error', 'date-format.startDate', 1, ['trm-1']],
      ['error', 'dateLastModified-format', 1, ['trm-1']],
      ['error', 'schoolYear-format', 1, ['sy-2027']],
    ]);
    expect(summary(result, 'orgs')).toEqual([['error', 'required.identifier', 1, ['sch-1']]]);
    expect(summary(result, 'classes')).toEqual([
      ['error', 'required.course', 1, ['cls-2']],
      ['error', 'required.school', 1, ['cls-2']],
      ['error', 'required.terms', 1, ['cls-1']],
    ]);
    expect(summary(result, 'users')).toEqual([
      ['error', 'required.familyName', 1, ['stf-1']],
      ['error', 'required.givenName', 1, ['stu-1']],
      ['error', 'required.identifier', 1, ['stu-1']],
      ['error', 'required.orgs', 1, ['stu-1']],
      ['error', 'required.sourcedId', 1, ['(record 3 without sourcedId)']],
      ['error', 'sourcedId-string', 1, ['(record 3 without sourcedId)']],
    ]);
    expect(summary(result, 'enrollments')).toEqual([
      ['error', 'required.user', 1, ['enr-1']],
      ['warning', 'date-format.beginDate', 1, ['enr-1']],
    ]);
    expect(result.errors).toBe(14);
  });

  it('finds duplicate sourcedIds, usernames of students and teachers (errors) and emails (warnings), ignoring case', () => {
    const result = doctor(
      roster({
        users: [
          student('stu-1', { agents: [ref('con-1')], username: 'Ann.Lee', email: 'same@example.org' }),
          student('stu-2', { username: 'ann.lee' }),
          teacher('stf-1', { username: 'ANN.LEE', email: 'SAME@example.org' }),
          teacher('stf-1'),
          guardian('con-1', { agents: [ref('stu-1')], username: 'ann.lee' }),
        ],
      }),
    );
    expect(summary(result, 'users')).toEqual([
      ['error', 'duplicate-username', 3, ['stu-1', 'stu-2', 'stf-1']],
      ['error', 'duplicate-sourcedId', 1, ['stf-1']],
      ['warning', 'duplicate-email', 2, ['stu-1', 'stf-1']],
    ]);
  });

  it('finds references that do not resolve: required ones as errors, optional ones as warnings, with the missing ids', () => {
    const result = doctor(
      roster({
        academicSessions: [session('sy-2027', { type: 'schoolYear' }), session('trm-1', { parent: ref('sy-2026', 'academicSession') })],
        courses: [{ ...course, org: ref('sch-9', 'org') }],
        classes: [klass('cls-1', { terms: [ref('trm-1', 'academicSession'), ref('trm-9', 'academicSession')] })],
        enrollments: [enrollment('enr-1', 'stu-9', 'student'), enrollment('enr-2', 'stf-1', 'teacher', { class: ref('cls-9', 'class') })],
      }),
    );
    expect(findings(result, 'academicSessions')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'reference.parent', count: 1, examples: ['trm-1'], missing: ['sy-2026'] })]);
    expect(findings(result, 'courses')).toEqual([expect.objectContaining({ severity: 'error', rule: 'reference.org', examples: ['crs-1'], missing: ['sch-9'] })]);
    expect(findings(result, 'classes')).toEqual([expect.objectContaining({ severity: 'error', rule: 'reference.terms', examples: ['cls-1'], missing: ['trm-9'] })]);
    expect(summary(result, 'enrollments')).toEqual([
      ['error', 'reference.class', 1, ['enr-2']],
      ['error', 'reference.user', 1, ['enr-1']],
    ]);
  });

  it('warns when an enrolled user does not have the role the enrollment gives them', () => {
    const result = doctor(
      roster({
        users: [student('stu-1', { agents: [ref('con-1')] }), teacher('stf-1'), user('stf-2', 'aide'), guardian('con-1', { agents: [ref('stu-1')] })],
        enrollments: [
          enrollment('enr-1', 'stf-1', 'student'),
          enrollment('enr-2', 'stu-1', 'teacher'),
          enrollment('enr-3', 'stf-2', 'teacher'),
          enrollment('enr-4', 'con-1', 'student'),
          enrollment('enr-5', 'stu-1', 'student'),
        ],
      }),
    );
    expect(findings(result, 'enrollments')).toEqual([
      expect.objectContaining({ severity: 'warning', rule: 'enrollment-role', count: 3, examples: ['enr-1', 'enr-2', 'enr-4'], values: ['teacher enrolled as student', 'student enrolled as teacher', 'guardian enrolled as student'] }),
    ]);
    expect(summary(result, 'users')).toEqual([['info', 'sds-role', 1, ['stf-2']]]);
  });

  it('requires contacts to have an email and agents that are students listing them back; no teacher is a student agent', () => {
    const result = doctor(
      roster({
        users: [
          student('stu-1', { agents: [ref('con-1'), ref('stf-1')] }),
          student('stu-2', { agents: [ref('con-3')] }),
          student('stu-3'),
          teacher('stf-1'),
          guardian('con-1', { agents: [ref('stu-1')], email: undefined }),
          user('con-2', 'parent', { agents: [ref('stu-1'), ref('stf-1')] }),
          user('con-3', 'relative'),
          // A contact being deleted need not be listed back by its student.
          guardian('con-4', { status: 'tobedeleted', agents: [ref('stu-3')] }),
        ],
      }),
    );
    expect(summary(result, 'users')).toEqual([
      ['error', 'agents-bidirectional', 2, ['stu-2', 'con-2']],
      ['error', 'contact-agents', 2, ['con-3', 'con-2']],
      ['error', 'contact-email', 1, ['con-1']],
      ['error', 'teacher-agent', 1, ['stu-1']],
    ]);
    expect(findings(result, 'users').find((finding) => finding.rule === 'contact-agents')!.values).toEqual(['(no agents)', 'teacher']);
  });

  it('checks values against the SDS lists: types, roles, classType and grades are warnings', () => {
    const result = doctor(
      roster({
        academicSessions: [session('sy-2027', { type: 'schoolYear' }), session('trm-1', { type: 'quarter' })],
        orgs: [district, { ...school, type: 'campus' }],
        courses: [{ ...course, grades: ['09', 'K', 'Grade 10'] }],
        classes: [klass('cls-1', { classType: 'lab', grades: ['1', 'kg'] })],
        users: [student('stu-1', { agents: [ref('con-1')], grades: ['13', '1'] }), user('stu-2', 'learner'), teacher('stf-1'), guardian('con-1', { agents: [ref('stu-1')] })],
        enrollments: [enrollment('enr-1', 'stu-2', 'learner'), enrollment('enr-2', 'stf-1', 'teacher')],
      }),
    );
    expect(findings(result, 'academicSessions')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'vocabulary.type', values: ['quarter'] })]);
    expect(findings(result, 'orgs')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'vocabulary.type', values: ['campus'] })]);
    expect(findings(result, 'courses')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'vocabulary.grades', values: ['K', 'Grade 10'] })]);
    expect(findings(result, 'classes')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'vocabulary.classType', values: ['lab'] })]);
    expect(findings(result, 'users')).toEqual([expect.objectContaining({ severity: 'warning', rule: 'vocabulary.role', examples: ['stu-2'], values: ['learner'] })]);
    expect(summary(result, 'enrollments')).toEqual([
      ['warning', 'enrollment-role', 1, ['enr-1']],
      ['warning', 'vocabulary.role', 1, ['enr-1']],
    ]);
    expect(result.errors).toBe(0);
  });

  it('checks user flags, phones in E.164, email forms, and notes usernames with @ for the classic rule', () => {
    const flags = (value: string) => ({ metadata: { 'microsoft.userFlags': value } });
    const result = doctor(
      roster({
        users: [
          student('stu-1', { agents: [ref('con-1')], ...flags('freeLunch,IEP') }),
          student('stu-2', { ...flags('freeLunch, iep'), phone: '555-123-4567', username: 'stu-2@school.example' }),
          student('stu-3', { ...flags('reducedLunch'), sms: '+15551234567', email: 'not an address' }),
          teacher('stf-1', { phone: '+15551234567', sms: '5551234' }),
          guardian('con-1', { agents: [ref('stu-1')] }),
        ],
      }),
    );
    expect(summary(result, 'users')).toEqual([
      ['warning', 'email-format', 1, ['stu-3']],
      ['warning', 'phone-e164', 1, ['stu-2']],
      ['warning', 'sms-e164', 1, ['stf-1']],
      ['warning', 'user-flags', 1, ['stu-2']],
      ['info', 'user-flags.reducedLunch', 1, ['stu-3']],
      ['info', 'username-at-sign', 1, ['stu-2']],
    ]);
    expect(findings(result, 'users').find((finding) => finding.rule === 'user-flags')!.values).toEqual(['" iep" (spaces)']);
    expect(result.errors).toBe(0);
  });

  it('warns about demographics of no served user and malformed birth dates', () => {
    const result = doctor(roster({ demographics: [base('stu-1', { birthDate: '2012-3-4' }), base('stu-9')] }));
    expect(summary(result, 'demographics')).toEqual([
      ['warning', 'date-format.birthDate', 1, ['stu-1']],
      ['warning', 'demographics-user', 1, ['stu-9']],
    ]);
  });

  it('checks records as 1.1 serves them: 1.2 administrator roles are administrator, 1.2-only fields are not looked at', () => {
    const result = doctor(
      roster({
        users: [
          student('stu-1', { agents: [ref('con-1')], primaryOrg: ref('sch-9', 'org') }),
          teacher('stf-1'),
          user('stf-2', 'siteAdministrator'),
          guardian('con-1', { agents: [ref('stu-1')] }),
        ],
        enrollments: [enrollment('enr-1', 'stf-2', 'administrator')],
      }),
    );
    expect(findings(result, 'users')).toEqual([]);
    expect(findings(result, 'enrollments')).toEqual([]);
  });

  it('counts each affected record once per rule, keeps three examples, and sums counts per entity by severity', () => {
    const students = Array.from({ length: 5 }, (_, index) => student(`stu-${index + 1}`, { identifier: undefined, grades: ['K', 'Pre-K'] }));
    const result = doctor(roster({ users: [...students, teacher('stf-1')], enrollments: [], demographics: [] }));
    const users = result.entities.find((report) => report.entity === 'users')!;
    expect(users.findings).toEqual([
      expect.objectContaining({ rule: 'required.identifier', count: 5, examples: ['stu-1', 'stu-2', 'stu-3'] }),
      expect.objectContaining({ rule: 'vocabulary.grades', count: 5, values: ['K', 'Pre-K'] }),
    ]);
    expect([users.errors, users.warnings, users.info]).toEqual([5, 5, 0]);
  });

  it('reports entities it could not read as errors and does not judge users from a partial read', () => {
    const check = new DoctorCheck(['orgs', 'users', 'enrollments']);
    check.add('orgs', [district, school]);
    check.complete('orgs');
    check.add('users', [student('stu-1', { agents: [ref('con-1')] })]);
    check.fail('users', 'no such column: S.FRST_NM');
    check.add('enrollments', [enrollment('enr-1', 'stu-1', 'teacher')]);
    check.complete('enrollments');
    const result = check.result();
    expect(findings(result, 'users')).toEqual([expect.objectContaining({ severity: 'error', rule: 'read-failed', count: 1, message: expect.stringContaining('no such column') })]);
    // Only the class reference (no classes are served here), not the role of a user read in part.
    expect(findings(result, 'enrollments').map((finding) => finding.rule)).toEqual(['reference.class']);
  });
});
