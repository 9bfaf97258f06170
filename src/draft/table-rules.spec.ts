import { codeTable, column, table } from './profile-builder';
import { TableFacts } from './table-facts';
import type { TableKind } from './table-kinds';
import { codeTableRule, contactRule, courseRule, districtRule, RuleContext, schoolRule, schoolYearRule, sectionRule, staffRule, staffSectionRule, studentRule, termRule } from './table-rules';

const score = (evidence: ReturnType<typeof studentRule>) => evidence?.reduce((sum, item) => sum + item.points, 0);
const facts = (...args: Parameters<typeof table>) => new TableFacts(table(...args));
const alone: RuleContext = { kindOf: () => undefined, references: () => [], referencedBy: () => [] };
/** A context in which `table` references `targets`, each already taken for a kind. */
function linked(targets: Array<[TableFacts, TableKind]>): RuleContext {
  const kinds = new Map(targets.map(([target, kind]) => [target.name, kind]));
  return { kindOf: (name) => kinds.get(name), references: () => targets.map(([target]) => target), referencedBy: () => [] };
}

const names = [column('FIRST_NAME'), column('LAST_NAME')];

describe('table rules', () => {
  it('person rules need first and last names', () => {
    const noNames = facts('STUDENT', [column('ID'), column('BIRTH_DATE', 'date')]);
    expect(studentRule(noNames, alone)).toBeUndefined();
    expect(staffRule(noNames, alone)).toBeUndefined();
    expect(contactRule(noNames, alone)).toBeUndefined();
  });

  it('birth date and grade make students; hire date and employee number make staff', () => {
    const pupils = facts('PUPIL', [...names, column('DOB', 'date'), column('GRADE_LEVEL', 'varchar(2)', ['9'])]);
    const employees = facts('EMPLOYEE', [...names, column('HIRE_DATE', 'date'), column('EMP_NO')]);
    expect(score(studentRule(pupils, alone))!).toBeGreaterThan(score(staffRule(pupils, alone))!);
    expect(score(staffRule(employees, alone))!).toBeGreaterThan(score(studentRule(employees, alone))!);
    expect(studentRule(pupils, alone)!.map((item) => item.because)).toEqual(expect.arrayContaining(['DOB looks like a birth date', 'the table name PUPIL says students']));
  });

  it('a person table linked to students through another table, without a grade, is a contact', () => {
    const guardians = facts('GUARDIAN', [...names, column('CELL_PHONE')]);
    const students = facts('STUDENT', [...names]);
    const link = facts('STUDENT_GUARDIAN', [column('STUDENT_ID'), column('GUARDIAN_ID')]);
    const context: RuleContext = {
      kindOf: (name) => (name === 'STUDENT' ? 'student' : undefined),
      references: (table) => (table.name === 'STUDENT_GUARDIAN' ? [students, guardians] : []),
      referencedBy: (table) => (table.name === 'GUARDIAN' ? [link] : []),
    };
    expect(contactRule(guardians, context)!.map((item) => item.because)).toContain('a link table connects it to students');
    expect(score(contactRule(guardians, context))!).toBeGreaterThanOrEqual(7);
  });

  it('schools need a name; dates from/to make a table a calendar, not a school', () => {
    expect(schoolRule(facts('SCHOOL', [column('SCHOOL_ID')]), alone)).toBeUndefined();
    const school = facts('SCHOOL', [column('SCHOOL_ID'), column('SCHOOL_NAME'), column('NCES_ID'), column('ADDRESS')]);
    const year = facts('SCHOOL_YEAR', [column('YEAR_ID', 'integer', ['2026']), column('YEAR_DESC'), column('START_DATE', 'date'), column('END_DATE', 'date')], { primaryKey: ['YEAR_ID'] });
    expect(score(schoolRule(school, alone))).toBe(8);
    expect(score(schoolYearRule(year, alone))!).toBeGreaterThan(score(schoolRule(year, alone))!);
  });

  it('a district table needs the word district', () => {
    expect(districtRule(facts('ORG', [column('ORG_NAME')]), alone)).toBeUndefined();
    expect(score(districtRule(facts('DISTRICT', [column('DISTRICT_NAME'), column('NCES_ID')]), alone))).toBe(6);
  });

  it('a term references a year table; a year table referencing another year table is not a year', () => {
    const year = facts('SCH_YR', [column('SY_ID', 'integer', ['2026'])]);
    const term = facts('TRM_MSTR', [column('TRM_DESC'), column('BEG_DT', 'date'), column('END_DT', 'date'), column('TRM_TYP', 'CHAR(1)', ['S'])]);
    const context = linked([[year, 'schoolYear']]);
    expect(score(termRule(term, context))!).toBeGreaterThan(score(schoolYearRule(term, context))!);
  });

  it('a section references its course; a table only referencing courses is not a section', () => {
    const course = facts('CRS_MSTR', [column('CRS_NO'), column('CRS_TTL')]);
    const section = facts('SECT_MSTR', [column('SECT_NO', 'integer'), column('ROOM_NO')]);
    expect(sectionRule(section, linked([[course, 'course']]))!.map((item) => item.because)).toContain('it references the course table CRS_MSTR');
    expect(sectionRule(facts('CRS_NOTE', [column('CRS_NO'), column('NOTE_TXT')]), linked([[course, 'course']]))).toBeUndefined();
    expect(score(courseRule(facts('course_grade', [column('course_id'), column('grade_id')]), linked([[course, 'course']])))!).toBeLessThan(3);
  });

  it('a link table is a roster only when it references both ends', () => {
    const staff = facts('STF_MSTR', [...names]);
    const section = facts('SECT_MSTR', [column('SECT_NO')]);
    const link = facts('SECT_TCH', [column('SECT_NO'), column('STF_ID'), column('PRIM_FLG', 'CHAR(1)', ['Y', 'N'])]);
    expect(score(staffSectionRule(link, linked([[staff, 'staff'], [section, 'section']])))).toBe(8);
    expect(staffSectionRule(link, linked([[staff, 'staff']]))).toBeUndefined();
  });

  it('code tables: kept rows, one key, a description; the name helps', () => {
    expect(score(codeTableRule(new TableFacts(codeTable('CD_REL', 'REL_CD', 'REL_DESC', { M: 'Mother' })), alone))).toBe(7);
    expect(score(codeTableRule(new TableFacts(codeTable('RELATIONSHIPS', 'REL', 'LABEL', { M: 'Mother' })), alone))).toBe(4);
  });
});
