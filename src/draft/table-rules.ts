import { asCodeTable, namedLikeCodeTable } from './code-tables';
import type { TableFacts } from './table-facts';
import type { Evidence, TableKind } from './table-kinds';

/**
 * One rule per kind of table: the evidence that a table is of that kind, or undefined when a
 * requirement is missing (a student table without names). Points add up; classify-tables.ts
 * picks the kind with the most. The rules run twice: the second pass also sees what the
 * tables a table references (and is referenced by) were taken for in the first.
 */
export interface RuleContext {
  /** The kind a table got in the first pass; undefined during the first pass. */
  kindOf(table: string): TableKind | undefined;
  /** Tables this one references (declared or inferred foreign keys). */
  references(facts: TableFacts): readonly TableFacts[];
  /** Tables with a foreign key to this one. */
  referencedBy(facts: TableFacts): readonly TableFacts[];
}

export type TableRule = (facts: TableFacts, context: RuleContext) => Evidence[] | undefined;

const STUDENT_WORDS = ['STU', 'STUD', 'STUDENT', 'STUDENTS', 'PUPIL', 'PUPILS', 'LEARNER', 'LEARNERS', 'STDNT'];
const STAFF_WORDS = ['STF', 'STAFF', 'TEACHER', 'TEACHERS', 'TCH', 'TCHR', 'EMP', 'EMPLOYEE', 'EMPLOYEES', 'FACULTY', 'PERSONNEL', 'INSTRUCTOR', 'INSTRUCTORS'];
const CONTACT_WORDS = ['CNTCT', 'CONTACT', 'CONTACTS', 'GUARDIAN', 'GUARDIANS', 'PARENT', 'PARENTS', 'GRDN', 'GUARD', 'FAMILY', 'RELATIVE', 'RELATIVES'];
const SCHOOL_WORDS = ['SCH', 'SCHOOL', 'SCHOOLS', 'SCHL', 'BLDG', 'BUILDING', 'BUILDINGS', 'CAMPUS', 'CAMPUSES', 'SITE', 'SITES'];
const DISTRICT_WORDS = ['DIST', 'DISTRICT', 'DISTRICTS', 'LEA', 'DSTRCT'];
const COURSE_WORDS = ['CRS', 'COURSE', 'COURSES', 'CRSE', 'CATALOG', 'CATALOGUE'];
const SECTION_WORDS = ['SECT', 'SECTION', 'SECTIONS', 'CLASS', 'CLASSES', 'CLS', 'SCHED', 'SCHEDULE', 'SEC'];
const YEAR_WORDS = ['YR', 'YEAR', 'YEARS', 'SY', 'SCHYR', 'SCHOOLYEAR', 'CALENDAR', 'ACADYR', 'ACADEMICYEAR'];
const TERM_WORDS = ['TRM', 'TERM', 'TERMS', 'SEMESTER', 'SEMESTERS', 'SESSION', 'SESSIONS', 'MARKING', 'GRADING', 'QTR', 'QUARTER', 'MP'];

const point = (points: number, because: string): Evidence => ({ points, because });
const names = (columns: ReadonlyArray<{ name: string }>) => columns.map((column) => column.name).join(', ');

/** First and last name columns, the start of every person rule. */
function personNames(facts: TableFacts): Evidence | undefined {
  const given = facts.first('givenName');
  const family = facts.first('familyName');
  return given && family ? point(2, `${given.name} and ${family.name} look like first and last names`) : undefined;
}

function words(facts: TableFacts, list: readonly string[], points: number, what: string): Evidence[] {
  return facts.nameHas(list) ? [point(points, `the table name ${facts.name} says ${what}`)] : [];
}

function role(facts: TableFacts, role: Parameters<TableFacts['has']>[0], points: number, what: string): Evidence[] {
  const columns = facts.all(role);
  return columns.length > 0 ? [point(points, `${names(columns)} ${columns.length > 1 ? 'look' : 'looks'} like ${what}`)] : [];
}

export const studentRule: TableRule = (facts) => {
  const base = personNames(facts);
  if (!base) return undefined;
  return [
    base,
    ...role(facts, 'birthDate', 3, 'a birth date'),
    ...role(facts, 'grade', 2, 'a grade level'),
    ...role(facts, 'sex', 1, 'a gender code'),
    ...words(facts, STUDENT_WORDS, 3, 'students'),
    ...(facts.has('hireDate') || facts.has('employeeNumber') ? [point(-3, 'it has employment columns')] : []),
    ...(facts.nameHas(STAFF_WORDS) || facts.nameHas(CONTACT_WORDS) ? [point(-3, `the table name ${facts.name} names another kind of person`)] : []),
  ];
};

