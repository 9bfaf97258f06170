import { guidRef } from '../api/record-serializer';
import { csvFileFor } from './csv-binding';
import { csvRowValues, CsvValueError, ListCommaNotes } from './csv-row';

const context = { apiBaseUrl: 'https://sis.example.org/ims/oneroster/v1p1', timeZone: 'UTC' };
const ref = (target: Parameters<typeof guidRef>[0], id: string) => guidRef(target, id, context);
const row = (entity: Parameters<typeof csvFileFor>[0], record: Record<string, unknown>, mode: 'bulk' | 'delta' = 'delta') => {
  const file = csvFileFor(entity);
  return Object.fromEntries(file.columns.map((column, index) => [column.name, csvRowValues(file, record, mode)[index]]));
};
const base = { status: 'active', dateLastModified: '2026-03-04T05:06:07.089Z' };

describe('csvRowValues', () => {
  it('writes a user as users.csv: references as sourcedIds, lists comma-joined, userIds as {type:identifier}', () => {
    const user = {
      sourcedId: 'stu-1',
      ...base,
      username: 'jdoe',
      userIds: [
        { type: 'SIS', identifier: '0001' },
        { type: 'stateId', identifier: '99' },
      ],
      enabledUser: true,
      givenName: 'Jo',
      familyName: "O'Doe",
      role: 'student',
      identifier: '99',
      email: 'jo@example.org',
      phone: '+15550100',
      agents: [ref('users', 'con-1'), ref('users', 'con-2')],
      orgs: [ref('orgs', 'sch-001')],
      grades: ['KG'],
      metadata: { 'microsoft.userFlags': 'freeLunch' },
    };
    expect(row('users', user)).toEqual({
      sourcedId: 'stu-1',
      status: 'active',
      dateLastModified: '2026-03-04T05:06:07.089Z',
      enabledUser: 'true',
      orgSourcedIds: 'sch-001',
      role: 'student',
      username: 'jdoe',
      userIds: '{SIS:0001},{stateId:99}',
      givenName: 'Jo',
      familyName: "O'Doe",
      middleName: '',
      identifier: '99',
      email: 'jo@example.org',
      sms: '',
      phone: '+15550100',
      agentSourcedIds: 'con-1,con-2',
      grades: 'KG',
      password: '',
    });
  });

  it('writes a class with its course, school and terms as sourcedIds', () => {
    const values = row('classes', {
      sourcedId: 'cls-1',
      ...base,
      title: 'Algebra I',
      classType: 'scheduled',
      course: ref('courses', 'crs-1'),
      school: ref('orgs', 'sch-001'),
      terms: [ref('academicSessions', 'trm-S1'), ref('academicSessions', 'trm-S2')],
      periods: ['1', '2'],
      subjectCodes: ['02'],
    });
    expect(values).toMatchObject({ courseSourcedId: 'crs-1', schoolSourcedId: 'sch-001', termSourcedIds: 'trm-S1,trm-S2', periods: '1,2', subjectCodes: '02', location: '' });
  });

  it('writes an enrollment with booleans as true/false and dates as YYYY-MM-DD', () => {
    const enrollment = {
      sourcedId: 'enr-1',
      ...base,
      user: ref('users', 'stf-1'),
      class: ref('classes', 'cls-1'),
      school: ref('orgs', 'sch-001'),
      role: 'teacher',
      primary: false,
      beginDate: '2026-08-17',
    };
    expect(csvRowValues(csvFileFor('enrollments'), enrollment, 'delta')).toEqual([
      'enr-1', 'active', '2026-03-04T05:06:07.089Z', 'cls-1', 'sch-001', 'stf-1', 'teacher', 'false', '2026-08-17', '',
    ]);
    // The 1.1 API may hand booleans over as the strings it shows; they are written the same.
    expect(row('enrollments', { ...enrollment, primary: 'true' }).primary).toBe('true');
  });

  it('writes the optional references of orgs, sessions and courses, blank when absent', () => {
    expect(row('orgs', { sourcedId: 'sch-1', ...base, name: 'Lincoln', type: 'school', parent: ref('orgs', 'dist-1') })).toMatchObject({ parentSourcedId: 'dist-1', identifier: '' });
    expect(row('orgs', { sourcedId: 'dist-1', ...base, name: 'District', type: 'district' }).parentSourcedId).toBe('');
    expect(row('academicSessions', { sourcedId: 'trm-1', ...base, parent: ref('academicSessions', 'sy-1'), schoolYear: '2027' })).toMatchObject({ parentSourcedId: 'sy-1', schoolYear: '2027' });
    expect(row('courses', { sourcedId: 'crs-1', ...base, schoolYear: ref('academicSessions', 'sy-1'), org: ref('orgs', 'sch-1') })).toMatchObject({ schoolYearSourcedId: 'sy-1', orgSourcedId: 'sch-1' });
  });

  it('leaves status and dateLastModified blank in bulk files and fills them in delta files', () => {
    const record = { sourcedId: 'sch-1', ...base, name: 'Lincoln', type: 'school' };
    expect(row('orgs', record, 'bulk')).toMatchObject({ sourcedId: 'sch-1', status: '', dateLastModified: '', name: 'Lincoln' });
    expect(row('orgs', record, 'delta')).toMatchObject({ status: 'active', dateLastModified: '2026-03-04T05:06:07.089Z' });
  });

  it('writes a deleted record (a tobedeleted stub) as its sourcedId, status and dateLastModified, the rest blank', () => {
    const values = csvRowValues(csvFileFor('enrollments'), { sourcedId: 'enr-9', status: 'tobedeleted', dateLastModified: '2026-03-04T05:06:07.089Z' }, 'delta');
    expect(values).toEqual(['enr-9', 'tobedeleted', '2026-03-04T05:06:07.089Z', '', '', '', '', '', '', '']);
  });

  it('drops the commas of a text list item, so it reads back as one item, and counts it', () => {
    const notes = new ListCommaNotes();
    const course = { sourcedId: 'crs-pe', ...base, subjects: ['Physical, Health, and Safety Education', 'Math'] };
    const values = csvRowValues(csvFileFor('courses'), course, 'bulk', notes);
    expect(values[8]).toBe('Physical Health and Safety Education,Math');
    csvRowValues(csvFileFor('courses'), { ...course, sourcedId: 'crs-pe2' }, 'bulk', notes);
    expect(notes.messages()).toEqual(['courses.csv subjects: 2 list items held a comma, dropped so each reads back as one item (e.g. crs-pe)']);
  });

  it('refuses a sourcedId with a comma in a list of references, which no reader could split back', () => {
    const user = { sourcedId: 'stu-1', ...base, orgs: [ref('orgs', 'sch,1')] };
    expect(() => csvRowValues(csvFileFor('users'), user, 'bulk')).toThrow(CsvValueError);
    expect(() => csvRowValues(csvFileFor('users'), user, 'bulk')).toThrow("users.csv: orgSourcedIds of stu-1 holds 'sch,1'");
  });
});
