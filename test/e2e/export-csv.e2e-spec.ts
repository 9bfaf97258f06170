import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import type { RunningServer } from '../../src/bootstrap';
import { readCsv } from '../../src/export/read-csv';
import { readZip } from '../../src/export/testing/read-zip';
import { SnapshotScheduler } from '../../src/tracking/snapshot-scheduler';
import { OneRosterClient } from '../support/oneroster-client';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { freshTrackingStore, PROJECT_ROOT, startServerOn, writableDemoCopy } from '../support/test-server';

type Row = Record<string, string>;
type ApiRecord = Record<string, unknown>;

/**
 * `oneroster-adapter export csv` as an operator runs it (the built CLI), read back with an
 * independent zip reader and checked against the OneRoster 1.1 CSV binding and against what the
 * REST API serves from the same database: headers, required columns, referential integrity,
 * counts and every value; then a delta after real changes to the SIS, deletions included.
 */

/** The binding's headers (1EdTech "OneRoster v1.1 CSV Tables" §3), and its required columns besides sourcedId. */
const BINDING: Record<string, { header: string; required: string[] }> = {
  academicSessions: { header: 'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear', required: ['title', 'type', 'startDate', 'endDate', 'schoolYear'] },
  orgs: { header: 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId', required: ['name', 'type'] },
  courses: { header: 'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes', required: ['title', 'orgSourcedId'] },
  classes: {
    header: 'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
    required: ['title', 'courseSourcedId', 'classType', 'schoolSourcedId', 'termSourcedIds'],
  },
  users: {
    header: 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
    required: ['enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName'],
  },
  enrollments: { header: 'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate', required: ['classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'] },
  demographics: {
    header:
      'sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus',
    required: [],
  },
};
const DATA_FILES = ['academicSessions', 'categories', 'classes', 'classResources', 'courses', 'courseResources', 'demographics', 'enrollments', 'lineItems', 'orgs', 'resources', 'results', 'users'];
const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const OUT = join(PROJECT_ROOT, 'data', 'test', 'export-csv');

interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** `node dist/cli/main.js <args>` in the project, with the test's source settings. */
function runCli(args: readonly string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'cli', 'main.js'), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ONEROSTER_SOURCE_URL: '', ONEROSTER_MAPPINGS: '', NO_COLOR: '1', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolvePromise({ code, stdout, stderr }));
  });
}


/** A data file's rows as header → value, after checking the raw text is RFC 4180 with CRLF and no BOM. */
function rowsOf(text: string): Row[] {
  expect(text.charCodeAt(0)).not.toBe(0xfeff);
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  const [header, ...records] = readCsv(text);
  return records.map((values) => {
    expect(values).toHaveLength(header.length);
    return Object.fromEntries(header.map((name, index) => [name, values[index]]));
  });
}

function manifestOf(entries: Map<string, string>): Record<string, string> {
  const [header, ...rows] = readCsv(entries.get('manifest.csv')!);
  expect(header).toEqual(['propertyName', 'value']);
  return Object.fromEntries(rows);
}

/**
 * A REST record as the binding writes it, by the binding's rules restated here: xSourcedId is
 * the GUIDRef x's sourcedId, xSourcedIds the list xs, lists comma-joined (a comma inside a text
 * item dropped), userIds as {type:identifier}, booleans true/false.
 */
function asCsv(record: ApiRecord, column: string): string {
  const field = column.endsWith('SourcedIds') ? `${column.slice(0, -'SourcedIds'.length)}s` : column.endsWith('SourcedId') && column !== 'sourcedId' ? column.slice(0, -'SourcedId'.length) : column;
  const value = record[field];
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) {
    return value
      .map((item: unknown) => {
        if (typeof item === 'string') return item.replace(/\s*,\s*/g, ' ').trim();
        const object = item as Record<string, string>;
        return object.sourcedId ?? `{${object.type}:${object.identifier}}`;
      })
      .join(',');
  }
  if (typeof value === 'object') return String((value as Record<string, unknown>).sourcedId);
  return String(value);
}

const ids = (rows: Row[]) => rows.map((row) => row.sourcedId).sort();

