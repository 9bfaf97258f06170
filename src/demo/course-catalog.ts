import type { Random } from './random';
import { pad } from './formats';

/** Course catalogues per school level and the schedule each student is given from them. */

export type SchoolLevel = 'E' | 'M' | 'H';

export const LEVEL_GRADES: Record<SchoolLevel, readonly string[]> = {
  E: ['K', '1', '2', '3', '4', '5'],
  M: ['6', '7', '8'],
  H: ['9', '10', '11', '12'],
};

export interface Course {
  no: string;
  title: string;
  subject: string;
  /** OneRoster grade codes (KG, 01 … 12). */
  grades: string[];
  active: boolean;
}

/** One line of a student's timetable. `Y` courses get one full-year section, taught S1 and S2. */
export interface ScheduleItem {
  course: string;
  term: 'Y' | 'S1' | 'S2';
  period: number;
  homeroom: boolean;
}

export function oneRosterGrade(grade: string): string {
  return grade === 'K' ? 'KG' : pad(Number(grade), 2);
}

const twoDigit = (grade: string) => (grade === 'K' ? '00' : pad(Number(grade), 2));
const gradeLabel = (grade: string) => (grade === 'K' ? 'Kindergarten' : `Grade ${grade}`);
const gradeCourse = (subject: string, name: string, grade: string): Course => ({
  no: `${subject}${twoDigit(grade)}10`,
  title: `${name} - ${gradeLabel(grade)}`,
  subject,
  grades: [oneRosterGrade(grade)],
  active: true,
});
const course = (no: string, title: string, grades: string[], active = true): Course => ({ no, title, subject: no.slice(0, 2), grades, active });

const CORE: ReadonlyArray<readonly [string, string]> = [
  ['EN', 'English Language Arts'],
  ['MA', 'Mathematics'],
  ['SC', 'Science'],
  ['SS', 'Social Studies'],
];

function elementaryCatalog(): Course[] {
  return [
    ...LEVEL_GRADES.E.flatMap((g) => [...CORE, ['AR', 'Art'], ['PE', 'Physical Education']].map(([s, n]) => gradeCourse(s, n, g))),
    course('EN0090', 'Penmanship (retired)', ['01', '02', '03'], false),
  ];
}

const MIDDLE = ['06', '07', '08'];
function middleCatalog(): Course[] {
  return [
    ...LEVEL_GRADES.M.flatMap((g) => CORE.map(([s, n]) => gradeCourse(s, n, g))),
    course('AR0600', 'Art', MIDDLE),
    course('PE0600', 'Physical Education', MIDDLE),
    course('WL0600', 'Spanish', MIDDLE),
    course('CS0600', 'Computer Science Discoveries', MIDDLE),
    course('WL0690', 'Latin Exploratory (retired)', MIDDLE, false),
  ];
}

const HIGH = ['09', '10', '11', '12'];
function highCatalog(): Course[] {
  return [
    course('MA1010', 'Algebra I', ['09', '10']),
    course('MA1020', 'Geometry', ['09', '10', '11']),
    course('MA1030', 'Algebra II', ['10', '11', '12']),
    course('MA1040', 'Precalculus', ['11', '12']),
    course('MA1050', 'Calculus', ['12']),
    ...LEVEL_GRADES.H.map((g) => course(`EN${twoDigit(g)}10`, `English ${g}`, [oneRosterGrade(g)])),
    course('SC1010', 'Biology', ['09', '10']),
    course('SC1020', 'Chemistry', ['10', '11', '12']),
    course('SC1030', 'Physics', ['11', '12']),
    course('SS1010', 'World History', ['09', '10']),
    course('SS1020', 'U.S. History', ['11']),
    course('SS1030', 'Government', ['12']),
    course('WL1010', 'Spanish I', HIGH),
    course('WL1020', 'Spanish II', ['10', '11', '12']),
    course('WL1030', 'Spanish III', ['11', '12']),
    course('WL1110', 'French I', HIGH),
    course('WL1120', 'French II', ['10', '11', '12']),
    course('AR1010', 'Art', HIGH),
    course('PE1010', 'Physical Education', HIGH),
    course('CS1010', 'Computer Science', HIGH),
    course('WL1190', 'Latin I (retired)', HIGH, false),
    course('CS1090', 'Keyboarding (retired)', HIGH, false),
  ];
}

export function catalogFor(level: SchoolLevel): Course[] {
  return level === 'E' ? elementaryCatalog() : level === 'M' ? middleCatalog() : highCatalog();
}

const full = (course: string, period: number, homeroom = false): ScheduleItem => ({ course, term: 'Y', period, homeroom });

