import knex, { Knex } from 'knex';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunningServer } from '../../src/bootstrap';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { keepPostgresDateTimesAsText } from '../../src/source/source-database';
import { CONFORMANCE_ROUTES, ConformanceFixtures, conformanceFixtures } from '../support/conformance-routes';
import { ApiResponse, OneRosterClient } from '../support/oneroster-client';
import { describeErrors, oasV1p2Validator, OpenApiValidator, V1P1_BASE, V1P2_BASE } from '../support/openapi-validator';
import { PROJECT_ROOT, startTestServer } from '../support/test-server';

type Row = Record<string, unknown>;

/**
 * The worked example of mappings/README.md, end to end: "Riverbend", a SIS shaped unlike the demo
 * (mappings/examples/person-roster), is built from its schema.sql and seed.sql in SQLite and in
 * PostgreSQL's scratch database, served by the real server through its mappings, and read over
 * HTTP with real tokens: every route validates against the official definitions, and records are
 * checked against the seed and the SIS tables.
 */
const EXAMPLE = resolve(PROJECT_ROOT, 'mappings/examples/person-roster');
/** Children first, so a rerun can drop what an earlier run left in the scratch database. */
const TABLES = ['roster', 'section', 'course_grade', 'course', 'staff_assignment', 'person_relationship', 'contact', 'person', 'calendar', 'organization', 'code_value'];

interface Target {
  readonly name: 'sqlite' | 'postgres';
  readonly variable?: string;
  /** Builds the schema and loads the seed. */
  readonly ownerUrl?: string;
  /** What the adapter connects with: CI's read-only login on the scratch database. */
  readonly adapterUrl?: string;
}

function targets(env: NodeJS.ProcessEnv = process.env): Target[] {
  const scratch = env.ONEROSTER_TEST_PG_SCRATCH_URL;
  return [
    { name: 'sqlite' },
    { name: 'postgres', variable: 'ONEROSTER_TEST_PG_SCRATCH_URL', ownerUrl: scratch, adapterUrl: scratch && readOnlyOn(scratch, env.ONEROSTER_TEST_PG_READONLY_URL) },
  ];
}

/** The read-only login (SELECT on every table the owner creates) pointed at the scratch database; the owner without one. */
function readOnlyOn(scratchUrl: string, readOnlyUrl: string | undefined): string {
  if (!readOnlyUrl) return scratchUrl;
  const url = new URL(readOnlyUrl);
  url.pathname = new URL(scratchUrl).pathname;
  return url.toString();
}

/** The statements of a SQL file: `--` comments dropped (outside quotes), split at the semicolons that end them. */
function sqlStatements(text: string): string[] {
  const statements: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (!quoted && char === '-' && text[i + 1] === '-') {
      while (i < text.length && text[i] !== '\n') i++;
      current += '\n';
    } else if (!quoted && char === ';') {
      if (current.trim()) statements.push(current.trim());
      current = '';
    } else {
      if (char === "'") quoted = !quoted;
      current += char;
    }
  }
  if (current.trim()) statements.push(current.trim());
  return statements;
}

async function ownerConnection(target: Target, sqliteFile: string): Promise<Knex> {
  if (target.name === 'sqlite') return knex({ client: 'better-sqlite3', connection: { filename: sqliteFile }, useNullAsDefault: true });
  const { client, connection } = parseConnectionUrl(target.ownerUrl!);
  keepPostgresDateTimesAsText();
  return knex({ client, connection: connection as Knex.StaticConnectionConfig, pool: { min: 0, max: 2 } });
}

/** Drops what a previous run left, then runs schema.sql and seed.sql exactly as an integrator would. */
async function buildRiverbend(db: Knex): Promise<void> {
  for (const table of TABLES) await db.schema.dropTableIfExists(table);
  for (const file of ['schema.sql', 'seed.sql']) {
    for (const statement of sqlStatements(readFileSync(join(EXAMPLE, file), 'utf8'))) await db.raw(statement);
  }
}

for (const target of targets()) {
  const title = 'a second SIS (mappings/examples/person-roster), end to end';
  if (target.name !== 'sqlite' && !target.ownerUrl) {
    describe.skip(`${title} [${target.name}: skipped, ${target.variable} is not set]`, () => it('needs a configured database', () => undefined));
    continue;
  }
  describe(`${title} [${target.name}]`, () => defineSuite(target));
}

