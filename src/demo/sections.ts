import type { SchoolYear, Term } from './calendar';
import { LAST_EVENT_DATE, randomDate, termsOf } from './calendar';
import type { ScheduleItem } from './course-catalog';
import type { DemoRow } from './demo-row';
import type { SchoolPlan, Teacher } from './district-plan';
import { audit } from './formats';
import type { Random } from './random';

/** Turns students' timetables into sections, their terms, teachers and rosters. */

export interface RosterStudent {
  id: string;
  /** School entry date. */
  entry: string;
  /** Withdrawal date for withdrawn students; their enrollments are kept, dropped. */
  withdrawn: string | null;
}

export interface Section {
  no: number;
  course: string;
  term: ScheduleItem['term'];
  homeroom: boolean;
  room: string | null;
  period: string;
  teacher: Teacher;
  students: RosterStudent[];
}

/** With withdrawals (all of a withdrawn student's rows are dropped) about 2% of rows end up dropped. */
const RANDOM_DROP_RATE = 0.012;
const ELEMENTARY_CLASS_SIZE = 24;
const SECONDARY_CLASS_SIZE = 28;

/**
 * Groups timetables by (course, term), splits each group into balanced sections and staffs them.
 * Homerooms are formed first so elementary classes can follow their homeroom.
 */
export function planSections(
  rng: Random,
  school: SchoolPlan,
  timetables: Array<{ student: RosterStudent; items: ScheduleItem[] }>,
): Section[] {
  const groups = new Map<string, { item: ScheduleItem; students: RosterStudent[] }>();
  for (const { student, items } of timetables) {
    for (const item of items) {
      const key = `${item.homeroom ? 'H' : 'R'}|${item.course}|${item.term}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { item, students: [] }));
      group.students.push(student);
    }
  }
  const ordered = [...groups.values()].sort((a, b) => Number(b.item.homeroom) - Number(a.item.homeroom));
  const teachers = school.teachers.filter((t) => t.assignable);
  const elementary = school.level === 'E';
  const homeroomOf = new Map<string, number>();
  const sections: Section[] = [];
  let nextTeacher = rng.int(0, teachers.length - 1);

  for (const { item, students } of ordered) {
    if (elementary && !item.homeroom) {
      students.sort((a, b) => (homeroomOf.get(a.id) ?? 0) - (homeroomOf.get(b.id) ?? 0));
    } else {
      rng.shuffle(students);
    }
    const size = elementary ? ELEMENTARY_CLASS_SIZE : SECONDARY_CLASS_SIZE;
    const count = Math.ceil(students.length / size);
    for (let k = 0; k < count; k++) {
      const teacher = teachers[nextTeacher++ % teachers.length];
      const members = students.slice(Math.floor((k * students.length) / count), Math.floor(((k + 1) * students.length) / count));
      const section: Section = {
        no: sections.length + 1,
        course: item.course,
        term: item.term,
        homeroom: item.homeroom,
        room: rng.chance(0.02) ? null : item.course.startsWith('PE') ? (k % 2 ? 'GYM2' : 'GYM') : teacher.room,
        period: periodOf(rng, item, k, elementary),
        teacher,
        students: members,
      };
      if (item.homeroom) for (const s of members) homeroomOf.set(s.id, section.no);
      sections.push(section);
    }
  }
  return sections;
}

/** Sections of one course spread over the day; a few secondary sections are double blocks. */
function periodOf(rng: Random, item: ScheduleItem, k: number, elementary: boolean): string {
  if (!elementary && rng.chance(0.02)) return rng.pick(['1,2', '3,4', '5,6']);
  return elementary ? String(item.period) : String(((item.period - 1 + k) % 7) + 1);
}

/** SECT_MSTR, SECT_TRM, SECT_TCH and SECT_STU rows for the planned sections of one school-year. */
export function* sectionRows(rng: Random, school: SchoolPlan, year: SchoolYear, sections: Section[]): Generator<DemoRow> {
  const terms = new Map(termsOf(year).map((t) => [t.code, t] as const));
  const s1 = terms.get('S1') as Term;
  const s2 = terms.get('S2') as Term;
  const key = { SCH_CD: school.code, SY_ID: year.id };
  const coTeachers = [...school.teachers.filter((t) => t.assignable), ...school.visiting.filter((t) => t.assignable)];

  for (const section of sections) {
    const sectKey = { ...key, SECT_NO: section.no };
    yield {
      table: 'SECT_MSTR',
      row: {
        ...sectKey,
        CRS_NO: section.course,
        SECT_TYP: section.homeroom ? 'H' : 'R',
        ROOM_NO: section.room,
        PRD: section.period,
        MAX_SEATS: rng.chance(0.03) ? null : section.course.startsWith('PE') ? 35 : 30,
        DEL_FLG: rng.chance(0.01) ? 'Y' : 'N',
        ...audit(rng),
      },
    };
    const taught = section.term === 'Y' ? [s1, s2] : [section.term === 'S1' ? s1 : s2];
    for (const term of taught) yield { table: 'SECT_TRM', row: { ...sectKey, TRM_CD: term.code } };

    yield { table: 'SECT_TCH', row: teacherRow(rng, sectKey, section.teacher.id, 'Y', taught[0].begin) };
    if (rng.chance(0.1)) {
      const co = rng.pick(coTeachers);
      if (co && co.id !== section.teacher.id) yield { table: 'SECT_TCH', row: teacherRow(rng, sectKey, co.id, 'N', taught[0].begin) };
    }

    const begin = taught[0].begin;
    const end = taught[taught.length - 1].end;
    for (const student of section.students) {
      const row = enrollmentRow(rng, year, begin, end, student);
      if (row) yield { table: 'SECT_STU', row: { ...sectKey, STU_ID: student.id, ...row } };
    }
  }
}

function teacherRow(rng: Random, sectKey: object, staffId: number, primary: 'Y' | 'N', begin: string) {
  const late = rng.chance(0.05);
  return { ...sectKey, STF_ID: staffId, PRIM_FLG: primary, BEG_DT: late ? begin : null, END_DT: null, ...audit(rng) };
}

/** ENTRY/EXIT/DROP for one student in one section; null when the row would never have existed. */
function enrollmentRow(rng: Random, year: SchoolYear, begin: string, end: string, student: RosterStudent) {
  const current = year.current;
  let entry = current && student.entry > begin ? student.entry : begin;
  let exit: string | null = null;
  if (current && student.withdrawn) {
    // A withdrawal before the section started means it was never scheduled.
    if (begin > student.withdrawn) return null;
    exit = student.withdrawn;
    if (entry > exit) entry = exit;
  } else if (rng.chance(RANDOM_DROP_RATE)) {
    const last = current && end > LAST_EVENT_DATE ? LAST_EVENT_DATE : end;
    exit = randomDate(rng, entry, last);
  }
  return { ENTRY_DT: entry, EXIT_DT: exit, DROP_FLG: exit ? 'Y' : 'N', ...audit(rng, 0.15) };
}