/** Two one-semester courses sharing a period, in random semester order. */
function semesterPair(rng: Random, a: string, b: string, period: number): ScheduleItem[] {
  const [first, second] = rng.chance(0.5) ? [a, b] : [b, a];
  return [
    { course: first, term: 'S1', period, homeroom: false },
    { course: second, term: 'S2', period, homeroom: false },
  ];
}

const gradeNo = (subject: string, grade: string) => `${subject}${twoDigit(grade)}10`;

/**
 * Elementary: a self-contained homeroom (the homeroom teacher teaches ELA), Art, PE (regrouped
 * each semester) and two or three other core subjects.
 */
function elementarySchedule(rng: Random, grade: string): ScheduleItem[] {
  const pe = gradeNo('PE', grade);
  const items: ScheduleItem[] = [
    full(gradeNo('EN', grade), 1, true),
    full(gradeNo('MA', grade), 2),
    full(gradeNo('AR', grade), 5),
    { course: pe, term: 'S1', period: 6, homeroom: false },
    { course: pe, term: 'S2', period: 6, homeroom: false },
  ];
  const others = rng.shuffle(['SC', 'SS']);
  items.push(full(gradeNo(others[0], grade), 3));
  if (rng.chance(0.6)) items.push(full(gradeNo(others[1], grade), 4));
  return items;
}

/** Middle: core four and Spanish all year, PE each semester, Art and CS one semester each. */
function middleSchedule(rng: Random, grade: string): ScheduleItem[] {
  return [
    ...CORE.map(([subject], i) => full(gradeNo(subject, grade), i + 1)),
    full('WL0600', 5),
    { course: 'PE0600', term: 'S1', period: 6, homeroom: false },
    { course: 'PE0600', term: 'S2', period: 6, homeroom: false },
    ...semesterPair(rng, 'AR0600', 'CS0600', 7),
  ];
}

const HIGH_MATH: Record<string, ReadonlyArray<readonly [string, number]>> = {
  '9': [['MA1010', 75], ['MA1020', 25]],
  '10': [['MA1020', 70], ['MA1030', 30]],
  '11': [['MA1030', 65], ['MA1040', 35]],
  '12': [['MA1040', 60], ['MA1050', 40]],
};
const HIGH_SCIENCE: Record<string, ReadonlyArray<readonly [string, number]>> = {
  '9': [['SC1010', 100]],
  '10': [['SC1020', 70], ['SC1010', 30]],
  '11': [['SC1030', 60], ['SC1020', 40]],
  '12': [['SC1030', 70], ['SC1020', 30]],
};
const HIGH_HISTORY: Record<string, string> = { '9': 'SS1010', '10': 'SS1010', '11': 'SS1020', '12': 'SS1030' };
const HIGH_LANGUAGE: Record<string, readonly [string, string]> = {
  '9': ['WL1010', 'WL1110'],
  '10': ['WL1020', 'WL1120'],
  '11': ['WL1030', 'WL1120'],
  '12': ['WL1030', 'WL1120'],
};

/** High: seven periods; Government is a one-semester senior course. */
function highSchedule(rng: Random, grade: string): ScheduleItem[] {
  const history = HIGH_HISTORY[grade];
  const [spanish, french] = HIGH_LANGUAGE[grade];
  return [
    full(`EN${twoDigit(grade)}10`, 1),
    full(rng.weighted(HIGH_MATH[grade]), 2),
    full(rng.weighted(HIGH_SCIENCE[grade]), 3),
    history === 'SS1030' ? { course: history, term: rng.chance(0.5) ? 'S1' : 'S2', period: 4, homeroom: false } : full(history, 4),
    full(rng.chance(0.65) ? spanish : french, 5),
    { course: 'PE1010', term: 'S1', period: 6, homeroom: false },
    { course: 'PE1010', term: 'S2', period: 6, homeroom: false },
    ...semesterPair(rng, 'AR1010', 'CS1010', 7),
  ];
}

export function scheduleFor(rng: Random, level: SchoolLevel, grade: string): ScheduleItem[] {
  return level === 'E' ? elementarySchedule(rng, grade) : level === 'M' ? middleSchedule(rng, grade) : highSchedule(rng, grade);
}

/**
 * Last year's rosters survive only for the core ELA (the homeroom, in elementary) and math
 * sections, the grade below: enough to prove the current-year condition in the mappings without
 * doubling the database.
 */
export function priorYearSchedule(level: SchoolLevel, grade: string): ScheduleItem[] {
  const below = String(Number(grade === 'K' ? 0 : grade) - 1).replace(/^0$/, 'K');
  if (level === 'H') return [full(`EN${twoDigit(below)}10`, 1), full(below === '9' ? 'MA1010' : below === '10' ? 'MA1020' : 'MA1030', 2)];
  return [full(gradeNo('EN', below), 1, level === 'E'), full(gradeNo('MA', below), 2)];
}
