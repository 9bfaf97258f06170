import { checkMappingAgainstSchema, mappingTableNames } from './check-against-schema';
import { compileMappingFile } from './compile-mapping-file';
import type { CompiledMapping, EntityMapping } from './compiled-mapping';
import type { MappingDiagnostic } from './diagnostics/mapping-diagnostic';
import type { SchemaSnapshot } from './schema-snapshot';

/** A small legacy schema, written by hand: what `introspectSchema` would read from a database. */
function snapshot(overrides: Partial<SchemaSnapshot> = {}): SchemaSnapshot {
  const tables = [
    { name: 'STU_MSTR', columns: ['STU_ID', 'FRST_NM', 'LST_NM', 'SCH_CD', 'LST_UPD_DT', 'CRT_DT', 'ENR_STAT', 'IEP_FLG'] },
    { name: 'SCH_MSTR', columns: ['SCH_CD', 'SCH_NM', 'LST_UPD_DT'] },
    { name: 'STU_CNTCT', columns: ['STU_ID', 'CNTCT_ID', 'REL_CD', 'CNTCT_SEQ'] },
    { name: 'CNTCT_MSTR', columns: ['CNTCT_ID', 'DEL_FLG'] },
  ];
  return {
    tableNames: [...tables.map((table) => table.name), 'STF_MSTR', 'CD_GRD'],
    tables,
    caseSensitiveTables: true,
    caseSensitiveColumns: false,
    description: 'PostgreSQL schema "public"',
    listsReadableOnly: true,
    ...overrides,
  };
}

function compile(...files: Array<[string, string]>): CompiledMapping {
  const diagnostics: MappingDiagnostic[] = [];
  const entities = new Map<EntityMapping['entity'], EntityMapping>();
  for (const [file, text] of files) {
    const mapping = compileMappingFile(file, text, diagnostics);
    if (mapping) entities.set(mapping.entity, mapping);
  }
  expect(diagnostics).toEqual([]);
  return { entities };
}

/** A users file whose fields are given as YAML lines (indented under `fields:`). */
function users(fieldLines: string[], sourceLines: string[] = ['    table: STU_MSTR', '    alias: S']): [string, string] {
  const text = [
    'version: 1', // 1
    'entity: users', // 2
    'sources:', // 3
    '  - name: students', // 4
    ...sourceLines,
    '    fields:',
    '      sourcedId: { template: "stu-{S.STU_ID}" }',
    '      dateLastModified: { latest: [S.LST_UPD_DT, S.CRT_DT] }',
    '      username: S.STU_ID',
    '      enabledUser: true',
    '      givenName: S.FRST_NM',
    '      familyName: S.LST_NM',
    '      role: student',
    '      orgs: [{ template: "sch-{S.SCH_CD}" }]',
    ...fieldLines,
    '',
  ].join('\n');
  return ['/maps/users.yaml', text];
}

/** Line (1-based) of the first line of `text` containing `needle`, and the column where it starts. */
function positionOf(file: [string, string], needle: string, occurrence = 0): { line: number; column: number } {
  const lines = file[1].split('\n');
  let seen = 0;
  for (let index = 0; index < lines.length; index++) {
    const column = lines[index].indexOf(needle);
    if (column >= 0 && seen++ === occurrence) return { line: index + 1, column: column + 1 };
  }
  throw new Error(`${needle} not in fixture`);
}