describeEachSource('export csv: a bulk export of the district', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let run: CliResult;
  let entries: Map<string, string>;
  let files: Record<string, Row[]>;
  const zip = join(OUT, `bulk-${target.name}.zip`);

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    rmSync(zip, { force: true });
    const prepared = await prepareSource(target);
    server = await startServerOn(prepared);
    client = new OneRosterClient(server.url);
    const env = prepared.sourceUrl ? { ONEROSTER_SOURCE_URL: prepared.sourceUrl } : { ONEROSTER_DEMO_FILE: prepared.sqliteFile };
    run = await runCli(['export', 'csv', '--out', zip, '--json'], env);
    entries = await readZip(zip);
    files = Object.fromEntries(Object.keys(BINDING).map((name) => [name, rowsOf(entries.get(`${name}.csv`) ?? 'sourcedId\r\n')]));
  });
  afterAll(() => server?.close());

  it('exits 0 with a JSON summary of the files it wrote, and leaves no temporary file', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout) as { ok: boolean; mode: string; out: string; files: Array<{ file: string; rows: number }> };
    expect(summary).toMatchObject({ ok: true, mode: 'bulk', out: zip });
    expect(summary.files.map((file) => [file.file, file.rows])).toEqual(Object.keys(BINDING).map((name) => [`${name}.csv`, files[name].length]));
    expect(readdirSync(OUT).filter((name) => name.endsWith('.partial'))).toEqual([]);
  });

  it('holds manifest.csv and one file per served entity, the manifest naming them bulk and every other file of the binding absent', () => {
    expect([...entries.keys()].sort()).toEqual(['manifest.csv', ...Object.keys(BINDING).map((name) => `${name}.csv`)].sort());
    const manifest = manifestOf(entries);
    expect(manifest['manifest.version']).toBe('1.0');
    expect(manifest['oneroster.version']).toBe('1.1');
    expect(manifest['source.systemName']).toBe('oneroster-adapter');
    for (const name of DATA_FILES) expect([name, manifest[`file.${name}`]]).toEqual([name, name in BINDING ? 'bulk' : 'absent']);
  });

  it("gives every file exactly the binding's header, and a value in every required column of every row", () => {
    const problems: string[] = [];
    for (const [name, { header, required }] of Object.entries(BINDING)) {
      expect(entries.get(`${name}.csv`)!.split('\r\n')[0]).toBe(header);
      expect(files[name].length).toBeGreaterThan(0);
      for (const row of files[name]) {
        for (const column of ['sourcedId', ...required]) if (row[column] === '') problems.push(`${name} ${row.sourcedId}: ${column} is empty`);
        // Bulk files leave status and dateLastModified blank.
        if (row.status !== '' || row.dateLastModified !== '') problems.push(`${name} ${row.sourcedId}: status or dateLastModified filled`);
      }
      expect(new Set(ids(files[name])).size).toBe(files[name].length);
    }
    expect(problems).toEqual([]);
  });

  it('only references records that are in the export', () => {
    const known = Object.fromEntries(Object.entries(files).map(([name, rows]) => [name, new Set(ids(rows))]));
    const missing: string[] = [];
    const check = (file: string, row: Row, column: string, entity: string, optional = false) => {
      const values = row[column] === '' ? [] : row[column].split(',');
      if (values.length === 0 && !optional) missing.push(`${file} ${row.sourcedId}: ${column} is empty`);
      for (const id of values) if (!known[entity].has(id)) missing.push(`${file} ${row.sourcedId}: ${column} ${id}`);
    };
    for (const row of files.enrollments) {
      check('enrollments', row, 'classSourcedId', 'classes');
      check('enrollments', row, 'userSourcedId', 'users');
      check('enrollments', row, 'schoolSourcedId', 'orgs');
    }
    for (const row of files.classes) {
      check('classes', row, 'courseSourcedId', 'courses');
      check('classes', row, 'schoolSourcedId', 'orgs');
      check('classes', row, 'termSourcedIds', 'academicSessions');
    }
    for (const row of files.courses) {
      check('courses', row, 'orgSourcedId', 'orgs');
      check('courses', row, 'schoolYearSourcedId', 'academicSessions', true);
    }
    for (const row of files.users) {
      check('users', row, 'orgSourcedIds', 'orgs');
      check('users', row, 'agentSourcedIds', 'users', true);
    }
    for (const row of files.academicSessions) check('academicSessions', row, 'parentSourcedId', 'academicSessions', true);
    for (const row of files.orgs) check('orgs', row, 'parentSourcedId', 'orgs', true);
    for (const row of files.demographics) expect(known.users.has(row.sourcedId)).toBe(true);
    expect(missing).toEqual([]);
  });

  it('holds exactly the active records the REST API serves, value for value', async () => {
    const users = new Set(ids(files.users));
    for (const [name, { header }] of Object.entries(BINDING)) {
      const served = await client.walk(name, { filter: "status='active'" }, 5000);
      expect([name, files[name].length]).toEqual([name, served.length]);
      const expected = served.map((record) => {
        // References to records that are not active (a guardian's graduated child) are left out of a bulk file.
        if (name === 'users') record.agents = (record.agents as ApiRecord[] | undefined)?.filter((agent) => users.has(String(agent.sourcedId)));
        return Object.fromEntries(header.split(',').map((column) => [column, ['status', 'dateLastModified'].includes(column) ? '' : asCsv(record, column)]));
      });
      const bySourcedId = (a: Row, b: Row) => (a.sourcedId < b.sourcedId ? -1 : a.sourcedId > b.sourcedId ? 1 : 0);
      expect([...files[name]].sort(bySourcedId)).toEqual(expected.sort(bySourcedId));
    }
  });
});

