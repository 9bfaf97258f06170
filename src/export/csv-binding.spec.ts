import { ENTITY_CATALOGUE, ENTITY_NAMES, fieldSpec } from '../oneroster/entity-catalogue';
import { CSV_FILES, csvFileFor, MANIFEST_FILES } from './csv-binding';

/** The headers of the OneRoster 1.1 CSV tables, as 1EdTech's "OneRoster v1.1 CSV Tables" §3 lists them. */
const HEADERS: Record<string, string> = {
  academicSessions: 'sourcedId,status,dateLastModified,title,type,startDate,endDate,parentSourcedId,schoolYear',
  orgs: 'sourcedId,status,dateLastModified,name,type,identifier,parentSourcedId',
  courses: 'sourcedId,status,dateLastModified,schoolYearSourcedId,title,courseCode,grades,orgSourcedId,subjects,subjectCodes',
  classes: 'sourcedId,status,dateLastModified,title,grades,courseSourcedId,classCode,classType,location,schoolSourcedId,termSourcedIds,subjects,subjectCodes,periods',
  users: 'sourcedId,status,dateLastModified,enabledUser,orgSourcedIds,role,username,userIds,givenName,familyName,middleName,identifier,email,sms,phone,agentSourcedIds,grades,password',
  enrollments: 'sourcedId,status,dateLastModified,classSourcedId,schoolSourcedId,userSourcedId,role,primary,beginDate,endDate',
  demographics:
    'sourcedId,status,dateLastModified,birthDate,sex,americanIndianOrAlaskaNative,asian,blackOrAfricanAmerican,nativeHawaiianOrOtherPacificIslander,white,demographicRaceTwoOrMoreRaces,hispanicOrLatinoEthnicity,countryOfBirthCode,stateOfBirthAbbreviation,cityOfBirth,publicSchoolResidenceStatus',
};

/** The binding's required columns besides sourcedId (status and dateLastModified: delta only). */
const REQUIRED: Record<string, string[]> = {
  academicSessions: ['title', 'type', 'startDate', 'endDate', 'schoolYear'],
  orgs: ['name', 'type'],
  courses: ['title', 'orgSourcedId'],
  classes: ['title', 'courseSourcedId', 'classType', 'schoolSourcedId', 'termSourcedIds'],
  users: ['enabledUser', 'orgSourcedIds', 'role', 'username', 'givenName', 'familyName'],
  enrollments: ['classSourcedId', 'schoolSourcedId', 'userSourcedId', 'role'],
  demographics: [],
};

describe('the OneRoster 1.1 CSV binding table', () => {
  test.each(Object.entries(HEADERS))('%s.csv has the binding\'s columns in its order', (name, header) => {
    expect(CSV_FILES.find((file) => file.name === name)!.columns.map((column) => column.name).join(',')).toBe(header);
  });

  test.each(Object.entries(REQUIRED))('%s.csv requires sourcedId and %j', (name, required) => {
    const file = CSV_FILES.find((candidate) => candidate.name === name)!;
    expect(file.columns.filter((column) => column.required).map((column) => column.name)).toEqual(['sourcedId', ...required]);
  });

  it('has one file per rostering entity, each listed in the manifest', () => {
    expect(CSV_FILES.map((file) => file.entity).sort()).toEqual([...ENTITY_NAMES].sort());
    for (const file of CSV_FILES) expect(MANIFEST_FILES).toContain(file.name);
    expect(() => csvFileFor('users')).not.toThrow();
  });

  it('reads every column from a 1.1 field of the catalogue whose type fits the column', () => {
    for (const file of CSV_FILES) {
      for (const column of file.columns) {
        if (column.field === undefined) {
          expect(`${file.name}.${column.name}`).toBe('users.password');
          continue;
        }
        const spec = fieldSpec(file.entity, column.field);
        expect(spec).toBeDefined();
        expect(spec!.versions ?? ['v1p1']).toContain('v1p1');
        if (column.name.endsWith('SourcedIds')) expect(spec!.type.kind).toBe('refList');
        else if (column.name.endsWith('SourcedId') && column.name !== 'sourcedId') expect(spec!.type.kind).toBe('ref');
        // The binding requires no more than the REST model does (else a valid mapping could not export).
        if (column.required && !['status', 'dateLastModified'].includes(column.name)) expect(spec!.required).toBe(true);
      }
    }
  });

  it('leaves out only the 1.1 fields the binding has no column for (derived children, metadata extensions)', () => {
    const unwritten = CSV_FILES.flatMap((file) =>
      ENTITY_CATALOGUE[file.entity].fields
        .filter((spec) => !spec.versions && !file.columns.some((column) => column.field === spec.name))
        .map((spec) => `${file.entity}.${spec.name}`),
    );
    expect(unwritten.sort()).toEqual(
      ['academicSessions.children', 'orgs.children', ...CSV_FILES.map((file) => `${file.entity}.metadata`)].sort(),
    );
  });
});
