import type { RouteScopeKind } from '../auth/scopes';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { RouteConstraint } from '../query/collection-request';
import * as route from './route-constraints';

/**
 * Every read operation of the OneRoster rostering service (oneroster-spec §2.1–2.2), the same set
 * with the same operationIds in 1.1 and 1.2. Controllers, the served OpenAPI documents and the
 * README's route table are all generated from this one list, so a route cannot be served without
 * being documented, or documented without being served.
 */
export interface RosteringRoute {
  /** The operationId both official OpenAPI files use. */
  readonly operationId: string;
  /** Express path below the version's base path; parameters named as the 1.2 OpenAPI file names them. */
  readonly path: string;
  readonly entity: EntityName;
  /** `collection`: paged list (limit, offset, sort, filter, fields); `single`: one object by sourcedId (fields). */
  readonly kind: 'collection' | 'single';
  readonly scopes: RouteScopeKind;
  /** What the route fixes on the entity: a subtype, a parent. Empty for a plain collection. */
  readonly constraint: (params: Readonly<Record<string, string>>) => readonly RouteConstraint[];
  /** One line for the OpenAPI summary. */
  readonly summary: string;
}


function core(entity: EntityName, collection: string, plural: string, singular: string, subtype: readonly RouteConstraint[] = []): RosteringRoute[] {
  const scopes: RouteScopeKind = entity === 'demographics' ? 'demographics' : 'core';
  const name = (prefix: string, word: string) => `${prefix}${word[0].toUpperCase()}${word.slice(1)}`;
  return [
    { operationId: name('getAll', plural), path: collection, entity, kind: 'collection', scopes, constraint: () => subtype, summary: `All ${plural}` },
    {
      operationId: name('get', singular),
      path: `${collection}/:sourcedId`,
      entity,
      kind: 'single',
      scopes,
      constraint: () => subtype,
      summary: `One ${singular} by sourcedId`,
    },
  ];
}

function nested(operationId: string, path: string, entity: EntityName, constraint: RosteringRoute['constraint'], summary: string): RosteringRoute {
  return { operationId, path, entity, kind: 'collection', scopes: 'nested', constraint, summary };
}

export const ROSTERING_ROUTES: readonly RosteringRoute[] = [
  ...core('academicSessions', 'academicSessions', 'academicSessions', 'academicSession'),
  ...core('classes', 'classes', 'classes', 'class'),
  ...core('courses', 'courses', 'courses', 'course'),
  ...core('demographics', 'demographics', 'demographics', 'demographics'),
  ...core('enrollments', 'enrollments', 'enrollments', 'enrollment'),
  ...core('academicSessions', 'gradingPeriods', 'gradingPeriods', 'gradingPeriod', route.GRADING_PERIODS),
  ...core('orgs', 'orgs', 'orgs', 'org'),
  ...core('orgs', 'schools', 'schools', 'school', route.SCHOOLS),
  ...core('users', 'students', 'students', 'student', route.STUDENTS),
  ...core('users', 'teachers', 'teachers', 'teacher', route.TEACHERS),
  ...core('academicSessions', 'terms', 'terms', 'term', route.TERMS),
  ...core('users', 'users', 'users', 'user'),
  nested('getStudentsForClass', 'classes/:classSourcedId/students', 'users', (p) => route.classUsers(p.classSourcedId, 'student'), 'Students enrolled in a class'),
  nested('getTeachersForClass', 'classes/:classSourcedId/teachers', 'users', (p) => route.classUsers(p.classSourcedId, 'teacher'), 'Teachers of a class'),
  nested('getClassesForCourse', 'courses/:courseSourcedId/classes', 'classes', (p) => route.courseClasses(p.courseSourcedId), 'Classes of a course'),
  nested('getClassesForSchool', 'schools/:schoolSourcedId/classes', 'classes', (p) => route.schoolClasses(p.schoolSourcedId), 'Classes of a school'),
  nested(
    'getEnrollmentsForClassInSchool',
    'schools/:schoolSourcedId/classes/:classSourcedId/enrollments',
    'enrollments',
    (p) => route.schoolClassEnrollments(p.schoolSourcedId, p.classSourcedId),
    'Enrollments in a class of a school',
  ),
  nested(
    'getStudentsForClassInSchool',
    'schools/:schoolSourcedId/classes/:classSourcedId/students',
    'users',
    (p) => route.schoolClassUsers(p.schoolSourcedId, p.classSourcedId, 'student'),
    'Students enrolled in a class of a school',
  ),
  nested(
    'getTeachersForClassInSchool',
    'schools/:schoolSourcedId/classes/:classSourcedId/teachers',
    'users',
    (p) => route.schoolClassUsers(p.schoolSourcedId, p.classSourcedId, 'teacher'),
    'Teachers of a class of a school',
  ),
  nested('getCoursesForSchool', 'schools/:schoolSourcedId/courses', 'courses', (p) => route.schoolCourses(p.schoolSourcedId), 'Courses of a school'),
  nested('getEnrollmentsForSchool', 'schools/:schoolSourcedId/enrollments', 'enrollments', (p) => route.schoolEnrollments(p.schoolSourcedId), 'Enrollments in a school'),
  nested('getStudentsForSchool', 'schools/:schoolSourcedId/students', 'users', (p) => route.schoolUsers(p.schoolSourcedId, 'student'), 'Students of a school'),
  nested('getTeachersForSchool', 'schools/:schoolSourcedId/teachers', 'users', (p) => route.schoolUsers(p.schoolSourcedId, 'teacher'), 'Teachers of a school'),
  nested('getTermsForSchool', 'schools/:schoolSourcedId/terms', 'academicSessions', (p) => route.schoolTerms(p.schoolSourcedId), 'Terms the classes of a school are taught in'),
  nested('getClassesForStudent', 'students/:studentSourcedId/classes', 'classes', (p) => route.userClasses(p.studentSourcedId, 'student'), 'Classes a student is enrolled in'),
  nested('getClassesForTeacher', 'teachers/:teacherSourcedId/classes', 'classes', (p) => route.userClasses(p.teacherSourcedId, 'teacher'), 'Classes a teacher teaches'),
  nested('getClassesForTerm', 'terms/:termSourcedId/classes', 'classes', (p) => route.termClasses(p.termSourcedId), 'Classes taught in a term'),
  nested('getGradingPeriodsForTerm', 'terms/:termSourcedId/gradingPeriods', 'academicSessions', (p) => route.termGradingPeriods(p.termSourcedId), 'Grading periods of a term'),
  nested('getClassesForUser', 'users/:userSourcedId/classes', 'classes', (p) => route.userClasses(p.userSourcedId), 'Classes a user is enrolled in'),
];

/** `schools/:schoolSourcedId/classes` → `schools/{schoolSourcedId}/classes`, as OpenAPI and people write it. */
export function openApiPath(path: string): string {
  return `/${path.replace(/:([A-Za-z]+)/g, '{$1}')}`;
}

