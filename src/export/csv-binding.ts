import type { EntityName } from '../oneroster/entity-catalogue';

/**
 * The OneRoster 1.1 CSV binding for the rostering files the adapter can serve: each file's
 * columns, in the binding's order, and which REST field each column is read from.
 *
 * Source: 1EdTech "OneRoster v1.1 CSV Tables" (Final Release, v1.1.1, 2023-08-22),
 * https://www.imsglobal.org/oneroster-v11-final-csv-tables §3 (one table per file, "Header
 * fields must be supplied in the same order as defined in the tables"; "Required" column).
 * Cross-checked against vendors' copies of those tables (D2L Brightspace "OneRoster CSV data
 * mappings", Great Minds "OneRoster File Specifications: users.csv").
 *
 * `status` and `dateLastModified` are required in delta files only (bulk files leave them blank);
 * the other required columns hold a value on every active row. A column without `field` is one
 * the REST model has no counterpart for (users.csv `password`): always blank.
 */
export interface CsvColumn {
  /** The header, exactly as the binding spells it. */
  readonly name: string;
  /** The 1.1 REST field the value comes from (its type in the entity catalogue says how it is written). */
  readonly field?: string;
  readonly required: boolean;
}

export interface CsvFile {
  readonly entity: EntityName;
  /** The entry's name in the zip, also the manifest's `file.<name>` key. */
  readonly name: string;
  readonly columns: readonly CsvColumn[];
}

const column = (name: string, field: string = name, required = false): CsvColumn => ({ name, field, required });
const required = (name: string, field: string = name): CsvColumn => column(name, field, true);
/** A column the REST model has nothing for: always blank. */
const blank = (name: string): CsvColumn => ({ name, required: false });
/** Every file starts with these; required in delta only (see rowValues). */
const HEAD: readonly CsvColumn[] = [required('sourcedId'), column('status'), column('dateLastModified')];

export const CSV_FILES: readonly CsvFile[] = [
  {
    entity: 'academicSessions',
    name: 'academicSessions',
    columns: [...HEAD, required('title'), required('type'), required('startDate'), required('endDate'), column('parentSourcedId', 'parent'), required('schoolYear')],
  },
  {
    entity: 'orgs',
    name: 'orgs',
    columns: [...HEAD, required('name'), required('type'), column('identifier'), column('parentSourcedId', 'parent')],
  },
  {
    entity: 'courses',
    name: 'courses',
    columns: [
      ...HEAD,
      column('schoolYearSourcedId', 'schoolYear'),
      required('title'),
      column('courseCode'),
      column('grades'),
      required('orgSourcedId', 'org'),
      column('subjects'),
      column('subjectCodes'),
    ],
  },
  {
    entity: 'classes',
    name: 'classes',
    columns: [
      ...HEAD,
      required('title'),
      column('grades'),
      required('courseSourcedId', 'course'),
      column('classCode'),
      required('classType'),
      column('location'),
      required('schoolSourcedId', 'school'),
      required('termSourcedIds', 'terms'),
      column('subjects'),
      column('subjectCodes'),
      column('periods'),
    ],
  },
  {
    entity: 'users',
    name: 'users',
    columns: [
      ...HEAD,
      required('enabledUser'),
      required('orgSourcedIds', 'orgs'),
      required('role'),
      required('username'),
      column('userIds'),
      required('givenName'),
      required('familyName'),
      column('middleName'),
      column('identifier'),
      column('email'),
      column('sms'),
      column('phone'),
      column('agentSourcedIds', 'agents'),
      column('grades'),
      // The adapter never reads or serves passwords.
      blank('password'),
    ],
  },
  {
    entity: 'enrollments',
    name: 'enrollments',
    columns: [
      ...HEAD,
      required('classSourcedId', 'class'),
      required('schoolSourcedId', 'school'),
      required('userSourcedId', 'user'),
      required('role'),
      column('primary'),
      column('beginDate'),
      column('endDate'),
    ],
  },
  {
    entity: 'demographics',
    name: 'demographics',
    columns: [
      ...HEAD,
      column('birthDate'),
      column('sex'),
      column('americanIndianOrAlaskaNative'),
      column('asian'),
      column('blackOrAfricanAmerican'),
      column('nativeHawaiianOrOtherPacificIslander'),
      column('white'),
      column('demographicRaceTwoOrMoreRaces'),
      column('hispanicOrLatinoEthnicity'),
      column('countryOfBirthCode'),
      column('stateOfBirthAbbreviation'),
      column('cityOfBirth'),
      column('publicSchoolResidenceStatus'),
    ],
  },
];

/**
 * Every data file the 1.1 binding defines, in the manifest's order: the manifest lists each one
 * (`absent` for those not supplied). The gradebook and resource files have no REST rostering
 * counterpart here and are always absent.
 */
export const MANIFEST_FILES = [
  'academicSessions',
  'categories',
  'classes',
  'classResources',
  'courses',
  'courseResources',
  'demographics',
  'enrollments',
  'lineItems',
  'orgs',
  'resources',
  'results',
  'users',
] as const;

export function csvFileFor(entity: EntityName): CsvFile {
  const file = CSV_FILES.find((candidate) => candidate.entity === entity);
  if (!file) throw new Error(`the OneRoster 1.1 CSV binding has no file for ${entity}`);
  return file;
}
