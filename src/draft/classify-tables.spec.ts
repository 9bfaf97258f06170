import { classifyTables, tableFor } from './classify-tables';
import type { TableProfile } from './database-profile';
import { withInferredForeignKeys } from './infer-foreign-keys';
import { codeTable, column, database, table } from './profile-builder';
import type { TableKind } from './table-kinds';

const YN = ['N', 'N', 'Y'];
const upd = () => column('LST_UPD_DT', 'datetime', ['2026-01-01 10:00:00', null]);

/** A small SIS in the demo's legacy style: names abbreviated, no declared foreign keys. */
function legacyTables(): TableProfile[] {
  return [
    codeTable('CD_ENR_STAT', 'ENR_STAT', 'STAT_DESC', { A: 'Active', W: 'Withdrawn', P: 'Pre-registered' }),
    table('SCH_MSTR', [column('SCH_CD', 'CHAR(3)', ['001', '002']), column('SCH_NM', 'varchar(60)', ['Lincoln Elementary']), column('NCES_ID'), column('ADDR1'), column('ACTV_FLG', 'CHAR(1)', YN), upd()], { primaryKey: ['SCH_CD'] }),
    table('SCH_YR', [column('SY_ID', 'integer', ['2026', '2027']), column('SY_DESC', 'varchar(9)'), column('BEG_DT', 'date'), column('END_DT', 'date'), column('CUR_YR_FLG', 'CHAR(1)', YN)], { primaryKey: ['SY_ID'] }),
    table('TRM_MSTR', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer', ['2026']), column('TRM_CD', 'varchar(2)'), column('TRM_TYP', 'CHAR(1)', ['S', 'Q']), column('TRM_DESC'), column('BEG_DT', 'date'), column('END_DT', 'date')], { primaryKey: ['SCH_CD', 'SY_ID', 'TRM_CD'] }),
    table('STU_MSTR', [column('STU_ID', 'CHAR(7)'), column('FRST_NM'), column('LST_NM'), column('BRTH_DT', 'date'), column('GRD_CD', 'varchar(2)', ['K', '1']), column('SCH_CD', 'CHAR(3)'), column('ENR_STAT', 'CHAR(1)', ['A', 'W'])], { primaryKey: ['STU_ID'] }),
    table('STF_MSTR', [column('STF_ID', 'integer'), column('EMP_NO'), column('FRST_NM'), column('LST_NM'), column('HIRE_DT', 'date'), column('STF_TYP', 'CHAR(1)', ['T', 'A'])], { primaryKey: ['STF_ID'] }),
    table('STF_SCH', [column('STF_ID', 'integer'), column('SCH_CD', 'CHAR(3)'), column('PRIM_FLG', 'CHAR(1)', YN)], { primaryKey: ['STF_ID', 'SCH_CD'] }),
    table('CNTCT_MSTR', [column('CNTCT_ID', 'integer'), column('FRST_NM'), column('LST_NM'), column('HOME_PHN')], { primaryKey: ['CNTCT_ID'] }),
    table('STU_CNTCT', [column('STU_ID', 'CHAR(7)'), column('CNTCT_ID', 'integer'), column('REL_CD', 'CHAR(1)', ['M', 'F'])], { primaryKey: ['STU_ID', 'CNTCT_ID'] }),
    table('CRS_MSTR', [column('SCH_CD', 'CHAR(3)'), column('CRS_NO'), column('CRS_TTL'), column('GRD_LVLS', 'varchar(40)', ['09;10'])], { primaryKey: ['SCH_CD', 'CRS_NO'] }),
    table('SECT_MSTR', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer'), column('SECT_NO', 'integer'), column('CRS_NO'), column('ROOM_NO'), column('PRD', 'varchar(10)', ['1'])], { primaryKey: ['SCH_CD', 'SY_ID', 'SECT_NO'] }),
    table('SECT_TRM', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer'), column('SECT_NO', 'integer'), column('TRM_CD', 'varchar(2)')], { primaryKey: ['SCH_CD', 'SY_ID', 'SECT_NO', 'TRM_CD'] }),
    table('SECT_STU', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer'), column('SECT_NO', 'integer'), column('STU_ID', 'CHAR(7)'), column('ENTRY_DT', 'date'), column('EXIT_DT', 'date'), column('DROP_FLG', 'CHAR(1)', YN)], { primaryKey: ['SCH_CD', 'SY_ID', 'SECT_NO', 'STU_ID'] }),
    table('SECT_TCH', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer'), column('SECT_NO', 'integer'), column('STF_ID', 'integer'), column('PRIM_FLG', 'CHAR(1)', YN)], { primaryKey: ['SCH_CD', 'SY_ID', 'SECT_NO', 'STF_ID'] }),
  ];
}

const legacyProfile = () => withInferredForeignKeys(database(legacyTables()));

describe(classifyTables.name, () => {
  const classification = classifyTables(legacyProfile());
  const kindOf = (name: string) => classification.guesses.find((guess) => guess.table === name)?.kind;

  test.each<[string, TableKind]>([
    ['CD_ENR_STAT', 'codeTable'],
    ['SCH_MSTR', 'school'],
    ['SCH_YR', 'schoolYear'],
    ['TRM_MSTR', 'term'],
    ['STU_MSTR', 'student'],
    ['STF_MSTR', 'staff'],
    ['STF_SCH', 'staffSchool'],
    ['CNTCT_MSTR', 'contact'],
    ['STU_CNTCT', 'studentContact'],
    ['CRS_MSTR', 'course'],
    ['SECT_MSTR', 'section'],
    ['SECT_TRM', 'sectionTerm'],
    ['SECT_STU', 'studentSection'],
    ['SECT_TCH', 'staffSection'],
  ])('%s is %s', (table, kind) => {
    expect(kindOf(table)).toBe(kind);
  });

  it('says why, strongest evidence first, with a confidence', () => {
    const students = tableFor(classification, 'student')!;
    expect(students.confidence).toBe('high');
    expect(students.evidence[0]).toBe('BRTH_DT looks like a birth date');
    expect(students.evidence).toContain('the table name STU_MSTR says students');
  });

  it('the same columns under modern names are recognised too', () => {
    const modern = withInferredForeignKeys(
      database([
        table('schools', [column('id', 'integer', ['1', '2']), column('name'), column('nces_id'), column('street_address')], { primaryKey: ['id'] }),
        table('students', [column('id', 'integer', ['1', '2']), column('first_name'), column('last_name'), column('date_of_birth', 'date'), column('grade_level', 'varchar(2)', ['9']), column('school_id', 'integer')], { primaryKey: ['id'] }),
        table('teachers', [column('id', 'integer', ['1']), column('first_name'), column('last_name'), column('hire_date', 'date'), column('school_id', 'integer')], { primaryKey: ['id'] }),
      ]),
    );
    const result = classifyTables(modern);
    expect(result.guesses.map((guess) => [guess.table, guess.kind])).toEqual([
      ['schools', 'school'],
      ['students', 'student'],
      ['teachers', 'staff'],
    ]);
  });

  it('leaves tables no rule recognises unclassified', () => {
    const result = classifyTables(database([table('AUDIT_LOG', [column('ID', 'integer'), column('PAYLOAD', 'text')])]));
    expect(result.guesses).toEqual([]);
    expect(result.unclassified).toEqual(['AUDIT_LOG']);
  });

  it('a link table is a link only when both ends are what it links', () => {
    const withoutSections = legacyTables().filter((item) => item.name !== 'SECT_MSTR');
    const result = classifyTables(withInferredForeignKeys(database(withoutSections)));
    expect(result.guesses.find((guess) => guess.table === 'SECT_STU')?.kind).not.toBe('studentSection');
  });
});
