import { isEmptyValue, referencedIds, RosterDataCheck, WALK_ORDER } from './roster-data-check';

const ref = (sourcedId: string, type = 'user') => ({ href: `http://x/${sourcedId}`, sourcedId, type });
const base = (sourcedId: string) => ({ sourcedId, status: 'active', dateLastModified: '2026-01-01T00:00:00.000Z' });
const school = (id: string) => ({ ...base(id), name: id, type: 'school', identifier: id, parent: ref('dist-1', 'org') });
const district = { ...base('dist-1'), name: 'District', type: 'district', identifier: 'D1' };
const student = (id: string, extra: Record<string, unknown> = {}) => ({
  ...base(id),
  username: id,
  enabledUser: true,
  givenName: 'Ann',
  familyName: 'Lee',
  role: 'student',
  orgs: [ref('sch-1', 'org')],
  ...extra,
});

describe('roster data checks', () => {
  it('treats absent, null, blank and empty-list values as empty, and nothing else', () => {
    expect([undefined, null, '', '  ', []].map(isEmptyValue)).toEqual([true, true, true, true, true]);
    expect([0, false, 'x', [ref('a')], {}].map(isEmptyValue)).toEqual([false, false, false, false, false]);
  });

  it('reads the sourcedIds of a GUIDRef and of a list of them', () => {
    expect(referencedIds(ref('a'))).toEqual(['a']);
    expect(referencedIds([ref('a'), ref('b')])).toEqual(['a', 'b']);
    expect(referencedIds(undefined)).toEqual([]);
    expect(referencedIds([{ href: 'x' }])).toEqual([]);
  });

  it('walks referenced entities before the entities that point at them', () => {
    expect(WALK_ORDER.indexOf('orgs')).toBeLessThan(WALK_ORDER.indexOf('users'));
    expect(WALK_ORDER.indexOf('users')).toBeLessThan(WALK_ORDER.indexOf('enrollments'));
    expect(WALK_ORDER.indexOf('classes')).toBeLessThan(WALK_ORDER.indexOf('enrollments'));
    expect(WALK_ORDER.indexOf('courses')).toBeLessThan(WALK_ORDER.indexOf('classes'));
  });

  it('reports nothing for a consistent roster', () => {
    const check = new RosterDataCheck(['orgs', 'users']);
    check.add('orgs', [district, school('sch-1')]);
    check.complete('orgs');
    check.add('users', [student('stu-1'), student('stu-2', { agents: [ref('stu-1')] })]);
    check.complete('users');
    expect(check.result()).toEqual({
      entities: [
        { entity: 'orgs', records: 2, findings: [] },
        { entity: 'users', records: 2, findings: [] },
      ],
      errors: 0,
      warnings: 0,
    });
  });

  it('counts sourcedIds served more than once, across pages, once per id', () => {
    const check = new RosterDataCheck(['orgs', 'users']);
    check.add('orgs', [school('sch-1'), district]);
    check.complete('orgs');
    check.add('users', [student('stu-1'), student('stu-2'), student('stu-2')]);
    check.add('users', [student('stu-2'), student('stu-3'), student('stu-1')]);
    const [, users] = check.result().entities;
    expect(users.findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'DUPLICATE_SOURCED_ID', field: 'sourcedId', count: 2, examples: ['stu-2', 'stu-1'] }),
    ]);
  });

  it('reports empty required fields per field with up to five examples, and ignores empty optional ones', () => {
    const check = new RosterDataCheck(['orgs', 'users']);
    check.add('orgs', [school('sch-1'), district]);
    const noUsername = Array.from({ length: 7 }, (_, i) => student(`stu-${i}`, { username: i % 2 ? '' : undefined, email: undefined }));
    check.add('users', [...noUsername, student('stu-x', { orgs: [] }), student('stu-y', { middleName: undefined })]);
    const [, users] = check.result().entities;
    expect(users.findings).toEqual([
      { severity: 'error', code: 'EMPTY_REQUIRED_FIELD', field: 'username', count: 7, examples: ['stu-0', 'stu-1', 'stu-2', 'stu-3', 'stu-4'], message: 'username is required but empty in 7 records' },
      { severity: 'error', code: 'EMPTY_REQUIRED_FIELD', field: 'orgs', count: 1, examples: ['stu-x'], message: 'orgs is required but empty in 1 record' },
    ]);
  });

  it('reports references to records the API does not serve: required fields as errors, optional ones as warnings', () => {
    const check = new RosterDataCheck(['orgs', 'users', 'enrollments']);
    check.add('orgs', [district, school('sch-1'), { ...school('sch-2'), parent: ref('dist-9', 'org') }]);
    check.complete('orgs');
    check.add('users', [student('stu-1', { agents: [ref('con-1'), ref('con-2')] }), student('stu-2', { orgs: [ref('sch-1', 'org'), ref('sch-7', 'org')] })]);
    check.complete('users');
    check.add('enrollments', [
      { ...base('enr-1'), user: ref('stu-1'), class: ref('cls-1', 'class'), school: ref('sch-1', 'org'), role: 'student' },
      { ...base('enr-2'), user: ref('stu-9'), class: ref('cls-1', 'class'), school: ref('sch-1', 'org'), role: 'student' },
    ]);
    const result = check.result();
    const findings = Object.fromEntries(result.entities.map((entity) => [entity.entity, entity.findings.map((f) => [f.severity, f.field, f.target, f.count, f.references, f.examples, f.missing])]));
    expect(findings).toEqual({
      orgs: [['warning', 'parent', 'orgs', 1, 1, ['sch-2'], ['dist-9']]],
      users: [
        ['warning', 'agents', 'users', 1, 2, ['stu-1'], ['con-1', 'con-2']],
        ['error', 'orgs', 'orgs', 1, 1, ['stu-2'], ['sch-7']],
      ],
      enrollments: [
        ['error', 'user', 'users', 1, 1, ['enr-2'], ['stu-9']],
        // The mapping serves no classes at all: every class reference dangles, and the message says why.
        ['error', 'class', 'classes', 2, 2, ['enr-1', 'enr-2'], ['cls-1']],
      ],
    });
    expect(result.entities[2].findings[1].message).toBe('class names classes the API does not serve (the mapping serves no classes): 2 references in 2 records');
    expect([result.errors, result.warnings]).toEqual([3, 2]);
  });

  it('resolves references into an entity read later (self-references, or any order) when it is complete', () => {
    const check = new RosterDataCheck(['users', 'orgs']);
    check.add('users', [student('stu-1', { agents: [ref('con-1')] })]);
    check.add('users', [{ ...student('con-1'), role: 'guardian', agents: [ref('stu-1'), ref('stu-3')] }]);
    check.complete('users');
    check.add('orgs', [school('sch-1'), district]);
    const [users, orgs] = check.result().entities;
    expect(users.findings.map((f) => [f.field, f.examples, f.missing])).toEqual([['agents', ['con-1'], ['stu-3']]]);
    expect(orgs.findings).toEqual([]);
  });

  it('does not judge references into an entity it could not read, and reports the failure as an error', () => {
    const check = new RosterDataCheck(['orgs', 'users']);
    check.add('orgs', [district]);
    check.fail('orgs', 'no such column');
    check.add('users', [student('stu-1')]);
    check.complete('users');
    const result = check.result();
    expect(result.entities[0].findings).toEqual([expect.objectContaining({ severity: 'error', code: 'READ_FAILED', message: 'reading orgs through the mapping failed after 1 records: no such column' })]);
    expect(result.entities[1].findings).toEqual([]);
    expect(result.errors).toBe(1);
  });

  it('keeps walker notes with the entity, counted by severity', () => {
    const check = new RosterDataCheck(['classes']);
    check.note('classes', { severity: 'warning', code: 'PAGE_TOO_LARGE', count: 0, examples: [], message: 'smaller pages' });
    expect(check.result()).toMatchObject({ errors: 0, warnings: 1, entities: [{ entity: 'classes', findings: [{ code: 'PAGE_TOO_LARGE' }] }] });
  });
});
