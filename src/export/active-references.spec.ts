import { join } from 'node:path';
import { guidRef } from '../api/record-serializer';
import { RosterReader } from '../api/roster-reader';
import { compileMappings } from '../mapping/compile-mappings';
import { SourceDatabase } from '../source/source-database';
import { PROJECT_ROOT, testDemoFile } from '../../test/support/test-server';
import { ActiveReferences } from './active-references';

const context = { apiBaseUrl: 'https://sis.example.org/ims/oneroster/v1p1', timeZone: 'UTC' };

/** On the demo district, whose graduated and withdrawn students are served as tobedeleted. */
describe(ActiveReferences.name, () => {
  let source: SourceDatabase;
  let reader: RosterReader;
  let inactiveStudent: string;
  let activeStudent: string;
  let pastTerm: string;

  beforeAll(async () => {
    source = new SourceDatabase(
      { client: 'better-sqlite3', connection: { filename: await testDemoFile() }, display: 'demo' },
      { poolMax: 1, connectTimeoutMs: 10000, queryTimeoutMs: 30000, timeZone: 'UTC' },
    );
    reader = new RosterReader(compileMappings(join(PROJECT_ROOT, 'mappings', 'demo')), source);
    const students = async (status: string) =>
      (await reader.page({ entity: 'users', filter: undefined, constraint: [], limit: 5000, offset: 0, fields: ['sourcedId', 'status', 'role'] }, context.apiBaseUrl)).records.filter(
        (user) => user.role === 'student' && user.status === status,
      );
    inactiveStudent = String((await students('tobedeleted'))[0].sourcedId);
    activeStudent = String((await students('active'))[0].sourcedId);
    const sessions = await reader.page({ entity: 'academicSessions', limit: 100, offset: 0, fields: ['sourcedId', 'status'] }, context.apiBaseUrl);
    pastTerm = String(sessions.records.find((session) => session.status === 'tobedeleted')!.sourcedId);
  });
  afterAll(() => source.close());

  it('drops references to records that are not active from an optional list, keeping the rest', async () => {
    const sut = await ActiveReferences.collect(reader, ['orgs', 'users', 'enrollments']);
    const guardian = { sourcedId: 'con-1', status: 'active', agents: [guidRef('users', activeStudent, context), guidRef('users', inactiveStudent, context)] };
    expect(sut.prune('users', guardian)).toEqual({ ...guardian, agents: [guardian.agents[0]] });
    // The record handed in is not changed.
    expect(guardian.agents).toHaveLength(2);
    expect(sut.prune('users', { ...guardian, agents: [guardian.agents[1]] })).toEqual({ sourcedId: 'con-1', status: 'active' });
    expect(sut.messages()).toEqual([`users.agents: 2 references to records that are not active left out of the bulk file (e.g. in con-1)`]);
  });

  it('leaves out a row whose required reference is not active, and then treats it as not active too', async () => {
    const sut = await ActiveReferences.collect(reader, ['academicSessions', 'orgs', 'classes', 'users', 'enrollments']);
    const enrollment = { sourcedId: 'enr-x', status: 'active', user: guidRef('users', inactiveStudent, context), class: guidRef('classes', 'cls-x', context), school: guidRef('orgs', 'sch-001', context) };
    expect(sut.prune('enrollments', enrollment)).toBeUndefined();
    const kept = { ...enrollment, user: guidRef('users', activeStudent, context) };
    expect(sut.prune('enrollments', kept)).toBe(kept);
    // A class taught only in a past term is left out, and so are the enrollments in it.
    const pastClass = { sourcedId: 'cls-x', status: 'active', terms: [guidRef('academicSessions', pastTerm, context)] };
    expect(sut.prune('classes', pastClass)).toBeUndefined();
    expect(sut.prune('enrollments', kept)).toBeUndefined();
    expect([sut.leftOutOf('classes'), sut.leftOutOf('enrollments')]).toEqual([1, 2]);
    expect(sut.messages()).toEqual([
      'enrollments: 2 rows left out of the bulk file, as a required reference points at a record that is not active',
      'classes: 1 row left out of the bulk file, as a required reference points at a record that is not active',
    ]);
  });

  it('keeps every reference when the referenced entity has no record that is not active', async () => {
    const sut = await ActiveReferences.collect(reader, ['orgs', 'users']);
    const teacher = { sourcedId: 'stf-1', orgs: [guidRef('orgs', 'sch-001', context)] };
    expect(sut.prune('users', teacher)).toBe(teacher);
    expect(sut.messages()).toEqual([]);
  });
});