describe('checkMappingAgainstSchema', () => {
  it('accepts a mapping whose tables and columns all exist', () => {
    expect(checkMappingAgainstSchema(compile(users([])), snapshot())).toEqual([]);
  });

  it('reports an unknown table at its name, with the closest existing table as a hint', () => {
    const file = users([], ['    table: STU_MSTRS', '    alias: S']);
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics).toEqual([
      {
        file: '/maps/users.yaml',
        ...positionOf(file, 'STU_MSTRS'),
        code: 'MAPPING_UNKNOWN_TABLE',
        message: 'table STU_MSTRS does not exist in PostgreSQL schema "public" (or this login cannot read it); did you mean STU_MSTR?',
        path: 'sources[0].table',
      },
    ]);
  });

  it('only mentions permissions where the catalogue hides what the login may not read', () => {
    const file = users([], ['    table: STU_MSTRS', '    alias: S']);
    const [diagnostic] = checkMappingAgainstSchema(compile(file), snapshot({ listsReadableOnly: false, description: 'the SQLite database' }));
    expect(diagnostic.message).toBe('table STU_MSTRS does not exist in the SQLite database; did you mean STU_MSTR?');
  });

  it('does not also report every column of a table that does not exist', () => {
    const file = users([], ['    table: NOTHING_LIKE_IT', '    alias: S']);
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics.map((d) => d.code)).toEqual(['MAPPING_UNKNOWN_TABLE']);
    expect(diagnostics[0].message).not.toMatch(/did you mean/);
  });

  it('reports an unknown column at the reference, naming the table behind the alias and the closest column', () => {
    const file = users(['      middleName: S.FRST_NAM']);
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics).toEqual([
      {
        file: '/maps/users.yaml',
        ...positionOf(file, 'S.FRST_NAM'),
        code: 'MAPPING_UNKNOWN_COLUMN',
        message: 'column STU_MSTR.FRST_NAM does not exist; did you mean FRST_NM?',
        path: 'sources[0].fields.middleName',
      },
    ]);
  });

  it('checks columns of joined tables against the joined table, and the join itself', () => {
    const file = users(
      ['      identifier: H.SCH_NAME', '      email: H.SCH_NM'],
      ['    table: STU_MSTR', '    alias: S', '    joins:', '      - { table: SCH_MSTR, alias: H, on: { H.SCH_CODE: S.SCH_CD }, type: left }'],
    );
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [positionOf(file, 'H.SCH_CODE').line, positionOf(file, 'H.SCH_CODE').column, 'column SCH_MSTR.SCH_CODE does not exist; did you mean SCH_CD?'],
      [positionOf(file, 'H.SCH_NAME').line, positionOf(file, 'H.SCH_NAME').column, 'column SCH_MSTR.SCH_NAME does not exist; did you mean SCH_NM?'],
    ]);
  });

  it('reports an unknown joined table at the join', () => {
    const file = users([], ['    table: STU_MSTR', '    alias: S', '    joins:', '      - { table: SCH_MSTER, alias: H, on: { H.SCH_CD: S.SCH_CD } }']);
    const [diagnostic] = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostic).toMatchObject({ code: 'MAPPING_UNKNOWN_TABLE', ...positionOf(file, '{ table: SCH_MSTER'), path: 'sources[0].joins[0]' });
    expect(diagnostic.message).toMatch(/table SCH_MSTER does not exist .*; did you mean SCH_MSTR\?$/);
  });

  it('checks the columns named in template placeholders', () => {
    const file = users(['      identifier: { template: "ID-{S.SCH_CD}-{S.STU_NO}" }']);
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'MAPPING_UNKNOWN_COLUMN',
        ...positionOf(file, '"ID-{'),
        message: 'column STU_MSTR.STU_NO does not exist; did you mean STU_ID?',
        path: 'sources[0].fields.identifier',
      }),
    ]);
  });

  it('checks child-table lists: their table, joins, on, where, value and orderBy in the child scope, the parent side in the source scope', () => {
    const file = users([
      '      agents:',
      '        table: STU_CNTCT',
      '        alias: L',
      '        joins:',
      '          - { table: CNTCT_MSTR, alias: C, on: { C.CNTCT_ID: L.CNTCT_ID } }',
      '        on: { L.STU_ID: S.STU_IDX }',
      '        where:',
      '          - { column: L.REL_CODE, in: [M, F] }',
      '          - { column: C.DEL_FLAG, eq: N }',
      '        value: { template: "con-{L.CNTCT_IDX}" }',
      '        orderBy: [L.CNTCT_SQ]',
    ]);
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      `${positionOf(file, 'S.STU_IDX').line}:${positionOf(file, 'S.STU_IDX').column} column STU_MSTR.STU_IDX does not exist; did you mean STU_ID?`,
      `${positionOf(file, 'L.REL_CODE').line}:${positionOf(file, 'L.REL_CODE').column} column STU_CNTCT.REL_CODE does not exist; did you mean REL_CD?`,
      `${positionOf(file, 'C.DEL_FLAG').line}:${positionOf(file, 'C.DEL_FLAG').column} column CNTCT_MSTR.DEL_FLAG does not exist; did you mean DEL_FLG?`,
      `${positionOf(file, '"con-').line}:${positionOf(file, '"con-').column} column STU_CNTCT.CNTCT_IDX does not exist; did you mean CNTCT_ID?`,
      `${positionOf(file, 'L.CNTCT_SQ').line}:${positionOf(file, 'L.CNTCT_SQ').column} column STU_CNTCT.CNTCT_SQ does not exist; did you mean CNTCT_SEQ?`,
    ]);
    expect(diagnostics.map((d) => d.path)).toEqual([
      'sources[0].fields.agents.on',
      'sources[0].fields.agents.where[0]',
      'sources[0].fields.agents.where[1]',
      'sources[0].fields.agents.value',
      'sources[0].fields.agents.orderBy[0]',
    ]);
  });

  it('reports an unknown child table', () => {
    const file = users(['      agents: { table: STU_CONTACT, alias: L, on: { L.STU_ID: S.STU_ID }, value: L.CNTCT_ID }']);
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics).toEqual([expect.objectContaining({ code: 'MAPPING_UNKNOWN_TABLE', ...positionOf(file, 'STU_CONTACT'), path: 'sources[0].fields.agents.table' })]);
  });

  it('checks conditions in where, case, is, metadata flags, split lists and value maps', () => {
    const file = users(
      [
        '      grades: { split: S.GRD_LVLS, separator: ";" }',
        '      identifier: { map: S.GRD_CODE, values: { K: KG } }',
        '      middleName:',
        '        case:',
        '          - when: { not: { column: S.ENR_STATUS, eq: A } }',
        '            then: x',
        '        else: { coalesce: [S.LST_NAME, S.FRST_NM] }',
        '      metadata:',
        '        flags:',
        '          flags: { IEP: { column: S.IEP_FLAG, eq: Y } }',
      ],
      ['    table: STU_MSTR', '    alias: S', '    where:', '      - { any: [{ column: S.ENR_STATE, in: [A] }, { column: S.CRT_DT, isNull: true }] }'],
    );
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics.map((d) => d.message.replace(/;.*/, ''))).toEqual([
      'column STU_MSTR.ENR_STATE does not exist',
      'column STU_MSTR.GRD_LVLS does not exist',
      'column STU_MSTR.GRD_CODE does not exist',
      'column STU_MSTR.ENR_STATUS does not exist',
      'column STU_MSTR.LST_NAME does not exist',
      'column STU_MSTR.IEP_FLAG does not exist',
    ]);
  });

  it('checks columns of declared rows against the declared column names', () => {
    const file: [string, string] = [
      '/maps/orgs.yaml',
      [
        'version: 1',
        'entity: orgs',
        'sources:',
        '  - name: district',
        '    alias: D',
        '    rows:',
        '      - { DIST_ID: lusd, DIST_NM: Lincoln, UPD_DT: "2025-07-01T00:00:00Z" }',
        '    fields:',
        '      sourcedId: { template: "dist-{D.DIST_ID}" }',
        '      dateLastModified: D.UPD_DT',
        '      name: D.DIST_NAME',
        '      type: district',
        '      identifier: D.NCES_ID',
        '',
      ].join('\n'),
    ];
    const diagnostics = checkMappingAgainstSchema(compile(file), snapshot());
    expect(diagnostics).toEqual([
      expect.objectContaining({
        code: 'MAPPING_UNKNOWN_COLUMN',
        ...positionOf(file, 'D.DIST_NAME'),
        message: 'column D.DIST_NAME is not one of the columns of the rows declared for D (DIST_ID, DIST_NM, UPD_DT); did you mean DIST_NM?',
      }),
      expect.objectContaining({ code: 'MAPPING_UNKNOWN_COLUMN', ...positionOf(file, 'D.NCES_ID'), message: expect.stringMatching(/^column D\.NCES_ID is not one of/) }),
    ]);
  });

  it('reports every problem in every file, not just the first', () => {
    const usersFile = users(['      middleName: S.MID_NM', '      phone: S.HOME_PHN'], ['    table: STU_MSTR', '    alias: S']);
    const orgsFile: [string, string] = [
      '/maps/orgs.yaml',
      ['version: 1', 'entity: orgs', 'sources:', '  - name: schools', '    table: SCHOOLS', '    alias: H', '    fields:', '      sourcedId: H.SCH_CD', '      dateLastModified: H.LST_UPD_DT', '      name: H.SCH_NM', '      type: school', '      identifier: H.SCH_CD', ''].join('\n'),
    ];
    const diagnostics = checkMappingAgainstSchema(compile(usersFile, orgsFile), snapshot());
    expect(diagnostics.map((d) => `${d.file.replace('/maps/', '')}:${d.line} ${d.code}`)).toEqual([
      `users.yaml:${positionOf(usersFile, 'S.MID_NM').line} MAPPING_UNKNOWN_COLUMN`,
      `users.yaml:${positionOf(usersFile, 'S.HOME_PHN').line} MAPPING_UNKNOWN_COLUMN`,
      'orgs.yaml:5 MAPPING_UNKNOWN_TABLE',
    ]);
  });

  it('compares names the way the database does', () => {
    const file = users(['      middleName: S.frst_nm'], ['    table: stu_mstr', '    alias: S']);
    const caseSensitive = checkMappingAgainstSchema(compile(file), snapshot({ caseSensitiveColumns: true }));
    expect(caseSensitive.map((d) => d.message)).toEqual([expect.stringMatching(/^table stu_mstr does not exist .*; did you mean STU_MSTR\?$/)]);
    const sensitiveColumnsOnly = checkMappingAgainstSchema(compile(file), snapshot({ caseSensitiveTables: false, caseSensitiveColumns: true }));
    expect(sensitiveColumnsOnly.map((d) => d.message)).toEqual(['column stu_mstr.frst_nm does not exist; did you mean FRST_NM?']);
    expect(checkMappingAgainstSchema(compile(file), snapshot({ caseSensitiveTables: false, caseSensitiveColumns: false }))).toEqual([]);
  });

  it('resolves schema-qualified table names and leaves the default-schema description out of their messages', () => {
    const schema = snapshot({ tables: [{ name: 'sis.STU_MSTR', columns: ['STU_ID', 'FRST_NM', 'LST_NM', 'SCH_CD', 'LST_UPD_DT', 'CRT_DT'] }], tableNames: ['sis.STU_MSTR'] });
    expect(checkMappingAgainstSchema(compile(users([], ['    table: sis.STU_MSTR', '    alias: S'])), schema)).toEqual([]);
    const [diagnostic] = checkMappingAgainstSchema(compile(users([], ['    table: sis.STU_MSTER', '    alias: S'])), schema);
    expect(diagnostic.message).toBe('table sis.STU_MSTER does not exist (or this login cannot read it); did you mean sis.STU_MSTR?');
  });

  it('lists every table a mapping reads, once', () => {
    const file = users(['      agents: { table: STU_CNTCT, alias: L, joins: [{ table: CNTCT_MSTR, alias: C, on: { C.CNTCT_ID: L.CNTCT_ID } }], on: { L.STU_ID: S.STU_ID }, value: L.CNTCT_ID }'], [
      '    table: STU_MSTR',
      '    alias: S',
      '    joins:',
      '      - { table: SCH_MSTR, alias: H, on: { H.SCH_CD: S.SCH_CD } }',
      '      - { table: SCH_MSTR, alias: H2, on: { H2.SCH_CD: S.SCH_CD } }',
    ]);
    expect(mappingTableNames(compile(file))).toEqual(['STU_MSTR', 'SCH_MSTR', 'STU_CNTCT', 'CNTCT_MSTR']);
  });
});
