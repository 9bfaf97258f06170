import { inferForeignKeys } from './infer-foreign-keys';
import { column, table } from './profile-builder';

const school = table('SCH_MSTR', [column('SCH_CD', 'CHAR(3)'), column('SCH_NM')], { primaryKey: ['SCH_CD'] });
const section = table('SECT_MSTR', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer'), column('SECT_NO', 'integer'), column('CRS_NO')], { primaryKey: ['SCH_CD', 'SY_ID', 'SECT_NO'] });
const roster = table('SECT_STU', [column('SCH_CD', 'CHAR(3)'), column('SY_ID', 'integer'), column('SECT_NO', 'integer'), column('STU_ID')], { primaryKey: ['SCH_CD', 'SY_ID', 'SECT_NO', 'STU_ID'] });

describe(inferForeignKeys.name, () => {
  it('a table holding every column of another table’s key references it', () => {
    const keys = inferForeignKeys(roster, [school, section, roster]);
    expect(keys).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ columns: ['SCH_CD'], references: { table: 'SCH_MSTR', columns: ['SCH_CD'] }, declared: false }),
        expect.objectContaining({ columns: ['SCH_CD', 'SY_ID', 'SECT_NO'], references: { table: 'SECT_MSTR', columns: ['SCH_CD', 'SY_ID', 'SECT_NO'] } }),
      ]),
    );
    expect(keys.find((key) => key.references.table === 'SECT_MSTR')!.evidence).toContain("has SECT_MSTR's key");
  });

  it('names compare case-insensitively and keep the referencing table’s spelling', () => {
    const lower = table('sect_stu', [column('sch_cd'), column('stu_id')]);
    expect(inferForeignKeys(lower, [school, lower])[0]).toMatchObject({ columns: ['sch_cd'], references: { table: 'SCH_MSTR' } });
  });

  it('a table is not its own parent, and tables keyed alike (extensions) reference neither way', () => {
    const extension = table('STU_EXT', [column('STU_ID'), column('NOTE')], { primaryKey: ['STU_ID'] });
    const students = table('STU_MSTR', [column('STU_ID'), column('SCH_CD')], { primaryKey: ['STU_ID'] });
    expect(inferForeignKeys(students, [students, extension]).filter((key) => key.references.table === 'STU_EXT')).toEqual([]);
    expect(inferForeignKeys(extension, [students, extension])).toEqual([]);
  });

  it('declared keys are not inferred again', () => {
    const declared = table('STU_MSTR', [column('STU_ID'), column('SCH_CD')], {
      primaryKey: ['STU_ID'],
      foreignKeys: [{ columns: ['SCH_CD'], references: { table: 'SCH_MSTR', columns: ['SCH_CD'] }, declared: true }],
    });
    expect(inferForeignKeys(declared, [school, declared])).toEqual([]);
  });

  it('student_id / studentId reference a student(s) table keyed by id; a bare id references nothing', () => {
    const students = table('students', [column('id', 'integer'), column('first_name')], { primaryKey: ['id'] });
    const classes = table('classes', [column('id', 'integer')], { primaryKey: ['id'] });
    const enrollments = table('enrollments', [column('id', 'integer'), column('student_id', 'integer'), column('classId', 'integer')], { primaryKey: ['id'] });
    const keys = inferForeignKeys(enrollments, [students, classes, enrollments]);
    expect(keys.map((key) => [key.columns[0], key.references.table])).toEqual([
      ['student_id', 'students'],
      ['classId', 'classes'],
    ]);
    const noKey = table('notes', [column('id', 'integer'), column('text')]);
    expect(inferForeignKeys(noKey, [students, classes, noKey])).toEqual([]);
  });

  it('GNDR references a code table keyed by GNDR_CD', () => {
    const codes = table('CD_GNDR', [column('GNDR_CD', 'CHAR(1)'), column('GNDR_DESC')], { primaryKey: ['GNDR_CD'] });
    const students = table('STU_MSTR', [column('STU_ID'), column('GNDR', 'CHAR(1)')], { primaryKey: ['STU_ID'] });
    expect(inferForeignKeys(students, [codes, students])).toEqual([expect.objectContaining({ columns: ['GNDR'], references: { table: 'CD_GNDR', columns: ['GNDR_CD'] } })]);
  });
});
