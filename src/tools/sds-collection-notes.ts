/**
 * What we know to be wrong in Microsoft's SDS Postman collection itself (the read-only oracle in
 * ../shared/oracles/). The runner applies the corrections in memory and classifies failures of the
 * known defects; it never edits an assertion. Section numbers refer to ../shared/docs/sds.md.
 */

export const NEW_FOLDER = 'APIs required for SDS (*new*)';

export interface CollectionCorrection {
  folder: string;
  request: string;
  /** The request's URL as the runner sends it instead of the collection's. */
  url: string;
  what: string;
  why: string;
}

/** Request-level corrections, applied before the run; each is printed and cited in the closing note. */
export const COLLECTION_CORRECTIONS: Record<string, CollectionCorrection> = {
  'Get Users - Student of Contact': {
    folder: NEW_FOLDER,
    request: 'Get Users - Student of Contact',
    url: '{{OneRosterHost}}/ims/oneroster/v1p1/users/{{student_id}}',
    what: 'URL /users/a1 → /users/{{student_id}}',
    why:
      'the collection hard-codes user "a1" although this request checks the student that the previous request ' +
      '("Get Users - Contact (optional)") stored as {{student_id}} from the guardian\'s agents[0] (sds.md §1.5 #31, §1.8)',
  },
};

export interface KnownDefect {
  folder: string;
  request: string;
  /** The assertion's name as the collection spells it (the key newman reports). */
  assertion: string;
  defect: string;
  /**
   * Present only when the defect can make the assertion fail against a correct server: then a failure
   * whose message matches is reported as "expected failure (collection defect)" instead of failing the run.
   * Absent: the defect only weakens the check (it can never fail wrongly), so any failure still counts.
   */
  expectedFailure?: RegExp;
}

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    folder: NEW_FOLDER,
    request: 'Get Users',
    assertion: 'metadata.microsoft.userFlags type valid values',
    defect:
      'the allowed list omits reducedLunch, which the collection\'s own comment and SDS document as a flag (sds.md §0 #11, §3.4)',
    // Only the reducedLunch value is excused; any other invalid flag still fails the run.
    expectedFailure: /^expected 'reducedLunch' to be one of /,
  },
  {
    folder: NEW_FOLDER,
    request: 'Get AcademicSessions',
    assertion: 'Require academicSession.title',
    defect: 'the non-empty half tests .name instead of .title, so an empty title passes (sds.md §1.5 #2)',
  },
  {
    folder: NEW_FOLDER,
    request: 'Get AcademicSessions',
    assertion: 'Require academicSession.schoolYear',
    defect: 'the non-empty half tests .type instead of .schoolYear (the separate string/4-digit checks still cover it)',
  },
  {
    folder: NEW_FOLDER,
    request: 'Get Courses',
    assertion: 'Require courses.title',
    defect: 'the non-empty half tests .name instead of .title, so an empty title passes (sds.md §1.5 #22: "property title present")',
  },
  {
    folder: NEW_FOLDER,
    request: 'Get Enrollments',
    assertion: 'Require enrollment.role',
    defect: 'the non-empty half tests .sourcedId instead of .role (sds.md §1.5 #18); the role enum check still covers it',
  },
  {
    folder: NEW_FOLDER,
    request: 'Get Users',
    assertion: 'Require user.orgs[0].sourcedId',
    defect: 'the name is used twice; the second assertion with this name checks orgs[0].type, so a failure may be mislabelled',
  },
  {
    folder: NEW_FOLDER,
    request: 'Get Classes',
    assertion: 'Require class.terms[0].sourcedId',
    defect: 'the name is used twice; the second assertion with this name checks terms[0].type, so a failure may be mislabelled',
  },
  {
    folder: NEW_FOLDER,
    request: '* - Delta',
    assertion: 'Require delta … dateLastModified to be at least filter dateLastModified / Returns records only if … less than now',
    defect: 'written as pm.expect(<boolean>) with no assertion, so they never fail: delta results are not checked against the filter (sds.md §1.4 LIST-DELTA)',
  },
  {
    folder: NEW_FOLDER,
    request: '* - Delta',
    assertion: 'environment variable DeltaDateTime must be set',
    defect: 'pm.expect(value.isNaN) asserts nothing; only the non-empty half is real',
  },
  {
    folder: NEW_FOLDER,
    request: 'Get Users - Contact (optional)',
    assertion: 'Require array of users / array of agents is not empty',
    defect:
      'if the guardian has no agents array, these re-test the users list instead of agents and {{student_id}} becomes the guardian itself; ' +
      'only the legacy "users (agents is array" flag then fails. Neither #30 nor #31 checks that the student\'s agents point back to this guardian (sds.md §1.9)',
  },
];

/** The failure's known defect, when it is an expected failure of the collection rather than of the server. */
export function expectedDefect(folder: string, request: string, assertion: string | undefined, message: string): KnownDefect | undefined {
  return KNOWN_DEFECTS.find(
    (defect) =>
      defect.expectedFailure !== undefined &&
      defect.folder === folder &&
      defect.request === request &&
      defect.assertion === assertion &&
      defect.expectedFailure.test(message),
  );
}
