/**
 * What a table is to OneRoster. Entity tables become sources of a mapping file; link tables
 * become enrollments or list fields (a staff member's schools, a class's terms, a student's
 * guardians); code tables explain codes.
 */
export const ENTITY_TABLE_KINDS = ['student', 'staff', 'contact', 'school', 'district', 'course', 'section', 'schoolYear', 'term'] as const;
export const LINK_TABLE_KINDS = ['studentSection', 'staffSection', 'staffSchool', 'studentContact', 'sectionTerm'] as const;
export type EntityTableKind = (typeof ENTITY_TABLE_KINDS)[number];
export type LinkTableKind = (typeof LINK_TABLE_KINDS)[number];
export type TableKind = EntityTableKind | LinkTableKind | 'codeTable';

/** How each kind is served, for the table printed by `mappings init`. */
export const KIND_DESCRIPTIONS: Readonly<Record<TableKind, string>> = {
  student: 'users (students)',
  staff: 'users (staff/teachers)',
  contact: 'users (guardians/contacts)',
  school: 'orgs (schools)',
  district: 'orgs (district)',
  course: 'courses',
  section: 'classes',
  schoolYear: 'academicSessions (school years)',
  term: 'academicSessions (terms)',
  studentSection: 'enrollments (students)',
  staffSection: 'enrollments (teachers)',
  staffSchool: 'users.orgs of staff',
  studentContact: 'users.agents (student ↔ contact)',
  sectionTerm: 'classes.terms',
  codeTable: 'code table (vocabulary)',
};

export type Confidence = 'high' | 'medium' | 'low';

export interface Evidence {
  readonly points: number;
  readonly because: string;
}

export interface TableGuess {
  readonly table: string;
  readonly kind: TableKind;
  readonly score: number;
  readonly confidence: Confidence;
  /** Why, strongest first: "FRST_NM, LST_NM look like first and last names". */
  readonly evidence: readonly string[];
}

export function confidenceOf(score: number): Confidence {
  return score >= 7 ? 'high' : score >= 5 ? 'medium' : 'low';
}

/** Below this a table is left unclassified. */
export const MIN_SCORE = 3;