export const staffRule: TableRule = (facts) => {
  const base = personNames(facts);
  if (!base) return undefined;
  return [
    base,
    ...role(facts, 'hireDate', 3, 'a hire date'),
    ...role(facts, 'employeeNumber', 2, 'an employee number'),
    ...role(facts, 'personType', 2, 'a staff type'),
    ...role(facts, 'jobTitle', 1, 'a job title'),
    ...words(facts, STAFF_WORDS, 3, 'staff'),
    ...(facts.has('grade') ? [point(-2, 'it has a grade level')] : []),
    ...(facts.nameHas(STUDENT_WORDS) || facts.nameHas(CONTACT_WORDS) ? [point(-3, `the table name ${facts.name} names another kind of person`)] : []),
  ];
};

export const contactRule: TableRule = (facts, context) => {
  const base = personNames(facts);
  if (!base) return undefined;
  const linkedToStudents = context.referencedBy(facts).some((link) => context.references(link).some((other) => context.kindOf(other.name) === 'student'));
  return [
    base,
    ...words(facts, CONTACT_WORDS, 3, 'contacts or guardians'),
    ...(facts.has('phone') ? [point(1, `${names(facts.all('phone'))} look like phone numbers`)] : []),
    ...(linkedToStudents ? [point(2, 'a link table connects it to students')] : []),
    ...(facts.has('grade') ? [point(-3, 'it has a grade level')] : []),
    ...(facts.has('birthDate') ? [point(-2, 'it has a birth date')] : []),
    ...(facts.has('hireDate') || facts.has('employeeNumber') ? [point(-3, 'it has employment columns')] : []),
    ...(facts.nameHas(STUDENT_WORDS) || facts.nameHas(STAFF_WORDS) ? [point(-3, `the table name ${facts.name} names another kind of person`)] : []),
  ];
};

/** Tables with dates from/to are years or terms, not schools, courses or people. */
function spansDates(facts: TableFacts): boolean {
  return facts.has('startDate') && facts.has('endDate');
}

export const schoolRule: TableRule = (facts, context) => {
  const name = facts.firstOnly('name', ['givenName', 'familyName']);
  if (!name || personNames(facts)) return undefined;
  const referencing = context.referencedBy(facts).length;
  return [
    point(2, `${name.name} looks like a name`),
    ...words(facts, SCHOOL_WORDS, 3, 'schools'),
    ...(facts.has('ncesId') || facts.has('stateId') ? [point(2, `${names([...facts.all('ncesId'), ...facts.all('stateId')])} look like school identifiers`)] : []),
    ...role(facts, 'address', 1, 'an address'),
    ...(referencing >= 3 ? [point(2, `${referencing} tables reference it`)] : []),
    ...(spansDates(facts) ? [point(-4, 'it has start and end dates')] : []),
    ...(facts.nameHas(DISTRICT_WORDS) ? [point(-2, 'its name says district')] : []),
    ...(facts.nameHas(COURSE_WORDS) || facts.nameHas(SECTION_WORDS) ? [point(-3, 'its name says course or section')] : []),
  ];
};

export const districtRule: TableRule = (facts, context) => {
  const name = facts.firstOnly('name', ['givenName', 'familyName']);
  if (!name || personNames(facts) || !facts.nameHas(DISTRICT_WORDS)) return undefined;
  const schools = context.referencedBy(facts).filter((table) => context.kindOf(table.name) === 'school');
  return [
    point(2, `${name.name} looks like a name`),
    point(3, `the table name ${facts.name} says district`),
    ...(facts.has('ncesId') || facts.has('stateId') ? [point(1, 'it has an NCES or state id')] : []),
    ...(schools.length > 0 ? [point(2, `the school table ${schools[0].name} references it`)] : []),
  ];
};

export const courseRule: TableRule = (facts, context) => {
  if (personNames(facts)) return undefined;
  const referencedBySections = context.referencedBy(facts).filter((table) => context.kindOf(table.name) === 'section');
  return [
    ...words(facts, COURSE_WORDS, 3, 'courses'),
    ...(facts.firstOnly('name', ['subject']) ? [point(2, `${facts.firstOnly('name', ['subject'])!.name} looks like a title`)] : []),
    ...role(facts, 'courseNumber', 2, 'a course number'),
    ...role(facts, 'subject', 1, 'a subject'),
    ...role(facts, 'gradeList', 1, 'grade levels'),
    ...(referencedBySections.length > 0 ? [point(2, `the section table ${referencedBySections[0].name} references it`)] : []),
    ...(facts.has('sectionNumber') ? [point(-3, 'it has a section number')] : []),
    ...(facts.nameHas(SECTION_WORDS) ? [point(-2, 'its name says section')] : []),
    ...(context.references(facts).some((table) => context.kindOf(table.name) === 'course') ? [point(-4, 'it references the course table (a detail of courses, not courses)')] : []),
  ];
};