describe('export csv: a delta export after changes to the SIS [sqlite]', () => {
  let server: RunningServer;
  let client: OneRosterClient;
  let sis: Knex;
  let env: NodeJS.ProcessEnv;
  let watermark: string;
  let entries: Map<string, string>;
  let files: Record<string, Row[]>;
  const zip = join(OUT, 'delta.zip');
  const changed = { staff: '', school: '002', course: { SCH_CD: '003', CRS_NO: 'MA1010' }, enrollment: '', sections: [] as string[] };
  /** The SIS's wall clock (UTC) for LST_UPD_DT, a little after the watermark. */
  const sisNow = () => new Date(Date.now() + 1000).toISOString().replace('T', ' ').slice(0, 19);

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    rmSync(zip, { force: true });
    const copy = await writableDemoCopy('export-csv-delta');
    const store = freshTrackingStore();
    env = { ONEROSTER_DEMO_FILE: copy, ONEROSTER_TRACKING_STORE: `sqlite:${store}` };
    server = await startServerOn({ sqliteFile: copy }, (config) => (config.tracking.store = `sqlite:${store}`));
    client = new OneRosterClient(server.url);
    sis = knex({ client: 'better-sqlite3', connection: { filename: copy }, useNullAsDefault: true });
    const pass = () => server.app.get(SnapshotScheduler).runPass();
    await pass();
    await new Promise((resolve) => setTimeout(resolve, 20));
    watermark = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 20));

    const teacher = (await sis('STF_MSTR').where({ STF_TYP: 'T', DEL_FLG: 'N' }).orderBy('STF_ID').first('STF_ID')) as { STF_ID: number };
    changed.staff = `stf-${teacher.STF_ID}`;
    await sis('STF_MSTR').where('STF_ID', teacher.STF_ID).update({ FRST_NM: 'Renamed', LST_UPD_DT: sisNow() });
    await sis('SCH_MSTR').where('SCH_CD', changed.school).update({ LST_UPD_DT: sisNow() });
    // CRS_MSTR keeps no last-modified time: change tracking dates the course and its classes.
    await sis('CRS_MSTR').where(changed.course).update({ CRS_TTL: 'Algebra I, Honors' });
    const sections = (await sis('SECT_MSTR').where({ ...changed.course, SY_ID: 2027 }).select('SECT_NO')) as Array<{ SECT_NO: number }>;
    changed.sections = sections.map((row) => `cls-003-2027-${row.SECT_NO}`).sort();
    const dropped = (await sis('SECT_STU as R').join('STU_MSTR as S', 'S.STU_ID', 'R.STU_ID').where({ 'R.SY_ID': 2027, 'S.ENR_STAT': 'A', 'R.DROP_FLG': 'N', 'R.SCH_CD': '001' }).orderBy(['R.SECT_NO', 'R.STU_ID']).first('R.SECT_NO', 'R.STU_ID')) as { SECT_NO: number; STU_ID: string };
    changed.enrollment = `enr-001-2027-${dropped.SECT_NO}-s${String(dropped.STU_ID).trim()}`;
    await sis('SECT_STU').where({ SCH_CD: '001', SY_ID: 2027, SECT_NO: dropped.SECT_NO, STU_ID: dropped.STU_ID }).delete();
    await pass();

    const run = await runCli(['export', 'csv', '--out', zip, '--since', watermark], env);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toContain(`wrote ${zip} (OneRoster 1.1 CSV, delta since ${watermark})`);
    entries = await readZip(zip);
    files = Object.fromEntries([...entries].filter(([name]) => name !== 'manifest.csv').map(([name, text]) => [name.replace(/\.csv$/, ''), rowsOf(text)]));
  });
  afterAll(async () => {
    await sis?.destroy();
    await server?.close();
  });

  it('writes only the files with changes, each marked delta in the manifest', () => {
    expect(Object.keys(files).sort()).toEqual(['classes', 'courses', 'enrollments', 'orgs', 'users']);
    const manifest = manifestOf(entries);
    for (const name of DATA_FILES) expect([name, manifest[`file.${name}`]]).toEqual([name, name in files ? 'delta' : 'absent']);
    for (const name of Object.keys(files)) expect(entries.get(`${name}.csv`)!.split('\r\n')[0]).toBe(BINDING[name].header);
  });

  it('holds exactly the changed records, and the hard-deleted enrollment as a tobedeleted row', () => {
    expect(ids(files.users)).toEqual([changed.staff]);
    expect(files.users[0]).toMatchObject({ status: 'active', givenName: 'Renamed' });
    expect(ids(files.orgs)).toEqual([`sch-${changed.school}`]);
    expect(ids(files.courses)).toEqual(['crs-003-MA1010']);
    // The comma of the new title is data in a scalar column: quoted, kept.
    expect(files.courses[0].title).toBe('Algebra I, Honors');
    expect(ids(files.classes)).toEqual(changed.sections);
    expect(files.enrollments).toEqual([
      { sourcedId: changed.enrollment, status: 'tobedeleted', dateLastModified: expect.stringMatching(ISO_MS), classSourcedId: '', schoolSourcedId: '', userSourcedId: '', role: '', primary: '', beginDate: '', endDate: '' },
    ]);
  });

  it('fills status and dateLastModified (after --since) on every row, and the required columns of every active row', () => {
    for (const [name, rows] of Object.entries(files)) {
      for (const row of rows) {
        expect(row.dateLastModified).toMatch(ISO_MS);
        expect(Date.parse(row.dateLastModified)).toBeGreaterThan(Date.parse(watermark));
        expect(['active', 'tobedeleted']).toContain(row.status);
        if (row.status === 'active') for (const column of BINDING[name].required) expect([name, column, row[column] !== '']).toEqual([name, column, true]);
      }
    }
  });

  it("holds what the REST API's dateLastModified delta serves, value for value", async () => {
    for (const [name, { header }] of Object.entries(BINDING)) {
      const served = await client.walk(name, { filter: `dateLastModified>'${watermark}'` }, 5000);
      const expected = served.map((record) => Object.fromEntries(header.split(',').map((column) => [column, asCsv(record, column)])));
      expect([name, files[name] ?? []]).toEqual([name, expect.arrayContaining(expected)]);
      expect([name, (files[name] ?? []).length]).toEqual([name, served.length]);
    }
  });
});

