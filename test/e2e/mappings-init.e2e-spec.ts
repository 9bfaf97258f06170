import knex, { Knex } from 'knex';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropDemoSchema, loadDistrict } from '../../src/demo/load-district';
import { compileMappings } from '../../src/mapping/compile-mappings';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { OneRosterClient } from '../support/oneroster-client';
import { runBuiltCli } from '../support/run-built-tool';
import { prepareSource, sourceTargets, TEST_STUDENTS } from '../support/source-targets';
import { SpawnedServer, spawnServer } from '../support/spawned-server';
import { PROJECT_ROOT, testDemoFile } from '../support/test-server';

/**
 * `mappings init` end to end: the built CLI drafts mappings from a live database, and the draft,
 * unedited, compiles and serves users, orgs and classes through the real server with a real
 * token, agreeing with the demo's own hand-written mappings where both serve the same records.
 */
const WORK = join(PROJECT_ROOT, 'data', 'test', `mappings-init-${process.pid}`);
const ENTITY_FILES = ['academic-sessions.yaml', 'classes.yaml', 'courses.yaml', 'demographics.yaml', 'enrollments.yaml', 'orgs.yaml', 'users.yaml'];

type Row = Record<string, unknown>;

async function init(source: string, name: string, extra: string[] = []) {
  const out = join(WORK, name);
  const result = await runBuiltCli(['mappings', 'init', '--source', source, '--out', out, ...extra]);
  return { out, ...result };
}

const yamlFiles = (dir: string) => Object.fromEntries(readdirSync(dir).filter((file) => file.endsWith('.yaml')).sort().map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
const ids = (records: Row[]) => records.map((record) => String(record.sourcedId)).sort();
const byId = (records: Row[]) => new Map(records.map((record) => [String(record.sourcedId), record]));
const refIds = (refs: unknown) => ((refs as Array<{ sourcedId: string }> | undefined) ?? []).map((ref) => ref.sourcedId).sort();

beforeAll(() => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(WORK, { recursive: true });
});
afterAll(() => rmSync(WORK, { recursive: true, force: true }));

