import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ENTITY_NAMES, EntityName } from '../oneroster/entity-catalogue';
import { compileMappings } from './compile-mappings';
import type { CompiledMapping, Condition, FieldMapping, SourceMapping } from './compiled-mapping';
import { MappingDiagnostic, MappingDiagnosticCode, MappingError } from './diagnostics/mapping-diagnostic';
import { renderDiagnostics } from './diagnostics/render-diagnostics';

const REPO = resolve(__dirname, '../..');
const DEMO = join(REPO, 'mappings/demo');
const VALID = join(REPO, 'test/fixtures/mappings/valid');
const INVALID = join(REPO, 'test/fixtures/mappings/invalid');

/** Floors, so that a moved folder or a broken glob cannot make the fixture tests pass vacuously. */
const MIN_VALID_CASES = 16;
const MIN_INVALID_CASES = 35;

interface ExpectedDiagnostic {
  line: number;
  column: number;
  code: MappingDiagnosticCode;
  messageIncludes: string;
  file?: string;
}

/**
 * Where each diagnostic code is proven. Typed as a Record so a new code does not compile until
 * someone says how it is tested; the live-schema codes come from check-against-schema, not files.
 */
const CODE_COVERAGE: Record<MappingDiagnosticCode, 'invalid fixture' | 'live schema check'> = {
  MAPPING_FOLDER: 'invalid fixture',
  MAPPING_YAML_SYNTAX: 'invalid fixture',
  MAPPING_VERSION: 'invalid fixture',
  MAPPING_UNKNOWN_ENTITY: 'invalid fixture',
  MAPPING_DUPLICATE_ENTITY: 'invalid fixture',
  MAPPING_UNKNOWN_KEY: 'invalid fixture',
  MAPPING_MISSING_KEY: 'invalid fixture',
  MAPPING_WRONG_TYPE: 'invalid fixture',
  MAPPING_INVALID_NAME: 'invalid fixture',
  MAPPING_UNKNOWN_ALIAS: 'invalid fixture',
  MAPPING_DUPLICATE_ALIAS: 'invalid fixture',
  MAPPING_DUPLICATE_SOURCE: 'invalid fixture',
  MAPPING_UNKNOWN_FIELD: 'invalid fixture',
  MAPPING_REQUIRED_FIELD: 'invalid fixture',
  MAPPING_FIELD_SHAPE: 'invalid fixture',
  MAPPING_ENUM_VALUE: 'invalid fixture',
  MAPPING_TEMPLATE: 'invalid fixture',
  MAPPING_ROWS: 'invalid fixture',
  MAPPING_UNKNOWN_TABLE: 'live schema check',
  MAPPING_UNKNOWN_COLUMN: 'live schema check',
};

const validCases = readdirSync(VALID)
  .filter((name) => statSync(join(VALID, name)).isDirectory())
  .sort();
const invalidCases = readdirSync(INVALID)
  .filter((name) => name.endsWith('.expected.json'))
  .map((name) => name.slice(0, -'.expected.json'.length))
  .sort();

function expectedFor(name: string): ExpectedDiagnostic[] {
  return JSON.parse(readFileSync(join(INVALID, `${name}.expected.json`), 'utf8')) as ExpectedDiagnostic[];
}

const temporaryFolders: string[] = [];
afterAll(() => temporaryFolders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** A fresh folder holding copies of `files`, since compileMappings reads whole folders. */
function folderWith(...files: string[]): string {
  const folder = mkdtempSync(join(tmpdir(), 'mapping-spec-'));
  temporaryFolders.push(folder);
  for (const file of files) copyFileSync(file, join(folder, basename(file)));
  return folder;
}

/**
 * The subject of an invalid case: `<case>.yaml` alone (in a folder of its own), the folder
 * `<case>/`, or a folder that does not exist; and the file its diagnostics name by default.
 */
function invalidSubject(name: string): { folder: string; reported: string } {
  const file = join(INVALID, `${name}.yaml`);
  return existsSync(file) ? { folder: folderWith(file), reported: `${name}.yaml` } : { folder: join(INVALID, name), reported: name };
}

function diagnosticsOf(compile: () => unknown): readonly MappingDiagnostic[] {
  try {
    compile();
  } catch (error) {
    if (error instanceof MappingError) return error.diagnostics;
    throw error;
  }
  throw new Error('expected the mapping to be rejected');
}

const byPosition = <T extends { line: number; column: number; code: string }>(a: T, b: T) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code);

