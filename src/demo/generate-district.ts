import { CURRENT_YEAR, PRIOR_YEAR, SCHOOL_YEARS, termsOf } from './calendar';
import { codeTableRows } from './code-tables';
import type { Course } from './course-catalog';
import { catalogFor, LEVEL_GRADES, priorYearSchedule, scheduleFor } from './course-catalog';
import type { DemoRow } from './demo-row';
import type { SchoolPlan } from './district-plan';
import { planSchools, schoolRows, staffRows } from './district-plan';
import { audit } from './formats';
import { DEFAULT_SEED, Random } from './random';
import { planSections, sectionRows } from './sections';
import type { Student } from './students';
import { StudentFactory } from './students';

export type { DemoRow, DemoValue, Row } from './demo-row';

export interface GenerateOptions {
  students: number;
  seed?: number;
}

/**
 * Streams the synthetic district one row at a time, school by school, so only one school's
 * students and sections are ever held in memory. Same (students, seed) ⇒ the same rows in the
 * same order.
 */
export function* generateDistrict(options: GenerateOptions): Generator<DemoRow, void, undefined> {
  const students = Math.floor(options.students);
  if (!(students >= 1)) throw new RangeError(`students must be a positive integer, got ${options.students}`);
  const root = new Random(options.seed ?? DEFAULT_SEED);

  yield* codeTableRows();
  const schools = planSchools(students);
  yield* staffRows(schools, root.fork('staff'));
  yield* schoolRows(schools, root.fork('schools'));
  yield* calendarRows(schools, root.fork('calendar'));

  const factory = new StudentFactory(root.fork('students'));
  for (const school of schools) {
    yield* oneSchool(school, factory, root.fork(`school-${school.code}`));
  }
}

function* calendarRows(schools: SchoolPlan[], rng: Random): Generator<DemoRow> {
  for (const year of SCHOOL_YEARS) {
    yield {
      table: 'SCH_YR',
      row: { SY_ID: year.id, SY_DESC: year.desc, BEG_DT: year.begin, END_DT: year.end, CUR_YR_FLG: year.current ? 'Y' : 'N', ...audit(rng) },
    };
  }
  for (const school of schools) {
    for (const year of SCHOOL_YEARS) {
      for (const term of termsOf(year)) {
        yield {
          table: 'TRM_MSTR',
          row: {
            SCH_CD: school.code,
            SY_ID: year.id,
            TRM_CD: term.code,
            TRM_TYP: term.type,
            TRM_DESC: term.desc,
            BEG_DT: term.begin,
            END_DT: term.end,
            PAR_TRM_CD: term.parent,
            ...audit(rng),
          },
        };
      }
    }
  }
}

function* oneSchool(school: SchoolPlan, factory: StudentFactory, rng: Random): Generator<DemoRow> {
  for (const course of catalogFor(school.level)) yield courseRow(rng, school, course);

  const grades = LEVEL_GRADES[school.level];
  const students: Student[] = [];
  const contactRows: DemoRow[] = [];
  for (let i = 0; i < school.students; i++) {
    // Grades in blocks, so grade sizes differ by at most one.
    const grade = grades[Math.floor((i * grades.length) / school.students)];
    students.push(factory.create(school.level, school.code, grade, contactRows));
    if (contactRows.length > 512) yield* contactRows.splice(0);
  }
  yield* contactRows;

  const current = planSections(
    rng,
    school,
    students.filter((s) => s.status === 'A' || s.status === 'W').map((s) => ({ student: s, items: scheduleFor(rng, school.level, s.grade) })),
  );
  // Student rows wait for the sections: an elementary student's HMRM is its homeroom's room.
  const rooms = school.teachers.map((t) => t.room);
  for (const section of current) {
    if (section.homeroom) for (const s of section.students) (s as Student).row.HMRM = section.room;
  }
  for (const student of students) {
    if (school.level !== 'E' && student.status !== 'P' && rng.chance(0.7)) student.row.HMRM = rng.pick(rooms);
    yield { table: 'STU_MSTR', row: student.row };
  }
  yield* sectionRows(rng, school, CURRENT_YEAR, current);

  const prior = planSections(
    rng,
    school,
    students.filter((s) => s.returning && s.status !== 'P').map((s) => ({ student: s, items: priorYearSchedule(school.level, s.grade) })),
  );
  yield* sectionRows(rng, school, PRIOR_YEAR, prior);
}

function courseRow(rng: Random, school: SchoolPlan, course: Course): DemoRow {
  // CRS_MSTR keeps who changed a row but not when; audit() still draws both, so the rest of the district is unchanged.
  const { LST_UPD_DT: _noTimestamp, ...who } = audit(rng);
  return {
    table: 'CRS_MSTR',
    row: {
      SCH_CD: school.code,
      CRS_NO: course.no,
      CRS_TTL: course.title,
      SUBJ_CD: course.subject,
      GRD_LVLS: course.grades.join(';'),
      ACTV_FLG: course.active ? 'Y' : 'N',
      ...who,
    },
  };
}