describe('mappings init on the demo SQLite', () => {
  let demoFile: string;
  let draft: Awaited<ReturnType<typeof init>>;
  let drafted: SpawnedServer;
  let demo: SpawnedServer;
  let draftApi: OneRosterClient;
  let demoApi: OneRosterClient;

  beforeAll(async () => {
    demoFile = await testDemoFile();
    draft = await init(`sqlite:${demoFile}`, 'sqlite');
    [drafted, demo] = await Promise.all([
      spawnServer({ ONEROSTER_DEMO_FILE: demoFile, ONEROSTER_MAPPINGS: draft.out }),
      spawnServer({ ONEROSTER_DEMO_FILE: demoFile, ONEROSTER_MAPPINGS: join(PROJECT_ROOT, 'mappings', 'demo') }),
    ]);
    draftApi = new OneRosterClient(drafted.url);
    demoApi = new OneRosterClient(demo.url);
  }, 180000);
  afterAll(async () => {
    await Promise.all([drafted?.stop(), demo?.stop()]);
  });

  it('reports each table with the entity it guessed and how sure it is, and the files it wrote', () => {
    expect(draft.code).toBe(0);
    expect(draft.stderr).toBe('');
    expect(draft.stdout).toMatch(/STU_MSTR\s+users \(students\)\s+high\s+BRTH_DT looks like a birth date/);
    expect(draft.stdout).toMatch(/SCH_MSTR\s+orgs \(schools\)\s+high/);
    expect(draft.stdout).toMatch(/SECT_MSTR\s+classes\s+high/);
    expect(draft.stdout).toMatch(/SECT_STU\s+enrollments \(students\)\s+high/);
    expect(draft.stdout).toContain('not recognised: DEMO_GEN_INFO');
    expect(draft.stdout).toMatch(/users\.yaml\s+users from STU_MSTR, STF_MSTR, CNTCT_MSTR/);
    expect(readdirSync(draft.out).sort()).toEqual(['README.md', ...ENTITY_FILES]);
  });

  it('writes mapping files that compile without edits, each guess marked', () => {
    const compiled = compileMappings(draft.out);
    expect([...compiled.entities.keys()].sort()).toEqual(['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users']);
    const users = readFileSync(join(draft.out, 'users.yaml'), 'utf8');
    expect(users).toMatch(/^# yaml-language-server: \$schema=.*mappings\/mapping\.schema\.json\n/);
    expect(users).toContain('# GUESS: ENR_STAT P (Pre-registered): not enrolled yet (code table CD_ENR_STAT), so not served — confirm');
    expect(users).toContain("# GUESS: STF_TYP is the staff type (code table CD_STF_TYP): A (Administrator) → siteAdministrator, I (Instructional aide) → aide");
  });

  it('--json reports the same guesses as data', async () => {
    const result = await init(`sqlite:${demoFile}`, 'sqlite-json', ['--json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as { ok: boolean; tables: Array<{ table: string; kind: string; confidence: string; evidence: string[] }>; files: Array<{ entity: string; file: string }>; leftOut: unknown[] };
    expect(report.ok).toBe(true);
    expect(report.tables.find((table) => table.table === 'STF_MSTR')).toMatchObject({ kind: 'staff', confidence: 'high', evidence: expect.arrayContaining(['HIRE_DT looks like a hire date']) });
    expect(report.files.map((file) => file.entity).sort()).toEqual(['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users']);
    expect(report.leftOut).toEqual([]);
    expect(yamlFiles(result.out)).toEqual(yamlFiles(draft.out));
  });

  it('serves the schools as orgs, the same ones under the same ids as the demo mappings', async () => {
    const [mine, theirs] = await Promise.all([draftApi.walk('orgs'), demoApi.walk('orgs')]);
    expect(ids(mine)).toEqual(['sch-001', 'sch-002', 'sch-003']);
    // The demo declares the district itself (the SIS has no district table); the draft says how in a comment.
    expect(ids(theirs.filter((org) => org.type === 'school'))).toEqual(ids(mine));
    for (const org of mine) expect(org).toMatchObject({ name: byId(theirs).get(String(org.sourcedId))!.name, type: 'school', identifier: byId(theirs).get(String(org.sourcedId))!.identifier });
    expect(readFileSync(join(draft.out, 'orgs.yaml'), 'utf8')).toContain('# No district table was found.');
  });

  it('serves students and staff exactly as the demo mappings do (names, role, status, schools, grades)', async () => {
    const [mine, theirs] = await Promise.all([draftApi.walk('users', {}, 1000), demoApi.walk('users', {}, 1000)]);
    const students = (records: Row[]) => records.filter((user) => user.role === 'student');
    const staff = (records: Row[]) => records.filter((user) => String(user.sourcedId).startsWith('stf-'));
    expect(students(mine).length).toBe(993);
    expect(ids(students(mine))).toEqual(ids(students(theirs)));
    expect(ids(staff(mine))).toEqual(ids(staff(theirs)));
    const demoUsers = byId(theirs);
    for (const user of [...students(mine), ...staff(mine)]) {
      const expected = demoUsers.get(String(user.sourcedId))!;
      expect({ id: user.sourcedId, givenName: user.givenName, familyName: user.familyName, role: user.role, status: user.status, grades: user.grades, orgs: refIds(user.orgs), username: user.username, email: user.email }).toEqual({
        id: expected.sourcedId,
        givenName: expected.givenName,
        familyName: expected.familyName,
        role: expected.role,
        status: expected.status,
        grades: expected.grades,
        orgs: refIds(expected.orgs),
        username: expected.username,
        email: expected.email,
      });
    }
    // Contacts: the demo also drops guardians without an e-mail (an SDS rule); the draft serves every guardian.
    const contacts = (records: Row[]) => records.filter((user) => String(user.sourcedId).startsWith('con-'));
    expect(ids(contacts(mine))).toEqual(expect.arrayContaining(ids(contacts(theirs))));
    const single = await draftApi.get<{ user: Row }>('users/stu-0000001');
    expect(single.status).toBe(200);
    expect(single.body.user).toMatchObject({ sourcedId: 'stu-0000001', givenName: 'Grace', familyName: "O'Connor", role: 'student' });
  });

  it('serves the current year’s sections as classes, with the demo’s ids, courses, schools and terms', async () => {
    const [mine, theirs] = await Promise.all([draftApi.walk('classes'), demoApi.walk('classes')]);
    expect(mine.length).toBe(346);
    expect(ids(mine)).toEqual(ids(theirs));
    const demoClasses = byId(theirs);
    for (const klass of mine) {
      const expected = demoClasses.get(String(klass.sourcedId))!;
      expect([klass.sourcedId, refIds([klass.course]), refIds([klass.school]), refIds(klass.terms), klass.classType, klass.status]).toEqual([expected.sourcedId, refIds([expected.course]), refIds([expected.school]), refIds(expected.terms), expected.classType, expected.status]);
    }
  });

  it('refuses to write into a folder that is not empty, unless --force', async () => {
    const again = await init(`sqlite:${demoFile}`, 'sqlite');
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toMatch(/is not empty; pass --force/);
    writeFileSync(join(draft.out, 'mine.yaml'), '# my own notes\n');
    const forced = await init(`sqlite:${demoFile}`, 'sqlite', ['--force']);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain('not a draft, left alone; the server reads it too): mine.yaml');
    rmSync(join(draft.out, 'mine.yaml'));
  });

  it('--tables narrows what is read; a pattern matching nothing is a clear error', async () => {
    const narrow = await init(`sqlite:${demoFile}`, 'narrow', ['--tables', 'SCH_*,STU_MSTR', '--json']);
    expect(narrow.code).toBe(0);
    const report = JSON.parse(narrow.stdout) as { tables: Array<{ table: string }>; files: Array<{ entity: string }>; leftOut: Array<{ entity: string }> };
    expect(report.tables.map((table) => table.table).sort()).toEqual(['SCH_MSTR', 'SCH_YR', 'STU_MSTR']);
    expect(report.leftOut.map((item) => item.entity)).toEqual(expect.arrayContaining(['classes', 'enrollments', 'courses']));
    const none = await init(`sqlite:${demoFile}`, 'none', ['--tables', 'NOPE_*']);
    expect(none.code).toBe(1);
    expect(none.stderr.trim()).toBe(`no table of sqlite:${demoFile} matches --tables NOPE_*`);
  });
});

describe('mappings init: what it cannot read is one clear line, never a stack or a password', () => {
  test.each([
    ['an unknown scheme', 'oracle://scott:tiger-secret@db/sis', 2, /^--source: unsupported scheme "oracle"/],
    ['a refused connection', 'mysql://reader:tiger-secret@127.0.0.1:1/sis', 1, /^cannot read mysql:\/\/reader:\*\*\*@127\.0\.0\.1:1\/sis: connect ECONNREFUSED/],
    ['a missing SQLite file', 'sqlite:/nonexistent/sis.sqlite', 1, /^cannot read sqlite:\/nonexistent\/sis\.sqlite: \w/],
  ])('%s', async (_what, source, code, message) => {
    const result = await init(source, `bad-${code}-${source.length}`);
    expect(result.code).toBe(code);
    expect(result.stderr.split('\n')[0]).toMatch(message);
    expect(result.stderr).not.toContain('tiger-secret');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('an empty database', async () => {
    const file = join(WORK, 'empty.sqlite');
    const db = knex({ client: 'better-sqlite3', connection: { filename: file }, useNullAsDefault: true });
    await db.raw('VACUUM');
    await db.destroy();
    const result = await init(`sqlite:${file}`, 'empty');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`sqlite:${file} has no tables to draft mappings from`);
  });
});

const scratchUrl = process.env.ONEROSTER_TEST_MYSQL_SCRATCH_URL;
(scratchUrl ? describe : describe.skip)(`mappings init on MariaDB${scratchUrl ? '' : ' [skipped: ONEROSTER_TEST_MYSQL_SCRATCH_URL is not set]'}`, () => {
  let owner: Knex;
  let draft: Awaited<ReturnType<typeof init>>;
  let server: SpawnedServer;
  let api: OneRosterClient;

  beforeAll(async () => {
    const { client, connection } = parseConnectionUrl(scratchUrl!);
    owner = knex({ client, connection: { ...(connection as object), dateStrings: true, timezone: 'Z' }, pool: { min: 0, max: 2 } });
    // The demo district, generated with the test seed and size: the same rows as the SQLite file.
    await loadDistrict(owner, { students: TEST_STUDENTS });
    draft = await init(scratchUrl!, 'mariadb');
    server = await spawnServer({ ONEROSTER_SOURCE_URL: scratchUrl, ONEROSTER_MAPPINGS: draft.out });
    api = new OneRosterClient(server.url);
  }, 240000);
  afterAll(async () => {
    await server?.stop();
    if (owner) {
      await dropDemoSchema(owner);
      await owner.destroy();
    }
  });

  it('drafts the same mapping files as from SQLite: the guesses do not depend on the dialect', async () => {
    expect(draft.code).toBe(0);
    expect(draft.stdout).toContain('(MySQL database "oneroster_scratch"');
    const fromSqlite = await init(`sqlite:${await testDemoFile()}`, 'mariadb-vs-sqlite');
    expect(yamlFiles(draft.out)).toEqual(yamlFiles(fromSqlite.out));
  });

  it('serves users, orgs and classes from MariaDB through the unedited draft', async () => {
    const [users, orgs, classes] = await Promise.all([api.walk('users', {}, 1000), api.walk('orgs'), api.walk('classes')]);
    expect(ids(orgs)).toEqual(['sch-001', 'sch-002', 'sch-003']);
    expect(users.filter((user) => user.role === 'student').length).toBe(993);
    expect(users.some((user) => user.sourcedId === 'stu-0000001' && user.givenName === 'Grace')).toBe(true);
    expect(classes.length).toBe(346);
    expect(classes.every((klass) => String(klass.sourcedId).startsWith('cls-') && (klass.terms as unknown[]).length > 0)).toBe(true);
  });
});

const postgres = sourceTargets().find((target) => target.name === 'postgres')!;
(postgres.ownerUrl ? describe : describe.skip)(`mappings init on PostgreSQL, read-only login${postgres.ownerUrl ? '' : ` [skipped: ${postgres.variable} is not set]`}`, () => {
  it('drafts the same mapping files as from SQLite', async () => {
    const prepared = await prepareSource(postgres);
    const draft = await init(prepared.sourceUrl!, 'postgres');
    expect(draft.code).toBe(0);
    const fromSqlite = await init(`sqlite:${await testDemoFile()}`, 'postgres-vs-sqlite');
    expect(yamlFiles(draft.out)).toEqual(yamlFiles(fromSqlite.out));
  }, 120000);
});
