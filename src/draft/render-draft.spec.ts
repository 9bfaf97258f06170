import { parse } from 'yaml';
import { compileMappingFile } from '../mapping/compile-mapping-file';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import type { DraftFile } from './draft-model';
import { renderDraftFile } from './render-draft';

const FILE: DraftFile = {
  entity: 'orgs',
  fileName: 'orgs.yaml',
  summary: ['Orgs from SCH_MSTR.'],
  sources: [
    {
      name: 'schools',
      table: 'SCH_MSTR',
      alias: 'S',
      guess: 'SCH_MSTR holds orgs (schools)',
      joins: [],
      where: [{ condition: { column: 'S.ACTV_FLG', in: ['Y', 'N'] }, guess: 'every school' }],
      fields: [
        { name: 'sourcedId', value: { template: 'sch-{S.SCH_CD}' }, guess: 'the key' },
        { name: 'dateLastModified', value: { latest: ['S.LST_UPD_DT'], default: '2020-01-01T00:00:00Z' } },
        { name: 'name', value: 'S.SCH_NM', guess: 'SCH_NM looks like a name' },
        { name: 'type', value: 'school' },
        { name: 'identifier', value: { coalesce: ['S.NCES_ID', 'S.SCH_CD'] } },
      ],
      unmapped: ['columns not mapped: ADDR1'],
    },
  ],
  notes: ['No district table was found.'],
};

describe(renderDraftFile.name, () => {
  const text = renderDraftFile(FILE, '../mapping.schema.json');

  it('starts with the schema header for editors and the draft notice', () => {
    expect(text.split('\n').slice(0, 2)).toEqual(['# yaml-language-server: $schema=../mapping.schema.json', '# Drafted by `oneroster-adapter mappings init`: a DRAFT. Every "GUESS" below is inferred from table']);
    expect(text).toContain('# Orgs from SCH_MSTR.');
  });

  it('puts each guess above what it guessed, and what is not mapped after the source and the file', () => {
    expect(text).toContain('  # GUESS: SCH_MSTR holds orgs (schools) — confirm\n  - name: schools');
    expect(text).toContain('      # GUESS: every school — confirm\n      - { column: S.ACTV_FLG, in: [ Y, N ] }');
    expect(text).toContain('      # GUESS: SCH_NM looks like a name — confirm\n      name: S.SCH_NM');
    expect(text).toContain('# Not mapped: columns not mapped: ADDR1');
    expect(text.trimEnd().endsWith('# No district table was found.')).toBe(true);
  });

  it('short expressions on one line, dates quoted, and the same data as the model', () => {
    expect(text).toContain('sourcedId: { template: "sch-{S.SCH_CD}" }');
    expect(text).toContain("dateLastModified: { latest: [ S.LST_UPD_DT ], default: '2020-01-01T00:00:00Z' }");
    expect(parse(text).sources[0].fields).toEqual(Object.fromEntries(FILE.sources[0].fields.map((field) => [field.name, field.value])));
  });

  it('compiles as a mapping file', () => {
    const diagnostics: MappingDiagnostic[] = [];
    expect(compileMappingFile('orgs.yaml', text, diagnostics)).toBeDefined();
    expect(diagnostics).toEqual([]);
  });
});