export const sectionRule: TableRule = (facts, context) => {
  // A course reference alone (course_grade, course_note) does not make a section.
  if (personNames(facts) || (!facts.has('sectionNumber') && !facts.nameHas(SECTION_WORDS))) return undefined;
  const courses = context.references(facts).filter((table) => context.kindOf(table.name) === 'course');
  return [
    ...words(facts, SECTION_WORDS, 3, 'sections or classes'),
    ...role(facts, 'sectionNumber', 2, 'a section number'),
    ...(courses.length > 0 ? [point(3, `it references the course table ${courses[0].name}`)] : role(facts, 'courseNumber', 1, 'a course number')),
    ...role(facts, 'room', 1, 'a room'),
    ...role(facts, 'period', 1, 'a period'),
    ...(context.references(facts).some((table) => ['student', 'staff'].includes(context.kindOf(table.name) ?? '')) ? [point(-4, 'it references people (a roster, not a section)')] : []),
  ];
};

export const schoolYearRule: TableRule = (facts, context) => {
  if (!spansDates(facts) || personNames(facts)) return undefined;
  const yearKey = facts.table.primaryKey.length === 1 && facts.all('yearValue').some((column) => column.name === facts.table.primaryKey[0]);
  return [
    point(3, `${facts.first('startDate')!.name} and ${facts.first('endDate')!.name} look like start and end dates`),
    ...words(facts, YEAR_WORDS, 3, 'years'),
    ...(yearKey ? [point(2, `its key ${facts.table.primaryKey[0]} holds years`)] : []),
    ...role(facts, 'currentFlag', 1, 'a current-year flag'),
    ...(context.references(facts).some((table) => context.kindOf(table.name) === 'schoolYear') ? [point(-3, 'it references another year table')] : []),
    ...(referencesPeople(facts, context) ? [point(-4, 'it references people (an assignment, not a calendar)')] : []),
    ...(facts.nameHas(TERM_WORDS) ? [point(-2, 'its name says term')] : []),
  ];
};

export const termRule: TableRule = (facts, context) => {
  if (!spansDates(facts) || personNames(facts)) return undefined;
  const years = context.references(facts).filter((table) => context.kindOf(table.name) === 'schoolYear');
  return [
    point(3, `${facts.first('startDate')!.name} and ${facts.first('endDate')!.name} look like start and end dates`),
    ...words(facts, TERM_WORDS, 3, 'terms'),
    ...role(facts, 'typeCode', 1, 'a term type'),
    ...(years.length > 0 ? [point(2, `it references the year table ${years[0].name}`)] : []),
    ...(facts.has('sectionNumber') ? [point(-3, 'it has a section number')] : []),
    ...(referencesPeople(facts, context) ? [point(-4, 'it references people (an assignment, not a calendar)')] : []),
  ];
};

function referencesPeople(facts: TableFacts, context: RuleContext): boolean {
  return context.references(facts).some((table) => ['student', 'staff', 'contact'].includes(context.kindOf(table.name) ?? ''));
}

/** A table referencing one table of each kind: the links of a roster. */
function linkRule(first: TableKind, second: TableKind, what: string, extra: (facts: TableFacts) => Evidence[] = () => [], unless: TableKind[] = []): TableRule {
  return (facts, context) => {
    const targets = context.references(facts);
    const a = targets.find((table) => context.kindOf(table.name) === first);
    const b = targets.find((table) => context.kindOf(table.name) === second);
    if (!a || !b || targets.some((table) => unless.includes(context.kindOf(table.name)!))) return undefined;
    return [point(7, `it references ${a.name} (${first}) and ${b.name} (${second}): ${what}`), ...extra(facts)];
  };
}

export const studentSectionRule = linkRule('student', 'section', 'a class roster', (facts) => role(facts, 'dropFlag', 1, 'a dropped flag'));
export const staffSectionRule = linkRule('staff', 'section', 'teacher assignments', (facts) => role(facts, 'primaryFlag', 1, 'a primary-teacher flag'));
export const staffSchoolRule = linkRule('staff', 'school', "staff members' schools", (facts) => role(facts, 'primaryFlag', 1, 'a primary-school flag'), ['section']);
export const studentContactRule = linkRule('student', 'contact', "students' contacts", (facts) => role(facts, 'relationship', 1, 'a relationship code'));
export const sectionTermRule = linkRule('section', 'term', "sections' terms");

export const codeTableRule: TableRule = (facts) => {
  const codes = asCodeTable(facts.table);
  if (!codes) return undefined;
  return [
    point(3, `${codes.codeColumn} → ${codes.descriptionColumn}: ${codes.descriptions.size} codes with descriptions`),
    ...(namedLikeCodeTable(facts.table) ? [point(3, `the table name ${facts.name} says code table`)] : []),
    ...(facts.table.columns.length <= 4 ? [point(1, 'it has few columns')] : []),
  ];
};

export const TABLE_RULES: Readonly<Record<TableKind, TableRule>> = {
  student: studentRule,
  staff: staffRule,
  contact: contactRule,
  school: schoolRule,
  district: districtRule,
  course: courseRule,
  section: sectionRule,
  schoolYear: schoolYearRule,
  term: termRule,
  studentSection: studentSectionRule,
  staffSection: staffSectionRule,
  staffSchool: staffSchoolRule,
  studentContact: studentContactRule,
  sectionTerm: sectionTermRule,
  codeTable: codeTableRule,
};
