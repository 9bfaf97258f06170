import type { OneRosterClient } from './oneroster-client';

type Row = Record<string, unknown>;

/**
 * The conformance suites of both versions (test/e2e/conformance-v1p1 and -v1p2) request every GET
 * path of the official definitions, which name the same rostering paths; this is how each is
 * requested with ids from the demo district. Every one must answer 200 with data; a path of a
 * definition missing here fails the suite.
 */
export interface ConformanceFixtures {
  school: string;
  schoolClass: string;
  course: string;
  session: string;
  term: string;
  gradingPeriod: string;
  gradingPeriodParent: string;
  student: string;
  teacher: string;
  enrollment: string;
  demographics: string;
}

export const CONFORMANCE_ROUTES: Record<string, { path: (f: ConformanceFixtures) => string }> = {
  '/academicSessions': { path: () => 'academicSessions' },
  '/academicSessions/{sourcedId}': { path: (f) => `academicSessions/${f.session}` },
  '/classes': { path: () => 'classes' },
  '/classes/{sourcedId}': { path: (f) => `classes/${f.schoolClass}` },
  '/classes/{classSourcedId}/students': { path: (f) => `classes/${f.schoolClass}/students` },
  '/classes/{classSourcedId}/teachers': { path: (f) => `classes/${f.schoolClass}/teachers` },
  '/courses': { path: () => 'courses' },
  '/courses/{sourcedId}': { path: (f) => `courses/${f.course}` },
  '/courses/{courseSourcedId}/classes': { path: (f) => `courses/${f.course}/classes` },
  '/demographics': { path: () => 'demographics' },
  '/demographics/{sourcedId}': { path: (f) => `demographics/${f.demographics}` },
  '/enrollments': { path: () => 'enrollments' },
  '/enrollments/{sourcedId}': { path: (f) => `enrollments/${f.enrollment}` },
  '/gradingPeriods': { path: () => 'gradingPeriods' },
  '/gradingPeriods/{sourcedId}': { path: (f) => `gradingPeriods/${f.gradingPeriod}` },
  '/orgs': { path: () => 'orgs' },
  '/orgs/{sourcedId}': { path: (f) => `orgs/${f.school}` },
  '/schools': { path: () => 'schools' },
  '/schools/{sourcedId}': { path: (f) => `schools/${f.school}` },
  '/schools/{schoolSourcedId}/classes': { path: (f) => `schools/${f.school}/classes` },
  '/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments': { path: (f) => `schools/${f.school}/classes/${f.schoolClass}/enrollments` },
  '/schools/{schoolSourcedId}/classes/{classSourcedId}/students': { path: (f) => `schools/${f.school}/classes/${f.schoolClass}/students` },
  '/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers': { path: (f) => `schools/${f.school}/classes/${f.schoolClass}/teachers` },
  '/schools/{schoolSourcedId}/courses': { path: (f) => `schools/${f.school}/courses` },
  '/schools/{schoolSourcedId}/enrollments': { path: (f) => `schools/${f.school}/enrollments` },
  '/schools/{schoolSourcedId}/students': { path: (f) => `schools/${f.school}/students` },
  '/schools/{schoolSourcedId}/teachers': { path: (f) => `schools/${f.school}/teachers` },
  '/schools/{schoolSourcedId}/terms': { path: (f) => `schools/${f.school}/terms` },
  '/students': { path: () => 'students' },
  '/students/{sourcedId}': { path: (f) => `students/${f.student}` },
  '/students/{studentSourcedId}/classes': { path: (f) => `students/${f.student}/classes` },
  '/teachers': { path: () => 'teachers' },
  '/teachers/{sourcedId}': { path: (f) => `teachers/${f.teacher}` },
  '/teachers/{teacherSourcedId}/classes': { path: (f) => `teachers/${f.teacher}/classes` },
  '/terms': { path: () => 'terms' },
  '/terms/{sourcedId}': { path: (f) => `terms/${f.term}` },
  '/terms/{termSourcedId}/classes': { path: (f) => `terms/${f.term}/classes` },
  '/terms/{termSourcedId}/gradingPeriods': { path: (f) => `terms/${f.gradingPeriodParent}/gradingPeriods` },
  '/users': { path: () => 'users' },
  '/users/{sourcedId}': { path: (f) => `users/${f.student}` },
  '/users/{userSourcedId}/classes': { path: (f) => `users/${f.teacher}/classes` },
};

/** The ids the routes are exercised with, read through `client` (either version's base path). */
export async function conformanceFixtures(client: OneRosterClient): Promise<ConformanceFixtures> {
  const ref = (value: unknown) => String((value as Row).sourcedId);
  const first = async (path: string, query: Record<string, string | number> = {}): Promise<Row> => {
    const response = await client.get<Record<string, Row[]>>(path, { limit: 1, ...query });
    const rows = Object.values(response.body)[0];
    if (response.status !== 200 || !rows?.length) throw new Error(`no fixture from ${path}: ${response.status} ${JSON.stringify(response.body)}`);
    return rows[0];
  };
  const teaching = await first('enrollments', { filter: "role='teacher'" });
  const schoolClass = (await client.get<{ class: Row }>(`classes/${ref(teaching.class)}`)).body.class;
  const gradingPeriod = await first('gradingPeriods');
  return {
    school: ref(schoolClass.school),
    schoolClass: String(schoolClass.sourcedId),
    course: ref(schoolClass.course),
    session: ref((schoolClass.terms as Row[])[0]),
    // A term the school's classes are taught in, so /terms/{id}/classes has data.
    term: String((await first(`schools/${ref(schoolClass.school)}/terms`)).sourcedId),
    gradingPeriod: String(gradingPeriod.sourcedId),
    gradingPeriodParent: ref(gradingPeriod.parent),
    student: ref((await first('enrollments', { filter: "role='student'" })).user),
    teacher: ref(teaching.user),
    enrollment: String(teaching.sourcedId),
    demographics: String((await first('demographics')).sourcedId),
  };
}