function source(mapping: CompiledMapping, entity: EntityName, name: string): SourceMapping {
  const found = mapping.entities.get(entity)?.sources.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no source ${entity}/${name}`);
  return found;
}

function field(mapping: CompiledMapping, entity: EntityName, sourceName: string, fieldName: string): FieldMapping {
  const found = source(mapping, entity, sourceName).fields.get(fieldName);
  if (!found) throw new Error(`${entity}/${sourceName} does not map ${fieldName}`);
  return found;
}

const col = (alias: string, column: string) => ({ kind: 'column', alias, column });
const constant = (value: string | number | boolean | null) => ({ kind: 'const', value });
const scalar = (expr: object) => ({ kind: 'scalar', expr });

describe(compileMappings.name, () => {
  const sut = compileMappings;

  describe('the demo mappings', () => {
    let demo: CompiledMapping;
    beforeAll(() => {
      demo = sut(DEMO);
    });

    test('compile into one mapping per OneRoster entity', () => {
      expect([...demo.entities.keys()].sort()).toEqual([...ENTITY_NAMES].sort());
      for (const [entity, mapping] of demo.entities) expect(basename(mapping.file)).toBe(`${entity.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.yaml`);
    });

    test('union users from students, staff and contacts, in file order', () => {
      expect(demo.entities.get('users')!.sources.map((s) => [s.name, s.index, s.from])).toEqual([
        ['students', 0, expect.objectContaining({ kind: 'table', table: 'STU_MSTR', alias: 'S' })],
        ['staff', 1, expect.objectContaining({ kind: 'table', table: 'STF_MSTR', alias: 'T' })],
        ['contacts', 2, expect.objectContaining({ kind: 'table', table: 'CNTCT_MSTR', alias: 'C' })],
      ]);
    });

    test('read users agents and staff orgs from child tables, with joins, conditions and order', () => {
      expect(field(demo, 'users', 'students', 'agents')).toMatchObject({
        kind: 'list',
        list: {
          kind: 'child',
          from: { table: 'STU_CNTCT', alias: 'L' },
          joins: [{ type: 'inner', table: 'CNTCT_MSTR', alias: 'C' }],
          on: [{ column: col('L', 'STU_ID'), parent: col('S', 'STU_ID') }],
          where: [{ kind: 'in', left: col('L', 'REL_CD'), values: ['M', 'F', 'G', 'S', 'R'], negate: false }, { kind: 'compare', op: '=' }, { kind: 'isNull', expr: col('C', 'EMAIL'), negate: true }],
          orderBy: [col('L', 'CNTCT_SEQ')],
        },
      });
      expect(field(demo, 'users', 'staff', 'orgs')).toMatchObject({ kind: 'list', list: { kind: 'child', orderBy: [{ kind: 'case' }, col('SS', 'SCH_CD')] } });
    });

    test('turn the SDS user flags into a metadata flags list', () => {
      const metadata = field(demo, 'users', 'students', 'metadata');
      expect(metadata.kind).toBe('metadata');
      const flags = metadata.kind === 'metadata' ? metadata.entries.get('microsoft.userFlags') : undefined;
      expect(flags?.kind === 'flags' && flags.flags.map((flag) => flag.name)).toEqual(['freeLunch', 'homeless', 'giftedOrTalented', '504', 'ELL', 'IEP']);
    });

    test('declare the district as rows and default its status to active', () => {
      expect(source(demo, 'orgs', 'district').from).toEqual({
        kind: 'rows',
        alias: 'D',
        columns: ['DIST_ID', 'DIST_NM', 'NCES_ID', 'UPD_DT'],
        rows: [['lusd', 'Lincoln Unified School District', '0622710', '2025-07-01T00:00:00Z']],
      });
      expect(field(demo, 'orgs', 'district', 'status')).toEqual(scalar(constant('active')));
      expect(field(demo, 'orgs', 'schools', 'parent')).toEqual({ kind: 'ref', expr: constant('dist-lusd') });
    });

    test('read class terms from a child table and grades from a delimited column', () => {
      expect(field(demo, 'classes', 'sections', 'terms')).toMatchObject({
        kind: 'list',
        list: { kind: 'child', from: { kind: 'table', table: 'SECT_TRM', alias: 'ST' }, joins: [], where: [], orderBy: [] },
      });
      expect(field(demo, 'classes', 'sections', 'grades')).toMatchObject({ kind: 'list', list: { kind: 'split', input: col('C', 'GRD_LVLS'), separator: ';' } });
      expect(field(demo, 'classes', 'sections', 'subjects')).toMatchObject({ kind: 'list', list: { kind: 'items', items: [col('SJ', 'SUBJ_DESC')] } });
      expect(source(demo, 'classes', 'sections').joins.map((join) => [join.alias, join.type])).toEqual([
        ['Y', 'inner'],
        ['C', 'inner'],
        ['SJ', 'left'],
      ]);
    });

    test('keep the reason a source gives for the rows it leaves out, next to the condition', () => {
      const contacts = source(demo, 'users', 'contacts');
      expect(contacts.where[0]).toEqual({ kind: 'isNull', expr: expect.objectContaining(col('C', 'EMAIL')), negate: true });
      expect(contacts.whereReasons?.[0]).toMatch(/without an e-mail/);
      expect(contacts.whereReasons?.slice(1).every((reason) => reason === undefined)).toBe(true);
      expect(source(demo, 'users', 'students').whereReasons).toBeUndefined();
    });

    test("read a contact's role from the first related row, in the mapping's order", () => {
      const role = field(demo, 'users', 'contacts', 'role');
      expect(role).toMatchObject({ kind: 'scalar', expr: { kind: 'map', input: { kind: 'first', value: col('R', 'REL_CD') }, default: 'guardian' } });
      const first = (role as unknown as { expr: { input: { related: { from: unknown; on: unknown[] }; orderBy: unknown[] } } }).expr.input;
      expect(first.related.from).toMatchObject({ table: 'STU_CNTCT', alias: 'R' });
      expect(first.related.on).toEqual([{ column: expect.objectContaining(col('R', 'CNTCT_ID')), parent: expect.objectContaining(col('C', 'CNTCT_ID')) }]);
      expect(first.orderBy).toHaveLength(1);
    });

    test('map term types with a default and enrollment roles as constants', () => {
      expect(field(demo, 'academicSessions', 'terms', 'type')).toMatchObject(
        scalar({ kind: 'map', input: col('T', 'TRM_TYP'), values: { S: 'term', Q: 'gradingPeriod', Y: 'schoolYear' }, default: 'term' }),
      );
      expect(field(demo, 'enrollments', 'students', 'role')).toEqual(scalar(constant('student')));
      expect(field(demo, 'enrollments', 'teachers', 'role')).toEqual(scalar(constant('teacher')));
    });

    test('serve demographics race flags as booleans through "is"', () => {
      expect(field(demo, 'demographics', 'students', 'asian')).toMatchObject(scalar({ kind: 'is', condition: { kind: 'compare', left: col('S', 'RACE_AS'), op: '=', right: constant('Y') } }));
    });
  });

  describe('valid fixtures', () => {
    /** What each fixture folder under test/fixtures/mappings/valid must compile into. */
    const checks: Record<string, (mapping: CompiledMapping) => void> = {
      'multi-source-union': (m) => {
        expect(m.entities.get('users')!.sources.map((s) => s.name)).toEqual(['students', 'staff']);
        expect(field(m, 'users', 'staff', 'role')).toEqual(scalar(constant('teacher')));
      },
      'inline-rows': (m) => {
        expect(source(m, 'orgs', 'districtAndState').from).toEqual({
          kind: 'rows',
          alias: 'D',
          columns: ['ID', 'NAME', 'KIND', 'NCES', 'RANK', 'PARENT'],
          rows: [
            ['lusd', 'Lincoln Unified', 'district', '0622710', 1, 'st-ca'],
            ['st-ca', 'California', 'state', null, 2, null],
          ],
        });
      },
      joins: (m) => {
        const joins = source(m, 'enrollments', 'students').joins;
        expect(joins.map((join) => [join.table, join.alias, join.type])).toEqual([
          ['SCH_YR', 'Y', 'inner'],
          ['SECT', 'K', 'inner'],
          ['CRS', 'C', 'inner'],
          ['ROOM', 'RM', 'left'],
        ]);
        expect(joins[0].on).toMatchObject([
          { column: col('Y', 'SY_ID'), equals: col('R', 'SY_ID') },
          { column: col('Y', 'CUR_YR_FLG'), equals: constant('Y') },
        ]);
        expect(joins[2].on).toMatchObject([{ column: col('C', 'CRS_NO'), equals: col('K', 'CRS_NO') }]);
      },
      'template-ids': (m) => {
        expect(field(m, 'courses', 'courses', 'sourcedId')).toMatchObject(scalar({ kind: 'template', parts: ['crs-', col('C', 'SCH_CD'), '-', col('C', 'CRS_NO')] }));
        expect(field(m, 'courses', 'courses', 'title')).toMatchObject(scalar({ kind: 'template', parts: ['{', col('C', 'CRS_TTL'), '} (no placeholder after this: })'] }));
      },
      'value-map-default': (m) => {
        expect(field(m, 'orgs', 'schools', 'type')).toMatchObject(scalar({ kind: 'map', values: { D: 'district', '1': 'school', DEPT: 'department' }, default: 'school' }));
        const metadata = field(m, 'orgs', 'schools', 'metadata');
        expect(metadata.kind === 'metadata' && metadata.entries.get('level')).toMatchObject(scalar({ kind: 'map', default: null }));
      },
      'latest-default': (m) => {
        expect(field(m, 'academicSessions', 'terms', 'dateLastModified')).toMatchObject(
          scalar({ kind: 'latest', exprs: [col('T', 'UPD_DT'), col('Y', 'UPD_DT'), col('T', 'CRT_DT')], default: '2020-01-01T00:00:00Z' }),
        );
      },
      'status-from-soft-delete': (m) => {
        expect(field(m, 'courses', 'courses', 'status')).toMatchObject(
          scalar({ kind: 'case', whens: [{ when: { kind: 'compare', left: col('C', 'DEL_FLG'), op: '=', right: constant('Y') }, then: constant('tobedeleted') }], else: constant('active') }),
        );
      },
      'coalesce-trim-lower': (m) => {
        expect(field(m, 'users', 'contacts', 'username')).toMatchObject(
          scalar({ kind: 'fn', fn: 'lower', arg: { kind: 'coalesce', exprs: [col('C', 'EMAIL'), col('C', 'ALT_EMAIL'), { kind: 'template' }] } }),
        );
        expect(field(m, 'users', 'contacts', 'givenName')).toMatchObject(scalar({ kind: 'fn', fn: 'trim', arg: col('C', 'FIRST') }));
        expect(field(m, 'users', 'contacts', 'familyName')).toMatchObject(scalar({ kind: 'fn', fn: 'upper', arg: { kind: 'fn', fn: 'trim' } }));
      },
      'is-boolean': (m) => {
        expect(field(m, 'demographics', 'students', 'asian')).toMatchObject(scalar({ kind: 'is', condition: { kind: 'compare', op: '=' } }));
        expect(field(m, 'demographics', 'students', 'white')).toMatchObject(scalar({ kind: 'is', condition: { kind: 'in', values: ['Y', '1'] } }));
        expect(field(m, 'demographics', 'students', 'hispanicOrLatinoEthnicity')).toMatchObject(scalar({ kind: 'is', condition: { kind: 'any' } }));
        expect(field(m, 'demographics', 'students', 'demographicRaceTwoOrMoreRaces')).toEqual(scalar(constant(true)));
      },
      'items-list': (m) => {
        expect(field(m, 'users', 'students', 'orgs')).toMatchObject({
          kind: 'list',
          list: { kind: 'items', items: [{ kind: 'template' }, { kind: 'template' }, constant('dist-lusd')] },
        });
        expect(field(m, 'users', 'students', 'agents')).toMatchObject({ kind: 'list', list: { kind: 'items', items: [{ kind: 'template' }] } });
        expect(field(m, 'users', 'students', 'grades')).toMatchObject({ kind: 'list', list: { kind: 'items', items: [{ kind: 'map', values: { K: 'KG', '1': '01' } }] } });
      },
      'split-list': (m) => {
        expect(field(m, 'courses', 'courses', 'grades')).toMatchObject({ kind: 'list', list: { kind: 'split', input: col('C', 'GRD_LVLS'), separator: ';' } });
        expect(field(m, 'courses', 'courses', 'subjectCodes')).toMatchObject({ kind: 'list', list: { kind: 'split', input: { kind: 'fn', fn: 'trim' }, separator: ', ' } });
      },
      'child-table-list': (m) => {
        expect(field(m, 'classes', 'sections', 'terms')).toMatchObject({
          kind: 'list',
          list: {
            kind: 'child',
            from: { table: 'SECT_TRM', alias: 'ST' },
            joins: [{ table: 'TRM', alias: 'T', type: 'inner' }],
            on: [
              { column: col('ST', 'SECT_NO'), parent: col('K', 'SECT_NO') },
              { column: col('ST', 'SY_ID'), parent: col('K', 'SY_ID') },
            ],
            where: [{ kind: 'compare', left: col('T', 'DEL_FLG'), op: '!=', right: constant('Y') }],
            value: { kind: 'template' },
            orderBy: [col('T', 'BEG_DT'), col('ST', 'TRM_CD')],
          },
        });
        expect(field(m, 'classes', 'sections', 'periods')).toMatchObject({ kind: 'list', list: { kind: 'child', joins: [], where: [], orderBy: [col('P', 'PRD_SEQ')] } });
      },
      'metadata-flags': (m) => {
        const metadata = field(m, 'users', 'students', 'metadata');
        if (metadata.kind !== 'metadata') throw new Error('metadata expected');
        expect(metadata.entries.get('stateId')).toMatchObject(scalar(col('S', 'ST_ID')));
        expect(metadata.entries.get('homeLanguage')).toMatchObject(scalar({ kind: 'fn', fn: 'lower' }));
        expect(metadata.entries.get('microsoft.userFlags')).toMatchObject({
          kind: 'flags',
          flags: [
            { name: 'freeLunch', when: { kind: 'compare', left: col('S', 'FRL_CD') } },
            { name: '504', when: { kind: 'compare' } },
            { name: 'IEP', when: { kind: 'all', conditions: [{ kind: 'compare' }, { kind: 'isNull', negate: false }] } },
          ],
        });
      },
      conditions: (m) => {
        const where: readonly Condition[] = source(m, 'enrollments', 'rosters').where;
        expect(where).toMatchObject([
          { kind: 'in', left: col('R', 'STAT'), values: ['A', 'W'], negate: false },
          { kind: 'in', values: ['X', 9], negate: true },
          { kind: 'isNull', expr: col('R', 'STU_ID'), negate: true },
          { kind: 'compare', op: '>', right: constant(0) },
          { kind: 'compare', op: '>=' },
          { kind: 'compare', op: '<' },
          { kind: 'compare', op: '<=' },
          { kind: 'compare', op: '!=', right: col('R', 'ENTRY_DT') },
          { kind: 'compare', left: { kind: 'fn', fn: 'trim' }, op: '!=', right: constant('') },
          { kind: 'any', conditions: [{ kind: 'isNull', negate: false }, { kind: 'compare', op: '>' }] },
          { kind: 'all', conditions: [{ kind: 'not', condition: { kind: 'compare' } }, { kind: 'all', conditions: [{ kind: 'compare' }, { kind: 'compare' }] }] },
          {
            kind: 'not',
            condition: {
              kind: 'exists',
              related: { from: { table: 'HOLD', alias: 'H' }, joins: [{ table: 'HOLD_TYP', alias: 'HT' }], on: [{ column: col('H', 'STU_ID'), parent: col('R', 'STU_ID') }], where: [{ kind: 'compare' }] },
            },
          },
        ]);
        expect(field(m, 'enrollments', 'rosters', 'status')).toMatchObject(scalar({ kind: 'case', whens: [{ when: { kind: 'not' } }] }));
      },
      'schema-qualified-table': (m) => {
        const students = source(m, 'users', 'students');
        expect(students.from).toMatchObject({ kind: 'table', table: 'dbo.STU' });
        expect(students.joins[0]).toMatchObject({ table: 'sis.SCH', alias: 'H' });
        expect(field(m, 'users', 'students', 'orgs')).toMatchObject({ kind: 'list', list: { kind: 'child', from: { table: 'dbo.STU_SCH' } } });
      },
      'constants-and-values': (m) => {
        expect(field(m, 'orgs', 'schools', 'sourcedId')).toMatchObject(scalar(col('S', 'SCH_CD')));
        expect(field(m, 'orgs', 'schools', 'identifier')).toEqual(scalar(constant('S.SCH_CD')));
        expect(field(m, 'orgs', 'schools', 'name')).toMatchObject(scalar({ kind: 'concat', parts: [col('S', 'SCH_NM'), constant('X.Y'), col('S', 'CITY')], separator: ' / ' }));
        expect(field(m, 'orgs', 'schools', 'parent')).toEqual({ kind: 'ref', expr: constant(null) });
        const metadata = field(m, 'orgs', 'schools', 'metadata');
        expect(metadata.kind === 'metadata' && [...metadata.entries.values()]).toEqual([scalar(constant(3)), scalar(constant(false)), scalar(constant('Learning first'))]);
      },
    };

    test(`are discovered (at least ${MIN_VALID_CASES}) and each has a check of its compiled result`, () => {
      expect(validCases.length).toBeGreaterThanOrEqual(MIN_VALID_CASES);
      expect(validCases).toEqual(Object.keys(checks).sort());
    });

    test.each(validCases)('%s compiles into what it exercises', (name) => {
      const mapping = sut(join(VALID, name));

      checks[name](mapping);
    });
  });

  describe('invalid fixtures', () => {
    test(`are discovered (at least ${MIN_INVALID_CASES}) and cover every code a mapping file can produce`, () => {
      expect(invalidCases.length).toBeGreaterThanOrEqual(MIN_INVALID_CASES);
      const covered = new Set(invalidCases.flatMap((name) => expectedFor(name).map((d) => d.code)));
      const fileCodes = (Object.keys(CODE_COVERAGE) as MappingDiagnosticCode[]).filter((code) => CODE_COVERAGE[code] === 'invalid fixture');
      expect(fileCodes.filter((code) => !covered.has(code))).toEqual([]);
    });

    test('each state one problem in a first comment line (multiple-problems states several)', () => {
      const files = invalidCases.filter((name) => existsSync(join(INVALID, `${name}.yaml`)));
      for (const name of files) expect(readFileSync(join(INVALID, `${name}.yaml`), 'utf8')).toMatch(/^# Problems?: /);
    });

    test.each(invalidCases)('%s is rejected with exactly the expected diagnostics', (name) => {
      const subject = invalidSubject(name);

      const diagnostics = diagnosticsOf(() => sut(subject.folder));

      const actual = [...diagnostics]
        .map((d) => ({ line: d.line, column: d.column, code: d.code, message: d.message, file: basename(d.file) }))
        .sort(byPosition);
      const expected = expectedFor(name)
        .map((e) => ({ line: e.line, column: e.column, code: e.code, message: expect.stringContaining(e.messageIncludes), file: e.file ?? subject.reported }))
        .sort(byPosition);
      expect(actual).toEqual(expected);
    });
  });

  test('reports the problems of every file in a folder in one pass', () => {
    const folder = folderWith(join(INVALID, 'unknown-field.yaml'), join(INVALID, 'wrong-version.yaml'), join(INVALID, 'rows-inconsistent.yaml'));

    const diagnostics = diagnosticsOf(() => sut(folder));

    expect(diagnostics.map((d) => [basename(d.file), d.code])).toEqual([
      ['rows-inconsistent.yaml', 'MAPPING_ROWS'],
      ['unknown-field.yaml', 'MAPPING_UNKNOWN_FIELD'],
      ['unknown-field.yaml', 'MAPPING_REQUIRED_FIELD'],
      ['wrong-version.yaml', 'MAPPING_VERSION'],
    ]);
  });

  test('throws one MappingError whose message counts the problems', () => {
    const folder = folderWith(join(INVALID, 'unknown-field.yaml'));

    const attempt = () => sut(folder);

    expect(attempt).toThrow(MappingError);
    expect(attempt).toThrow('2 problems in the mapping files');
  });

  test('keeps the YAML location of tables and columns for later passes (live-schema check, explain)', () => {
    const mapping = sut(join(VALID, 'status-from-soft-delete'));

    const status = field(mapping, 'courses', 'courses', 'status');
    const when = status.kind === 'scalar' && status.expr.kind === 'case' ? status.expr.whens[0].when : undefined;
    expect(source(mapping, 'courses', 'courses').from).toMatchObject({ at: { file: expect.stringMatching(/courses\.yaml$/), line: 7, column: 12 } });
    expect(when).toMatchObject({ kind: 'compare', left: { ...col('C', 'DEL_FLG'), at: { line: 13, column: 29 } } });
  });
});

describe(renderDiagnostics.name, () => {
  const sut = renderDiagnostics;

  test('prints file:line:column, the code and message, and a code frame with a caret under the column', () => {
    const folder = folderWith(join(INVALID, 'unknown-field.yaml'));
    const diagnostics = diagnosticsOf(() => compileMappings(folder));

    const output = sut(diagnostics, folder);

    expect(output).toBe(
      [
        'unknown-field.yaml: 2 problems',
        '  unknown-field.yaml:9:7  MAPPING_REQUIRED_FIELD  users.familyName is required by OneRoster but this source does not map it',
        '       9 |       sourcedId: { template: "stu-{S.ID}" }',
        '         |       ^',
        '  unknown-field.yaml:14:7  MAPPING_UNKNOWN_FIELD  "famlyName" is not a OneRoster users field; did you mean "familyName"?',
        '      14 |       famlyName: S.LAST',
        '         |       ^',
        '2 problems in the mapping files',
      ].join('\n'),
    );
  });
});
