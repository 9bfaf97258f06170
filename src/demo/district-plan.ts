import { randomDate } from './calendar';
import type { SchoolLevel } from './course-catalog';
import { LEVEL_GRADES } from './course-catalog';
import type { DemoRow } from './demo-row';
import { audit, letters, pad, UniqueNames } from './formats';
import { DISTRICT_CITIES, DISTRICT_STATE, FEMALE_FIRST_NAMES, LAST_NAMES, MALE_FIRST_NAMES, SCHOOL_NAMESAKES, STREET_NAMES } from './name-lists';
import type { Random } from './random';

/** The district's shape (schools, their student counts) and its staff, decided before any student. */

export const STAFF_EMAIL_DOMAIN = 'lincolnusd.example';
const FIRST_STAFF_ID = 10001;
const STUDENTS_PER_SCHOOL = 800;
const STUDENTS_PER_TEACHER = 18;
const MIN_TEACHERS = 6;
/** The first few teachers of each school are always active, so every school can staff sections. */
const ALWAYS_ACTIVE_TEACHERS = 3;

export interface Teacher {
  id: number;
  room: string;
  /** Active and not soft-deleted: may be given sections. */
  assignable: boolean;
}

export interface SchoolPlan {
  index: number;
  code: string;
  level: SchoolLevel;
  name: string;
  phone: string;
  students: number;
  principal: number;
  /** Teachers whose primary school this is. */
  teachers: Teacher[];
  /** Teachers based elsewhere who also teach here (co-teaching only). */
  visiting: Teacher[];
}

const LEVEL_NAMES: Record<SchoolLevel, string> = { E: 'Elementary School', M: 'Middle School', H: 'High School' };
const LEVELS: readonly SchoolLevel[] = ['E', 'M', 'H'];

export function planSchools(students: number): SchoolPlan[] {
  const count = Math.max(3, Math.round(students / STUDENTS_PER_SCHOOL));
  const schools: SchoolPlan[] = [];
  const cycle = SCHOOL_NAMESAKES.length * LEVELS.length;
  for (let index = 0; index < count; index++) {
    const level = LEVELS[index % LEVELS.length];
    const round = Math.floor(index / cycle);
    const name = `${SCHOOL_NAMESAKES[index % SCHOOL_NAMESAKES.length]} ${LEVEL_NAMES[level]}${round > 0 ? ` ${round + 1}` : ''}`;
    const phone = `(555) 010-${pad(1000 + ((index * 10) % 9000), 4)}`;
    schools.push({ index, code: pad(index + 1, 3), level, name, phone, students: 0, principal: 0, teachers: [], visiting: [] });
  }
  // Students in proportion to the number of grades, by largest remainder so the total is exact.
  const weights = schools.map((s) => LEVEL_GRADES[s.level].length);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (students * w) / totalWeight);
  schools.forEach((s, i) => (s.students = Math.floor(shares[i])));
  const order = shares.map((share, i) => [share - Math.floor(share), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let left = students - schools.reduce((a, s) => a + s.students, 0), k = 0; left > 0; left--, k++) {
    schools[order[k % order.length][1]].students++;
  }
  return schools;
}

export function* schoolRows(schools: SchoolPlan[], rng: Random): Generator<DemoRow> {
  for (const s of schools) {
    yield {
      table: 'SCH_MSTR',
      row: {
        SCH_CD: s.code,
        SCH_NM: s.name,
        SCH_LVL: s.level,
        NCES_ID: `0612345${pad(s.index + 1, 5)}`,
        ST_SCH_ID: `1964212${pad(s.index + 1, 3)}`,
        ADDR1: `${rng.int(100, 9899)} ${rng.pick(STREET_NAMES)}`,
        CITY: rng.pick(DISTRICT_CITIES),
        ST: DISTRICT_STATE,
        ZIP: `95${pad(rng.int(600, 699), 3)}`,
        PHONE: s.phone,
        PRIN_STF_ID: s.principal,
        ACTV_FLG: 'Y',
        ...audit(rng),
      },
    };
  }
}

type StaffType = 'T' | 'A' | 'I' | 'S';

/** Generates STF_MSTR and STF_SCH, filling in each school's principal and teacher lists. */
export function* staffRows(schools: SchoolPlan[], rng: Random): Generator<DemoRow> {
  const names = new UniqueNames();
  const links: DemoRow[] = [];
  let nextId = FIRST_STAFF_ID;

  for (const school of schools) {
    const teachers = Math.max(MIN_TEACHERS, Math.round(school.students / STUDENTS_PER_TEACHER));
    const roster: StaffType[] = [
      'A',
      'A',
      ...Array<StaffType>(teachers).fill('T'),
      ...Array<StaffType>(rng.weighted([[1, 25], [2, 50], [3, 25]] as const)).fill('I'),
      ...Array<StaffType>(rng.weighted([[0, 25], [1, 50], [2, 25]] as const)).fill('S'),
    ];
    let teacherNo = 0;
    for (const [position, type] of roster.entries()) {
      const id = nextId++;
      const protectedRole = position < 2 || (type === 'T' && teacherNo < ALWAYS_ACTIVE_TEACHERS);
      const active = protectedRole || !rng.chance(0.02);
      const deleted = !protectedRole && rng.chance(0.01);
      const female = rng.chance(0.6);
      const first = rng.pick(female ? FEMALE_FIRST_NAMES : MALE_FIRST_NAMES);
      const last = rng.pick(LAST_NAMES);
      const login = names.take(`${letters(first)}.${letters(last)}`);
      yield {
        table: 'STF_MSTR',
        row: {
          STF_ID: id,
          EMP_NO: `E${pad(id - FIRST_STAFF_ID + 100001, 7)}`,
          FRST_NM: first,
          MID_INIT: rng.chance(0.6) ? String.fromCharCode(65 + rng.int(0, 25)) : null,
          LST_NM: last,
          EMAIL: type !== 'T' && type !== 'A' && rng.chance(0.05) ? null : `${login}@${STAFF_EMAIL_DOMAIN}`,
          WRK_PHN: rng.chance(0.1) ? null : rng.chance(0.5) ? school.phone : `(555) 011-${pad(id % 10000, 4)}`,
          STF_TYP: type,
          LOGIN_ID: login,
          ACTV_FLG: active ? 'Y' : 'N',
          DEL_FLG: deleted ? 'Y' : 'N',
          HIRE_DT: randomDate(rng, '1996-07-01', '2026-08-01'),
          ...audit(rng, 0.15),
        },
      };
      links.push({ table: 'STF_SCH', row: { STF_ID: id, SCH_CD: school.code, PRIM_FLG: 'Y', ...audit(rng) } });
      if (position === 0) school.principal = id;
      if (type === 'T') {
        school.teachers.push({ id, room: classroom(teacherNo), assignable: active && !deleted });
        teacherNo++;
      }
    }
  }

  // About 5% of teachers split their time with a second school.
  for (const school of schools) {
    for (const teacher of school.teachers) {
      if (!rng.chance(0.05)) continue;
      const other = schools[(school.index + rng.int(1, schools.length - 1)) % schools.length];
      other.visiting.push(teacher);
      links.push({ table: 'STF_SCH', row: { STF_ID: teacher.id, SCH_CD: other.code, PRIM_FLG: 'N', ...audit(rng) } });
    }
  }
  yield* links;
}

/** Rooms 101…140 on the ground floor, then 201…, so any room fits the 4-character HMRM column. */
function classroom(teacherNo: number): string {
  return String(100 * (1 + Math.floor(teacherNo / 40)) + 1 + (teacherNo % 40));
}
