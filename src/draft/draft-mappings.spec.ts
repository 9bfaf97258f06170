import knex from 'knex';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadDistrict } from '../demo/load-district';
import { compileMappings } from '../mapping/compile-mappings';
import { SourceDatabase } from '../source/source-database';
import type { DatabaseProfile } from './database-profile';
import { draftMappings } from './draft-mappings';
import { withInferredForeignKeys } from './infer-foreign-keys';
import { column, database, table } from './profile-builder';
import { readDatabaseProfile } from './read-database-profile';
import { writeDraft } from './write-draft';

/** A small district in the demo's legacy schema, in a real SQLite file, read the way `mappings init` reads it. */
async function demoProfile(dir: string): Promise<DatabaseProfile> {
  const filename = join(dir, 'sis.sqlite');
  const owner = knex({ client: 'better-sqlite3', connection: { filename }, useNullAsDefault: true });
  await loadDistrict(owner, { students: 60 });
  await owner.destroy();
  const source = new SourceDatabase({ client: 'better-sqlite3', connection: { filename }, display: `sqlite:${filename}` }, { poolMax: 1, connectTimeoutMs: 5000, queryTimeoutMs: 5000, timeZone: 'UTC' });
  try {
    return withInferredForeignKeys(await readDatabaseProfile(source));
  } finally {
    await source.close();
  }
}

describe(draftMappings.name, () => {
  let dir: string;
  let profile: DatabaseProfile;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'draft-spec-'));
    profile = await demoProfile(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads types, keys and bounded samples from the live catalogue', () => {
    const students = profile.tables.find((item) => item.name === 'STU_MSTR')!;
    expect(students.primaryKey).toEqual(['STU_ID']);
    expect(students.rowCount).toBe(60);
    expect(students.columns.find((item) => item.name === 'BRTH_DT')).toMatchObject({ kind: 'date', nullable: true });
    expect(students.columns.find((item) => item.name === 'FRST_NM')).toMatchObject({ kind: 'text', nullable: false });
    expect(students.columns.find((item) => item.name === 'GNDR')!.samples.map((sample) => sample.value).sort()).toEqual(expect.arrayContaining(['F', 'M']));
    // No foreign key is declared in the demo: these are inferred from the names.
    expect(students.foreignKeys).toEqual(expect.arrayContaining([expect.objectContaining({ columns: ['SCH_CD'], references: { table: 'SCH_MSTR', columns: ['SCH_CD'] }, declared: false })]));
    expect(profile.tables.find((item) => item.name === 'CD_GNDR')!.rows).toEqual(expect.arrayContaining([{ GNDR_CD: 'M', GNDR_DESC: 'Male' }]));
  });

  it('drafts every entity of the demo schema, and the drafted files compile as they are', () => {
    const set = draftMappings(profile);
    expect(set.drafts.filter((draft) => draft.leftOut)).toEqual([]);
    const out = join(dir, 'draft');
    const written = writeDraft(set, out, { source: 'sqlite:sis.sqlite' });
    expect(written.files.map((file) => file.entity).sort()).toEqual(['academicSessions', 'classes', 'courses', 'demographics', 'enrollments', 'orgs', 'users']);
    const compiled = compileMappings(out);
    expect(compiled.entities.get('users')!.sources.map((source) => source.name)).toEqual(['students', 'staff', 'contacts']);
  });

  it('marks every guess, and starts each file with the schema header and the draft notice', () => {
    const out = join(dir, 'marked');
    writeDraft(draftMappings(profile), out, { source: 'sqlite:sis.sqlite' });
    for (const name of readdirSync(out).filter((file) => file.endsWith('.yaml'))) {
      const text = readFileSync(join(out, name), 'utf8');
      expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*mapping\.schema\.json$/);
      expect(text).toContain('a DRAFT. Every "GUESS" below is inferred');
      expect(text).toMatch(/# GUESS: .+ — confirm/);
      // Each source says which table it reads and why.
      expect(text).toMatch(/# GUESS: \w+ holds .+ confidence/);
    }
    const users = readFileSync(join(out, 'users.yaml'), 'utf8');
    expect(users).toContain('# GUESS: FRST_NM looks like a first name — confirm\n      givenName: S.FRST_NM');
    expect(users).toContain('# GUESS: STU_MSTR holds users (students) (high confidence: BRTH_DT looks like a birth date;');
    expect(users).toMatch(/# Not mapped: columns not mapped: .*HIRE_DT/);
  });

  it('leaves out what it cannot draft soundly, saying why, and the rest still compiles', () => {
    const withoutCourses = { ...profile, tables: profile.tables.filter((item) => item.name !== 'CRS_MSTR') };
    const set = draftMappings(withoutCourses);
    expect(set.drafts.find((draft) => draft.entity === 'classes')!.leftOut).toMatch(/SECT_MSTR looks like sections but does not reference a course table/);
    expect(set.drafts.find((draft) => draft.entity === 'courses')!.leftOut).toMatch(/no table looks like a course catalogue/);
    const out = join(dir, 'partial');
    writeDraft(set, out, { source: 'sqlite:sis.sqlite' });
    expect([...compileMappings(out).entities.keys()].sort()).toEqual(['academicSessions', 'demographics', 'enrollments', 'orgs', 'users']);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toContain('- **classes**: SECT_MSTR looks like sections but');
  });

  it('a person table without a way to its school is not drafted into users (orgs is required)', () => {
    const lonely = withInferredForeignKeys(
      database([
        table('SCHOOL', [column('SCHOOL_ID', 'integer', ['1']), column('SCHOOL_NAME')], { primaryKey: ['SCHOOL_ID'] }),
        table('STUDENT', [column('STUDENT_ID', 'integer', ['1', '2']), column('FIRST_NAME'), column('LAST_NAME'), column('BIRTH_DATE', 'date')], { primaryKey: ['STUDENT_ID'] }),
      ]),
    );
    const users = draftMappings(lonely).drafts.find((draft) => draft.entity === 'users')!;
    expect(users.file).toBeUndefined();
    expect(users.leftOut).toContain('STUDENT (students) is not drafted: no reference from STUDENT to the school table SCHOOL');
  });

  it('--force replaces an earlier draft, leaves other files alone and reports them', () => {
    const out = join(dir, 'forced');
    writeDraft(draftMappings(profile), out, { source: 'a' });
    writeFileSync(join(out, 'mine.yaml'), 'version: 1\n');
    const withoutCourses = { ...profile, tables: profile.tables.filter((item) => item.name !== 'CRS_MSTR') };
    const written = writeDraft(draftMappings(withoutCourses), out, { source: 'a', force: true });
    expect(written.replaced).toEqual(expect.arrayContaining(['courses.yaml', 'classes.yaml', 'users.yaml']));
    expect(written.foreign).toEqual(['mine.yaml']);
    expect(readdirSync(out)).not.toContain('courses.yaml');
    expect(readdirSync(out)).toContain('mine.yaml');
  });
});
