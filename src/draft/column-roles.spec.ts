import { ColumnRole, columnRoles } from './column-roles';
import { column } from './profile-builder';

const YN = ['Y', 'N', 'N'];

/** [column, type, sampled values, roles it must have] */
const CASES: Array<[string, string, string[], ColumnRole[]]> = [
  ['FRST_NM', 'varchar(30)', ['Grace'], ['givenName']],
  ['first_name', 'varchar(30)', [], ['givenName']],
  ['FirstName', 'varchar(30)', [], ['givenName']],
  ['fname', 'varchar(30)', [], ['givenName']],
  ['LST_NM', 'varchar(40)', [], ['familyName']],
  ['surname', 'varchar(40)', [], ['familyName']],
  ['MID_INIT', 'CHAR(1)', ['A'], ['middleName']],
  ['NICK_NM', 'varchar(30)', [], ['preferredName']],
  ['BRTH_DT', 'date', [], ['birthDate']],
  ['DOB', 'date', [], ['birthDate']],
  ['GNDR', 'CHAR(1)', ['M', 'F'], ['sex']],
  ['EMAIL_ADDR', 'varchar(80)', [], ['email']],
  ['HOME_PHN', 'varchar(14)', [], ['phone']],
  ['LOGIN_ID', 'varchar(30)', [], ['username']],
  ['HIRE_DT', 'date', [], ['hireDate']],
  ['EMP_NO', 'varchar(8)', [], ['employeeNumber']],
  ['STF_TYP', 'CHAR(1)', ['T', 'A'], ['personType', 'typeCode']],
  ['GRD_CD', 'varchar(2)', ['K', '1'], ['grade']],
  ['GRD_LVLS', 'varchar(40)', ['09;10'], ['gradeList']],
  ['ST_STU_ID', 'varchar(10)', [], ['stateId']],
  ['NCES_ID', 'varchar(12)', [], ['ncesId']],
  ['SCH_NM', 'varchar(60)', [], ['name']],
  ['CRS_TTL', 'varchar(60)', [], ['name']],
  ['LST_UPD_DT', 'datetime', [], ['lastModified']],
  ['updated_at', 'timestamp', [], ['lastModified']],
  ['modified', 'datetime', [], ['lastModified']],
  ['MOD_DTTM', 'datetime', [], ['lastModified']],
  ['CRT_DT', 'datetime', [], ['created']],
  ['DEL_FLG', 'CHAR(1)', YN, ['deleteFlag']],
  ['is_deleted', 'smallint', ['0', '1'], ['deleteFlag']],
  ['ACTV_FLG', 'CHAR(1)', YN, ['activeFlag']],
  ['ENR_STAT', 'CHAR(1)', ['A', 'W', 'G'], ['statusCode']],
  ['BEG_DT', 'date', [], ['startDate']],
  ['ENTRY_DT', 'date', [], ['startDate']],
  ['END_DT', 'date', [], ['endDate']],
  ['CUR_YR_FLG', 'CHAR(1)', YN, ['currentFlag']],
  ['PRIM_FLG', 'CHAR(1)', YN, ['primaryFlag']],
  ['DROP_FLG', 'CHAR(1)', YN, ['dropFlag']],
  ['RACE_AI', 'CHAR(1)', YN, ['raceAmericanIndian']],
  ['RACE_AS', 'CHAR(1)', YN, ['raceAsian']],
  ['RACE_BL', 'CHAR(1)', YN, ['raceBlack']],
  ['RACE_PI', 'CHAR(1)', YN, ['racePacificIslander']],
  ['RACE_WH', 'CHAR(1)', YN, ['raceWhite']],
  ['HISP_FLG', 'CHAR(1)', YN, ['hispanic']],
  ['BRTH_CNTRY', 'CHAR(2)', [], ['birthCountry']],
  ['BRTH_ST', 'CHAR(2)', [], ['birthState']],
  ['BRTH_CITY', 'varchar(40)', [], ['birthCity']],
  ['SECT_NO', 'integer', [], ['sectionNumber']],
  ['PRD', 'varchar(10)', ['1'], ['period']],
  ['ROOM_NO', 'varchar(6)', [], ['room']],
  ['SY_ID', 'integer', ['2026', '2027'], ['yearValue']],
  ['TRM_TYP', 'CHAR(1)', ['S', 'Q'], ['typeCode']],
  ['SUBJ_CD', 'CHAR(2)', [], ['subject']],
  ['CRS_NO', 'varchar(8)', [], ['courseNumber']],
  ['REL_CD', 'CHAR(1)', ['M', 'F'], ['relationship']],
];

describe(columnRoles.name, () => {
  test.each(CASES)('%s (%s) is %j', (name, type, values, roles) => {
    expect(columnRoles(column(name, type, values))).toEqual(expect.arrayContaining(roles));
  });

  /** Columns that must not be taken for what their words alone suggest. */
  test.each<[string, string, string[], ColumnRole]>([
    ['LST_UPD_USR', 'varchar(8)', ['CONV'], 'lastModified'],
    ['LST_UPD_DT', 'datetime', [], 'familyName'],
    ['BRTH_CNTRY', 'CHAR(2)', ['US'], 'birthDate'],
    ['DEL_FLG', 'CHAR(1)', YN, 'activeFlag'],
    ['ENR_STAT', 'CHAR(1)', ['A', 'W'], 'deleteFlag'],
    ['GNDR', 'CHAR(1)', ['M', 'F'], 'deleteFlag'],
    ['SY_ID', 'integer', ['1', '2'], 'yearValue'],
    ['LAST_UPDATED', 'datetime', [], 'endDate'],
    ['SCH_NM', 'varchar(60)', [], 'givenName'],
    ['FRST_NM', 'varchar(30)', [], 'name'],
    ['GRD_LVLS', 'varchar(40)', ['09;10'], 'grade'],
  ])('%s (%s) is not %s', (name, type, values, role) => {
    expect(columnRoles(column(name, type, values))).not.toContain(role);
  });
});