function defineSuite(target: Target): void {
  let server: RunningServer;
  let sis: Knex;
  let v1p1: OneRosterClient;
  let v1p2: OneRosterClient;
  const sqliteFile = join(PROJECT_ROOT, 'data', 'test', `riverbend-${process.pid}.sqlite`);

  beforeAll(async () => {
    if (target.name === 'sqlite') {
      mkdirSync(join(PROJECT_ROOT, 'data', 'test'), { recursive: true });
      rmSync(sqliteFile, { force: true });
    }
    sis = await ownerConnection(target, sqliteFile);
    await buildRiverbend(sis);
    server = await startTestServer({
      sourceUrl: target.name === 'sqlite' ? `sqlite:${sqliteFile}` : target.adapterUrl,
      configure: (config) => {
        config.mappings = join(EXAMPLE, 'mappings');
      },
    });
    v1p1 = new OneRosterClient(server.url);
    v1p2 = new OneRosterClient(server.url, undefined, V1P2_BASE);
  });
  afterAll(async () => {
    await server?.close();
    // The scratch database is shared by suites that build their own schema: leave it as found.
    if (sis && target.name === 'postgres') for (const table of TABLES) await sis.schema.dropTableIfExists(table);
    await sis?.destroy();
    if (target.name === 'sqlite') rmSync(sqliteFile, { force: true });
  });

  const ref = (entity: string, sourcedId: string, type: string) => ({ href: `${server.url}${V1P1_BASE}/${entity}/${sourcedId}`, sourcedId, type });
  const one = async (path: string, client = v1p1): Promise<Row> => {
    const response = await client.get<Record<string, Row>>(path);
    if (response.status !== 200) throw new Error(`GET ${path} → ${response.status} ${JSON.stringify(response.body)}`);
    return Object.values(response.body)[0];
  };
  const count = async (query: Knex.QueryBuilder) => Number(((await query.first()) as { n: number | string }).n);

  describe.each([
    { version: '1.1', validator: () => new OpenApiValidator(), client: () => v1p1, base: V1P1_BASE },
    { version: '1.2', validator: () => oasV1p2Validator(), client: () => v1p2, base: V1P2_BASE },
  ])('every rostering route of OneRoster $version', ({ validator: makeValidator, client, base }) => {
    const validator = makeValidator();
    let fixtures: ConformanceFixtures;
    beforeAll(async () => {
      fixtures = await conformanceFixtures(client());
    });

    it.each(Object.keys(CONFORMANCE_ROUTES).sort())('GET %s answers data that validates against the official definition', async (template) => {
      const path = CONFORMANCE_ROUTES[template].path(fixtures);
      // One page holds every record of this district, so every record is validated.
      const response: ApiResponse<Row> = await client().get(path, { limit: 1000 });
      expect(response.status).toBe(200);
      const result = validator.validateResponse(`${base}/${path}`, 'get', response.status, response.body);
      if (result.errors.length) throw new Error(`GET ${path} fails ${result.schema}:\n${describeErrors(result.errors)}`);
      const value = Object.entries(response.body).find(([key]) => key !== 'statusInfoSet')![1];
      if (Array.isArray(value)) expect(value.length).toBeGreaterThan(0);
      else expect(value).toMatchObject({ sourcedId: path.split('/').pop() });
    });
  });

  it('serves the users of one person table as students, staff and guardians, as many as the SIS holds', async () => {
    const users = await v1p1.walk('users', {}, 1000);
    const byRole = (roles: string[]) => users.filter((user) => roles.includes(String(user.role))).length;
    const people = (type: string) => sis('person as P').join('code_value as T', 'T.code_id', 'P.person_type_id').where('T.code', type);
    expect(byRole(['student'])).toBe(await count(people('STU').whereNotNull('P.home_org_id').count({ n: '*' })));
    expect(byRole(['teacher', 'administrator', 'aide'])).toBe(await count(people('STF').count({ n: '*' })));
    // Guardians: people with a live, non-emergency link to a served student.
    const guardians = sis('person_relationship as R')
      .join('code_value as T', 'T.code_id', 'R.relationship_type_id')
      .join('person as S', 'S.person_id', 'R.student_id')
      .where('R.is_deleted', 0)
      .whereNot('T.code', 'EMERGENCY')
      .whereNotNull('S.home_org_id')
      .countDistinct({ n: 'R.related_person_id' });
    expect(byRole(['parent', 'guardian', 'relative'])).toBe(await count(guardians));
    expect(new Set(users.map((user) => user.sourcedId)).size).toBe(users.length);
  });

  it("serves a guardian with her students as agents, their schools as orgs, today's e-mail and E.164 phones", async () => {
    // Adaeze Okafor, mother of 1001 and 1013: her e-mail changed on 10 February (the old row is
    // soft-deleted), her home phone is a 7-digit local number (left out), her mobile is E.164-able.
    expect(await one('users/p-2001')).toEqual({
      sourcedId: 'p-2001',
      status: 'active',
      dateLastModified: '2026-02-10T18:30:00.000Z',
      username: 'adaeze.okafor@example.com',
      enabledUser: true,
      givenName: 'Adaeze',
      familyName: 'Okafor',
      role: 'parent',
      identifier: 'C2001',
      email: 'adaeze.okafor@example.com',
      sms: '+15552019920',
      agents: [ref('users', 'p-1001', 'user'), ref('users', 'p-1013', 'user')],
      orgs: [ref('orgs', 'org-2', 'org'), ref('orgs', 'org-3', 'org')],
    });
    // The other direction, with the emergency-only neighbour left out.
    expect(((await one('users/p-1001')).agents as Row[]).map((agent) => agent.sourcedId)).toEqual(['p-2001', 'p-2002']);
  });

  it("serves a class's terms from the calendar row it runs in: a semester, or the whole year", async () => {
    expect(await one('classes/cls-411')).toEqual({
      sourcedId: 'cls-411',
      status: 'active',
      dateLastModified: '2025-08-04T09:00:00.000Z',
      title: 'Mathematics 6-8 - 01',
      classCode: 'MS-MATH-01',
      classType: 'scheduled',
      location: 'M201',
      grades: ['06', '07', '08'],
      subjects: ['Mathematics'],
      course: ref('courses', 'crs-311', 'course'),
      school: ref('orgs', 'org-3', 'org'),
      terms: [ref('academicSessions', 'cal-21', 'academicSession')],
      subjectCodes: ['02'],
      periods: ['1'],
    });
    expect((await one('classes/cls-413')).terms).toEqual([ref('academicSessions', 'cal-20', 'academicSession')]);
    expect(await one('classes/cls-401')).toMatchObject({ classType: 'homeroom', grades: ['KG', '01', '02', '03', '04', '05'] });
    expect(await one('academicSessions/cal-21')).toMatchObject({ type: 'term', schoolYear: '2026', parent: { sourcedId: 'cal-20' }, children: [{ sourcedId: 'cal-23' }, { sourcedId: 'cal-24' }] });
  });

  it('serves enrollments from roster rows: a dropped section keeps its endDate, a co-teacher is not primary', async () => {
    const roster = (person: number, section: number) => sis('roster').where({ person_id: person, section_id: section }).first('roster_id');
    const dropped = await roster(1026, 422);
    expect(await one(`enrollments/enr-${dropped.roster_id}`)).toEqual({
      sourcedId: `enr-${dropped.roster_id}`,
      status: 'active',
      dateLastModified: '2025-10-03T15:10:00.000Z',
      user: ref('users', 'p-1026', 'user'),
      class: ref('classes', 'cls-422', 'class'),
      school: ref('orgs', 'org-4', 'org'),
      role: 'student',
      beginDate: '2025-08-18',
      endDate: '2025-10-03',
    });
    const coTeacher = await roster(111, 414);
    expect(await one(`enrollments/enr-${coTeacher.roster_id}`)).toMatchObject({ role: 'teacher', primary: false, school: { sourcedId: 'org-3' } });
    const teacher = await roster(109, 414);
    expect(await one(`enrollments/enr-${teacher.roster_id}`)).toMatchObject({ role: 'teacher', primary: true });
  });

  it('serves soft-deleted rows as tobedeleted where the mapping says so', async () => {
    expect(await one('users/p-1012')).toMatchObject({ status: 'tobedeleted', dateLastModified: '2026-02-02T10:00:00.000Z' });
    expect(await one('demographics/p-1012')).toMatchObject({ status: 'tobedeleted' });
    const enrollments = await v1p1.walk('enrollments', { filter: "user.sourcedId='p-1012'" });
    expect(enrollments.length).toBeGreaterThan(0);
    expect(enrollments.every((row) => row.status === 'tobedeleted')).toBe(true);
    // A cancelled section of a dropped course: the class, the course and their enrollments.
    expect(await one('classes/cls-425')).toMatchObject({ status: 'tobedeleted' });
    expect(await one('courses/crs-325')).toMatchObject({ status: 'tobedeleted' });
    expect((await v1p1.walk('enrollments', { filter: "class.sourcedId='cls-425'" })).map((row) => row.status)).toEqual(['tobedeleted', 'tobedeleted', 'tobedeleted']);
    const mistaken = await sis('roster').where({ person_id: 1032, section_id: 423 }).first('roster_id');
    expect(await one(`enrollments/enr-${mistaken.roster_id}`)).toMatchObject({ status: 'tobedeleted', dateLastModified: '2026-01-22T09:00:00.000Z' });
    // The closed school and the cancelled session stay visible as tobedeleted, but no longer as children.
    expect(await one('orgs/org-5')).toMatchObject({ status: 'tobedeleted' });
    expect(((await one('orgs/org-1')).children as Row[]).map((child) => child.sourcedId)).toEqual(['org-2', 'org-3', 'org-4']);
    expect(await one('academicSessions/cal-27')).toMatchObject({ status: 'tobedeleted' });
    expect(((await one('academicSessions/cal-20')).children as Row[]).map((child) => child.sourcedId)).toEqual(['cal-21', 'cal-22']);
  });

  it('does not serve at all what the mapping leaves out', async () => {
    // The father of 1004 lost custody (his only link is soft-deleted), the neighbour is an
    // emergency contact only, and 1037 is pre-registered without a home school.
    for (const id of ['p-2008', 'p-2090', 'p-1037']) expect((await v1p1.get(`users/${id}`)).status).toBe(404);
    expect((await v1p1.get('demographics/p-1037')).status).toBe(404);
    expect(((await one('users/p-1004')).agents as Row[]).map((agent) => agent.sourcedId)).toEqual(['p-2007']);
    const link = await sis('person_relationship').where({ student_id: 1004, related_person_id: 2008 }).first('is_deleted');
    expect(Number(link.is_deleted)).toBe(1);
  });

  it('finds a changed e-mail in a delta: the contact row feeds dateLastModified', async () => {
    const delta = await v1p1.walk('users', { filter: "dateLastModified>'2026-02-01T00:00:00.000Z'", fields: 'sourcedId,status,dateLastModified' });
    expect(delta).toEqual([
      { sourcedId: 'p-1012', status: 'tobedeleted', dateLastModified: '2026-02-02T10:00:00.000Z' },
      { sourcedId: 'p-2001', status: 'active', dateLastModified: '2026-02-10T18:30:00.000Z' },
    ]);
  });

  it("serves OneRoster 1.2's precise roles, userIds and primaryOrg from the same files", async () => {
    const principal = await one('users/p-101', v1p2);
    expect(principal.roles).toEqual([{ roleType: 'primary', role: 'principal', org: expect.objectContaining({ sourcedId: 'org-2' }) }]);
    expect((await one('users/p-101')).role).toBe('administrator');
    const teacher = await one('users/p-111', v1p2);
    expect((teacher.roles as Row[]).map((role) => (role.org as Row).sourcedId)).toEqual(['org-4', 'org-3']);
    expect(teacher.primaryOrg).toMatchObject({ sourcedId: 'org-4' });
    expect((await one('users/p-1001', v1p2)).userIds).toEqual([
      { type: 'SIS', identifier: 'S251001' },
      { type: 'stateId', identifier: '4100007007' },
    ]);
    expect(await one('users/p-115', v1p2)).toMatchObject({ enabledUser: 'false' });
  });
}
