import type { Knex } from 'knex';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DoctorFinding } from '../../src/tools/doctor-check';
import type { DoctorReport } from '../../src/tools/doctor-report';
import { describeEachSource, prepareSource, sisConnection, sourceTargets } from '../support/source-targets';
import { PROJECT_ROOT, writableDemoCopy } from '../support/test-server';
import { runBuiltCli } from '../support/run-built-tool';
import { sourceEnv } from '../support/spawned-server';

/** `oneroster-adapter doctor` as it runs after the build. */
const runDoctor = (args: string[], env: NodeJS.ProcessEnv) => runBuiltCli(['doctor', ...args], env);

/** [entity, severity, rule, count] of every finding. */
function findingSummary(report: DoctorReport): Array<[string, string, string, number]> {
  return report.entities.flatMap((entity) => entity.findings.map((finding): [string, string, string, number] => [entity.entity, finding.severity, finding.rule, finding.count]));
}

function finding(report: DoctorReport, entity: string, rule: string): DoctorFinding | undefined {
  return report.entities.find((candidate) => candidate.entity === entity)?.findings.find((candidate) => candidate.rule === rule);
}

/** The table line of a rule: severity, rule, count, and the example ids. */
function tableLine(severity: string, rule: string, count: number, example: string): RegExp {
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^ {2}${severity}\\s+${escape(rule)}\\s+${count.toLocaleString('en-US')}\\s+.*\\b${escape(example)}\\b`, 'm');
}

/**
 * What the demo district really has, as SDS would judge it: no errors. Its mapping does not serve
 * contacts without an e-mail, which SDS rejects (sds.md §2.3, §0 #10), and says why, so the doctor
 * counts them (left-out-by-mapping); the phone warnings are the SIS's 7-digit and junk numbers,
 * which the mapping's e164 expression leaves out of the records.
 */
const DEMO_FINDINGS: Array<[string, string, string, number]> = [
  ['users', 'warning', 'phone-left-out', 351],
  ['users', 'warning', 'sms-left-out', 170],
  ['users', 'info', 'sds-role', 8],
  ['users', 'warning', 'left-out-by-mapping', 68],
];

describeEachSource('oneroster-adapter doctor on the demo district', (target) => {
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const prepared = await prepareSource(target);
    env = sourceEnv(prepared);
  });

  it('reports exactly what the demo has, as JSON on stdout and nothing on stderr without a terminal', async () => {
    const { code, stdout, stderr } = await runDoctor(['--json'], env);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(report).toMatchObject({ version: '1.1', mappings: join(PROJECT_ROOT, 'mappings', 'demo') });
    expect(report.entities.map((entity) => [entity.entity, entity.records])).toEqual([
      ['academicSessions', 38],
      ['orgs', 4],
      ['courses', 79],
      ['classes', 346],
      ['users', 2391],
      ['enrollments', 8155],
      ['demographics', 993],
    ]);
    expect(findingSummary(report)).toEqual(DEMO_FINDINGS);
    expect([report.errors, report.warnings, report.info]).toEqual([0, 589, 8]);
    expect(report.ok).toBe(true);
    expect(code).toBe(0);
    // No progress bar when stderr is not a terminal.
    expect(stderr).toBe('');
    // Examples are sourcedIds, values are codes: no e-mail addresses or phone numbers in the report.
    const shown = report.entities.flatMap((entity) => entity.findings.flatMap((item) => [...item.examples, ...(item.values ?? [])]));
    expect(shown.join(' ')).not.toMatch(/@|\d{3}-\d{4}/);
  });

  it('prints the summary table and a table of rules per entity', async () => {
    const { code, stdout } = await runDoctor([], env);
    expect(stdout).toMatch(/^entity\s+records\s+errors\s+warnings\s+info$/m);
    expect(stdout).toMatch(/^users\s+2,391\s+0\s+589\s+8$/m);
    expect(stdout).toMatch(/^enrollments\s+8,155\s+0\s+0\s+0$/m);
    expect(stdout).toMatch(/^users \(2,391 records\)$/m);
    expect(stdout).toMatch(/^ {2}severity\s+rule\s+count\s+examples$/m);
    expect(stdout).toMatch(tableLine('warning', 'phone-left-out', 351, 'con-500014'));
    expect(stdout).toMatch(tableLine('warning', 'left-out-by-mapping', 68, 'con-500009'));
    expect(stdout).toMatch(/^Result {4}0 errors, 589 warnings, 8 info \(exit 0\)$/m);
    expect(code).toBe(0);
  });

  it('reads no data through mappings that do not match the database, and says where they are wrong', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'doctor-mappings-'));
    try {
      cpSync(join(PROJECT_ROOT, 'mappings', 'demo'), folder, { recursive: true });
      const users = join(folder, 'users.yaml');
      writeFileSync(users, readFileSync(users, 'utf8').replace('givenName: S.FRST_NM', 'givenName: S.FRST_NAM'));
      const { code, stdout } = await runDoctor(['--json'], { ...env, ONEROSTER_MAPPINGS: folder });
      const report = JSON.parse(stdout) as DoctorReport;
      expect(report).toMatchObject({ ok: false, errors: 1, entities: [], mappingProblems: [{ file: users, code: 'MAPPING_UNKNOWN_COLUMN' }] });
      expect(code).toBe(1);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

/**
 * Defects written into the legacy tables of a copy of the demo SIS, each one where the mapping
 * turns it into a served record (mappings/demo/*.yaml):
 * - a guardian's CNTCT_MSTR.EMAIL set to NULL (contacts are served when linked as M/F/G/S/R to an
 *   enrolled student);
 * - a guardian's CNTCT_MSTR.HOME_PHN = 'call me' (the e164 expression leaves it out of the record);
 * - a SECT_TCH row for a staff id STF_MSTR does not have: teacher enrollments are built from
 *   SECT_TCH without a join on STF_MSTR, so the enrollment's user does not resolve. (A SECT_STU
 *   row for a missing student is not served at all: the student enrollments inner-join STU_MSTR.)
 * - a student given another student's STU_MSTR.LOGIN_ID;
 * - a section whose SECT_TRM rows are deleted: a class without terms.
 * SQLite only: the other databases hold the shared pristine district the other suites read.
 */
describe('oneroster-adapter doctor on a demo copy with seeded defects [sqlite]', () => {
  const sqlite = sourceTargets().find((target) => target.name === 'sqlite')!;
  let file: string;
  let env: NodeJS.ProcessEnv;
  const seeded = { noEmail: '', badPhone: '', danglingEnrollment: '', orphanStudentEnrollment: '', duplicateUsername: [] as string[], noTerms: '' };

  beforeAll(async () => {
    file = await writableDemoCopy('doctor-defects');
    env = { ONEROSTER_SOURCE_URL: `sqlite:${file}` };
    const db = await sisConnection(sqlite, file);
    try {
      await seedDefects(db, seeded);
    } finally {
      await db.destroy();
    }
  });

  afterAll(() => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  });

  it('reports each defect with its severity, rule and sourcedId, in --json, and exits 1', async () => {
    const { code, stdout } = await runDoctor(['--json'], env);
    const report = JSON.parse(stdout) as DoctorReport;
    expect(code).toBe(1);
    expect(report.ok).toBe(false);
    expect(finding(report, 'users', 'left-out-by-mapping')).toMatchObject({ severity: 'warning', count: 69, examples: expect.arrayContaining([seeded.noEmail]) });
    expect(finding(report, 'users', 'left-out-by-mapping')?.message).toContain('without an e-mail');
    expect(finding(report, 'users', 'phone-left-out')).toMatchObject({ severity: 'warning', count: 352, examples: expect.arrayContaining([seeded.badPhone]) });
    expect(finding(report, 'enrollments', 'reference.user')).toMatchObject({ severity: 'error', count: 1, examples: [seeded.danglingEnrollment], missing: ['stf-99999'] });
    expect(finding(report, 'users', 'duplicate-username')).toMatchObject({ severity: 'error', count: 2, examples: seeded.duplicateUsername });
    expect(finding(report, 'classes', 'required.terms')).toMatchObject({ severity: 'error', count: 1, examples: [seeded.noTerms] });
    // Everything else is as in the pristine demo.
    const seededRules = ['left-out-by-mapping', 'phone-left-out', 'reference.user', 'duplicate-username', 'required.terms'];
    expect(findingSummary(report).filter(([, , rule]) => !seededRules.includes(rule))).toEqual(DEMO_FINDINGS.filter(([, , rule]) => !seededRules.includes(rule)));
    expect(stdout).not.toContain(seeded.orphanStudentEnrollment);
  });

  it('reports the same in the table output', async () => {
    const { code, stdout } = await runDoctor([], env);
    expect(code).toBe(1);
    expect(stdout).toMatch(tableLine('warning', 'left-out-by-mapping', 69, seeded.noEmail));
    expect(stdout).toMatch(tableLine('warning', 'phone-left-out', 352, seeded.badPhone));
    expect(stdout).toMatch(tableLine('error', 'reference.user', 1, seeded.danglingEnrollment));
    expect(stdout).toMatch(tableLine('error', 'duplicate-username', 2, seeded.duplicateUsername[1]));
    expect(stdout).toMatch(tableLine('error', 'required.terms', 1, seeded.noTerms));
    expect(stdout).toMatch(/^classes\s+346\s+1\s+0\s+0$/m);
    expect(stdout).toMatch(/^enrollments\s+8,156\s+1\s+0\s+0$/m);
    expect(stdout).toMatch(/\(exit 1\)$/m);
  });
});

/**
 * Writes the defects through knex builders and records the sourcedIds they should be reported
 * under. The contacts chosen are the two lowest-numbered served guardians, so they sort before
 * the demo's own examples of the same rules and are among the three examples shown.
 */
async function seedDefects(db: Knex, seeded: { noEmail: string; badPhone: string; danglingEnrollment: string; orphanStudentEnrollment: string; duplicateUsername: string[]; noTerms: string }): Promise<void> {
  const guardians = await db('CNTCT_MSTR as C')
    .select('C.CNTCT_ID')
    .where('C.DEL_FLG', 'N')
    .whereNotNull('C.EMAIL')
    .whereExists((linked) =>
      linked
        .select('G.CNTCT_ID')
        .from('STU_CNTCT as G')
        .join('STU_MSTR as GS', 'GS.STU_ID', 'G.STU_ID')
        .where('G.CNTCT_ID', db.ref('C.CNTCT_ID'))
        .whereIn('G.REL_CD', ['M', 'F', 'G', 'S', 'R'])
        .where('GS.ENR_STAT', 'A'),
    )
    .orderBy('C.CNTCT_ID')
    .limit(2);
  const [noEmail, badPhone] = guardians.map((row: { CNTCT_ID: number }) => row.CNTCT_ID);
  // The demo mapping then leaves the contact out, and the doctor reports it with the mapping's reason.
  await db('CNTCT_MSTR').where('CNTCT_ID', noEmail).update({ EMAIL: null });
  await db('CNTCT_MSTR').where('CNTCT_ID', badPhone).update({ HOME_PHN: 'call me' });
  seeded.noEmail = `con-${noEmail}`;
  seeded.badPhone = `con-${badPhone}`;
  // The demo's own examples of these rules start at con-500009 and con-500014.
  expect([seeded.noEmail < 'con-500009', seeded.badPhone < 'con-500014']).toEqual([true, true]);

  const [section] = await db('SECT_MSTR as K').join('SCH_YR as Y', 'Y.SY_ID', 'K.SY_ID').where('Y.CUR_YR_FLG', 'Y').where('K.DEL_FLG', 'N').select('K.SCH_CD', 'K.SY_ID', 'K.SECT_NO').orderBy(['K.SCH_CD', 'K.SECT_NO']).limit(1);
  const key = `${section.SCH_CD}-${section.SY_ID}-${section.SECT_NO}`;
  await db('SECT_TCH').insert({ SCH_CD: section.SCH_CD, SY_ID: section.SY_ID, SECT_NO: section.SECT_NO, STF_ID: 99999, PRIM_FLG: 'N' });
  seeded.danglingEnrollment = `enr-${key}-t99999`;
  await db('SECT_STU').insert({ SCH_CD: section.SCH_CD, SY_ID: section.SY_ID, SECT_NO: section.SECT_NO, STU_ID: '9999999', DROP_FLG: 'N' });
  seeded.orphanStudentEnrollment = `enr-${key}-s9999999`;
  expect(await db('STU_MSTR').where('STU_ID', '9999999').first()).toBeUndefined();
  expect(await db('STF_MSTR').where('STF_ID', 99999).first()).toBeUndefined();

  const students = await db('STU_MSTR').where('ENR_STAT', 'A').whereNotNull('LOGIN_ID').select('STU_ID', 'LOGIN_ID').orderBy('STU_ID').limit(2);
  await db('STU_MSTR').where('STU_ID', students[1].STU_ID).update({ LOGIN_ID: students[0].LOGIN_ID });
  seeded.duplicateUsername = students.map((row: { STU_ID: string }) => `stu-${row.STU_ID}`);

  const [other] = await db('SECT_MSTR as K').join('SCH_YR as Y', 'Y.SY_ID', 'K.SY_ID').where('Y.CUR_YR_FLG', 'Y').select('K.SCH_CD', 'K.SY_ID', 'K.SECT_NO').orderBy(['K.SCH_CD', 'K.SECT_NO']).offset(1).limit(1);
  const removed = await db('SECT_TRM').where({ SCH_CD: other.SCH_CD, SY_ID: other.SY_ID, SECT_NO: other.SECT_NO }).delete();
  expect(removed).toBeGreaterThan(0);
  seeded.noTerms = `cls-${other.SCH_CD}-${other.SY_ID}-${other.SECT_NO}`;
}