describe('export csv: refusals and failures', () => {
  const zip = join(OUT, 'kept.zip');
  beforeAll(() => {
    mkdirSync(OUT, { recursive: true });
    writeFileSync(zip, 'the previous export');
  });

  it('refuses a --since that is not a date-time with a clear usage error (exit 2), before touching anything', async () => {
    const run = await runCli(['export', 'csv', '--out', zip, '--since', "2025-13-01'"], {});
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--since: expected an ISO 8601 date-time such as 2025-01-31T00:00:00Z, got '2025-13-01''");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(readFileSync(zip, 'utf8')).toBe('the previous export');
  });

  it('refuses an --out in a directory that does not exist, and requires --out', async () => {
    const missing = await runCli(['export', 'csv', '--out', join(OUT, 'nowhere', 'district.zip')], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--out: directory ${join(OUT, 'nowhere')} does not exist`);
    const none = await runCli(['export', 'csv'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("required option '--out <file.zip>'");
  });

  it('leaves the previous zip and no partial file when the export fails', async () => {
    const run = await runCli(['export', 'csv', '--out', zip, '--json'], { ONEROSTER_SOURCE_URL: 'postgres://nobody:secret@127.0.0.1:1/sis', ONEROSTER_DEMO_FILE: '' });
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false });
    expect(run.stderr).not.toContain('secret');
    expect(readFileSync(zip, 'utf8')).toBe('the previous export');
    expect(readdirSync(OUT).filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(existsSync(zip)).toBe(true);
  });
});
