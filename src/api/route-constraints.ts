import type { FilterPredicate } from '../filter';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { RouteConstraint } from '../query/collection-request';

/**
 * What each subtype and relationship route of OneRoster 1.1 (§2.1–2.2) fixes, as constraints on
 * the entity it answers with. Built in code from the same filter nodes a client would send, so
 * the query engine compiles them with the same per-source inversions and folding.
 */

const NO_POSITION = { offset: 0, column: 1, length: 0 };

/** `field='value'`; a dotted field (`school.sourcedId`) compares a reference's sourcedId, a list field any element. */
export function fieldEquals(field: string, value: string): RouteConstraint {
  const predicate: FilterPredicate = { kind: 'predicate', field, path: field.split('.'), operator: '=', value, position: NO_POSITION, valuePosition: NO_POSITION };
  return { kind: 'filter', filter: predicate };
}

/** `field='v₁' OR field='v₂' …` (a list field: any element equal to any value). */
export function fieldEqualsAny(field: string, values: readonly string[]): RouteConstraint {
  if (values.length === 0) throw new Error(`fieldEqualsAny(${field}) needs at least one value`);
  const operands = values.map((value) => (fieldEquals(field, value) as { filter: FilterPredicate }).filter);
  return { kind: 'filter', filter: operands.length === 1 ? operands[0] : { kind: 'logical', operator: 'OR', operands, position: NO_POSITION } };
}

/** `field IN (SELECT <select.field> FROM <select.entity> WHERE <select.constraint>)`. */
export function fieldIn(field: string, entity: EntityName, selected: string, constraint: readonly RouteConstraint[]): RouteConstraint {
  return { kind: 'in', field, select: { entity, field: selected, constraint } };
}

export const SCHOOLS = [fieldEquals('type', 'school')];
export const STUDENTS = [fieldEquals('role', 'student')];
export const TEACHERS = [fieldEquals('role', 'teacher')];
/** The spec's `term` only: a source that calls its sessions semesters serves them under /academicSessions. */
export const TERMS = [fieldEquals('type', 'term')];
export const GRADING_PERIODS = [fieldEquals('type', 'gradingPeriod')];

type EnrollmentRole = 'student' | 'teacher';

/** Users of a role enrolled in the classes the enrollment constraint selects. */
function enrolledUsers(role: EnrollmentRole, enrollments: readonly RouteConstraint[]): RouteConstraint[] {
  return [fieldEquals('role', role), fieldIn('sourcedId', 'enrollments', 'user', [...enrollments, fieldEquals('role', role)])];
}

export const schoolClasses = (school: string) => [fieldEquals('school.sourcedId', school)];
export const schoolCourses = (school: string) => [fieldEquals('org.sourcedId', school)];
export const schoolEnrollments = (school: string) => [fieldEquals('school.sourcedId', school)];
export const schoolUsers = (school: string, role: EnrollmentRole) => [fieldEquals('role', role), fieldEquals('orgs.sourcedId', school)];
/** The terms the school's classes are taught in. */
export const schoolTerms = (school: string) => [...TERMS, fieldIn('sourcedId', 'classes', 'terms', schoolClasses(school))];
export const schoolClassEnrollments = (school: string, klass: string) => [fieldEquals('school.sourcedId', school), fieldEquals('class.sourcedId', klass)];
export const schoolClassUsers = (school: string, klass: string, role: EnrollmentRole) => enrolledUsers(role, schoolClassEnrollments(school, klass));
export const classUsers = (klass: string, role: EnrollmentRole) => enrolledUsers(role, [fieldEquals('class.sourcedId', klass)]);
export const courseClasses = (course: string) => [fieldEquals('course.sourcedId', course)];
/** Classes the user is enrolled in (as a student or teacher when `role` is given). */
export const userClasses = (user: string, role?: EnrollmentRole) => [
  fieldIn('sourcedId', 'enrollments', 'class', [fieldEquals('user.sourcedId', user), ...(role ? [fieldEquals('role', role)] : [])]),
];
export const termClasses = (term: string) => [fieldEquals('terms.sourcedId', term)];
export const termGradingPeriods = (term: string) => [...GRADING_PERIODS, fieldEquals('parent.sourcedId', term)];
