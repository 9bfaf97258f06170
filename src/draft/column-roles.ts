import type { ColumnProfile } from './database-profile';
import { flagTrueValue, holdsDates, holdsShortCodes, holdsTimestamps, holdsYears } from './column-values';
import { hasToken, isCompactly, nameTokens } from './name-tokens';

/**
 * What a column probably holds, guessed from its name (the usual legacy abbreviations and the
 * usual modern spellings) checked against its type and sampled values. Each role is one small
 * rule; a column may have several roles (`ENR_STAT` is a status code; `LST_NM` a family name).
 */
export type ColumnRole =
  | 'givenName'
  | 'familyName'
  | 'middleName'
  | 'preferredName'
  | 'birthDate'
  | 'sex'
  | 'email'
  | 'phone'
  | 'username'
  | 'hireDate'
  | 'jobTitle'
  | 'employeeNumber'
  | 'personType'
  | 'grade'
  | 'gradeList'
  | 'stateId'
  | 'ncesId'
  | 'name'
  | 'lastModified'
  | 'created'
  | 'deleteFlag'
  | 'activeFlag'
  | 'inactiveFlag'
  | 'statusCode'
  | 'startDate'
  | 'endDate'
  | 'currentFlag'
  | 'primaryFlag'
  | 'dropFlag'
  | 'raceAmericanIndian'
  | 'raceAsian'
  | 'raceBlack'
  | 'racePacificIslander'
  | 'raceWhite'
  | 'hispanic'
  | 'birthCountry'
  | 'birthState'
  | 'birthCity'
  | 'sectionNumber'
  | 'period'
  | 'room'
  | 'yearValue'
  | 'typeCode'
  | 'subject'
  | 'courseNumber'
  | 'relationship'
  | 'address';

interface RoleRule {
  readonly role: ColumnRole;
  /** How the rule decided, for the `# GUESS:` comment: "FRST_NM looks like a first name". */
  readonly what: string;
  readonly test: (tokens: readonly string[], column: ColumnProfile) => boolean;
}

const NAME = ['NM', 'NAME', 'NAM', 'NME'];
const DATE = ['DT', 'DATE', 'DTE', 'ON', 'AT', 'TS', 'TIME', 'DTTM', 'TM', 'STAMP', 'TIMESTAMP'];
const FLAG = ['FLG', 'FLAG', 'IND', 'IS', 'YN', 'FL', 'SW', 'SWITCH'];
const named = (tokens: readonly string[], words: readonly string[]) => hasToken(tokens, words) && hasToken(tokens, NAME);
const isText = (column: ColumnProfile) => column.kind === 'text' || column.kind === 'other';
const flag = (column: ColumnProfile) => flagTrueValue(column) !== undefined;

const RULES: readonly RoleRule[] = [
  { role: 'givenName', what: 'a first name', test: (t, c) => isText(c) && (named(t, ['FIRST', 'FRST', 'FST', 'FRS', 'GIVEN', 'FORE', 'F']) || isCompactly(c.name, ['FNAME', 'FIRSTNAME', 'GIVENNAME', 'FORENAME', 'FIRSTNM'])) },
  { role: 'familyName', what: 'a last name', test: (t, c) => isText(c) && (named(t, ['LAST', 'LST', 'LS', 'SUR', 'FAMILY', 'FAM', 'L']) || isCompactly(c.name, ['LNAME', 'LASTNAME', 'SURNAME', 'FAMILYNAME', 'LASTNM'])) },
  { role: 'middleName', what: 'a middle name', test: (t, c) => isText(c) && ((hasToken(t, ['MID', 'MIDDLE', 'MDL', 'MI']) && (hasToken(t, [...NAME, 'INIT', 'INITIAL', 'IN']) || t.length === 1)) || isCompactly(c.name, ['MNAME', 'MIDDLENAME', 'MIDNAME'])) },
  { role: 'preferredName', what: 'a preferred name', test: (t, c) => isText(c) && (named(t, ['NICK', 'PREF', 'PREFERRED', 'ALIAS', 'KNOWN']) || isCompactly(c.name, ['NICKNAME', 'PREFNAME'])) },
  { role: 'birthDate', what: 'a birth date', test: (t, c) => holdsDates(c) && (hasToken(t, ['BIRTH', 'BRTH', 'BTH', 'DOB', 'BIRTHDATE', 'BIRTHDAY', 'BDATE']) || isCompactly(c.name, ['DOB', 'BIRTHDATE', 'DATEOFBIRTH'])) },
  { role: 'sex', what: 'a gender/sex code', test: (t, c) => !holdsDates(c) && hasToken(t, ['GENDER', 'GNDR', 'SEX', 'GDR']) },
  { role: 'email', what: 'an e-mail address', test: (t, c) => isText(c) && (hasToken(t, ['EMAIL', 'EML', 'MAIL', 'EMAILADDR', 'EMAILADDRESS']) || isCompactly(c.name, ['EMAIL', 'EMAILADDRESS'])) },
  { role: 'phone', what: 'a phone number', test: (t, c) => !flag(c) && hasToken(t, ['PHONE', 'PHN', 'PH', 'TEL', 'TELEPHONE', 'MOBILE', 'CELL', 'FONE']) },
  { role: 'username', what: 'a login name', test: (t, c) => isText(c) && (hasToken(t, ['LOGIN', 'LOGON', 'USERNAME', 'NETID', 'USERID', 'ACCOUNT', 'UPN']) || (hasToken(t, ['USER', 'USR']) && hasToken(t, [...NAME, 'ID'])) || isCompactly(c.name, ['USERNAME', 'LOGINID', 'LOGIN'])) },
  { role: 'hireDate', what: 'a hire date', test: (t, c) => holdsDates(c) && hasToken(t, ['HIRE', 'HIRED', 'HR', 'EMPLOYED', 'EMPLOYMENT']) },
  { role: 'jobTitle', what: 'a job title or position', test: (t, c) => isText(c) && hasToken(t, ['POSITION', 'POS', 'JOB', 'OCCUPATION', 'DESIGNATION']) },
  { role: 'employeeNumber', what: 'an employee number', test: (t) => hasToken(t, ['EMP', 'EMPL', 'EMPLOYEE']) && hasToken(t, ['NO', 'NUM', 'NBR', 'ID', 'NUMBER', 'CD']) },
  { role: 'personType', what: 'a staff type or role code', test: (t, c) => !flag(c) && hasToken(t, ['TYP', 'TYPE', 'ROLE', 'CAT', 'CATEGORY', 'CLASS', 'CLS', 'POSITION', 'POS', 'TITLE']) && hasToken(t, ['STF', 'STAFF', 'EMP', 'EMPLOYEE', 'ROLE', 'USER', 'TCH', 'TEACHER', 'POSITION', 'POS', 'JOB', 'TITLE']) },
  { role: 'gradeList', what: 'a list of grade levels', test: (t, c) => isText(c) && hasToken(t, ['GRD', 'GRADE', 'GR', 'GRADES', 'LVLS', 'LEVELS']) && (hasToken(t, ['LVLS', 'LEVELS', 'GRADES', 'GRDS', 'RANGE']) || c.samples.some((s) => /[;,|]/.test(s.value))) },
  { role: 'grade', what: 'a grade level', test: (t, c) => !holdsDates(c) && hasToken(t, ['GRD', 'GRADE', 'GR', 'GRADELEVEL', 'GRDLVL']) && !hasToken(t, ['LVLS', 'LEVELS', 'GRADES', 'GRDS', 'RANGE']) && c.samples.every((s) => !/[;,|]/.test(s.value)) },
  { role: 'stateId', what: 'a state id', test: (t) => (hasToken(t, ['ST', 'STATE', 'STA']) && hasToken(t, ['ID', 'NO', 'NUM', 'NBR'])) || hasToken(t, ['SSID', 'SASID', 'STATEID']) },
  { role: 'ncesId', what: 'an NCES id', test: (t) => hasToken(t, ['NCES', 'NCESID', 'FEDERAL', 'FED']) },
  { role: 'name', what: 'a name or title', test: (t, c) => isText(c) && (hasToken(t, [...NAME, 'TTL', 'TITLE', 'DESC', 'DESCR', 'DESCRIPTION', 'LABEL', 'DSC']) || isCompactly(c.name, ['NAME', 'TITLE'])) && !hasToken(t, ['FIRST', 'FRST', 'LAST', 'LST', 'MID', 'MIDDLE', 'NICK', 'USER', 'USR', 'LOGIN', 'FILE', 'HOST']) },
  { role: 'lastModified', what: 'a last-modified time', test: (t, c) => holdsTimestampsOrDates(c) && (hasToken(t, ['UPD', 'UPDT', 'UPDATE', 'UPDATED', 'MOD', 'MODIFIED', 'MODIFY', 'MODIF', 'CHG', 'CHANGED', 'CHANGE', 'CHNG', 'EDIT', 'EDITED', 'LASTMOD', 'MODTIME']) || isCompactly(c.name, ['MODIFIED', 'UPDATED', 'LASTMODIFIED', 'TIMESTAMP', 'LASTCHANGED', 'ROWTIMESTAMP'])) },
  { role: 'created', what: 'a creation time', test: (t, c) => holdsTimestampsOrDates(c) && hasToken(t, ['CRT', 'CREATE', 'CREATED', 'CREATION', 'INS', 'INSERTED', 'INSERT', 'ADD', 'ADDED', 'ENTERED', 'ENT']) },
  { role: 'deleteFlag', what: 'a deleted flag', test: (t, c) => flag(c) && hasToken(t, ['DEL', 'DELETED', 'DELETE', 'DLT', 'DELT', 'REMOVED', 'RMV', 'PURGE', 'PURGED', 'ARCHIVED', 'VOID', 'VOIDED']) },
  { role: 'activeFlag', what: 'an active flag', test: (t, c) => flag(c) && hasToken(t, ['ACTV', 'ACTIVE', 'ACT', 'ENABLED', 'ENBL']) && !hasToken(t, ['INACTV', 'INACTIVE']) },
  { role: 'inactiveFlag', what: 'an inactive flag', test: (t, c) => flag(c) && hasToken(t, ['INACTV', 'INACTIVE', 'DISABLED', 'DSBL']) },
  { role: 'statusCode', what: 'a status code', test: (t, c) => !flag(c) && !holdsDates(c) && hasToken(t, ['STAT', 'STATUS', 'STS', 'STATE_CD', 'STATUSCODE']) && (c.samples.length === 0 || holdsShortCodes(c, 20) || c.samples.length <= 12) },
  { role: 'startDate', what: 'a start date', test: (t, c) => holdsDates(c) && hasToken(t, ['BEG', 'BEGIN', 'BGN', 'START', 'STRT', 'STR', 'ENTRY', 'ENTER', 'ENTERED', 'FROM', 'EFF', 'EFFECTIVE', 'OPEN', 'FIRST']) && !hasToken(t, ['BIRTH', 'BRTH', 'HIRE']) },
  { role: 'endDate', what: 'an end date', test: (t, c) => holdsDates(c) && hasToken(t, ['END', 'EXIT', 'STOP', 'THRU', 'THROUGH', 'TO', 'UNTIL', 'CLOSE', 'FINISH', 'LAST', 'EXP', 'EXPIRES']) && !hasToken(t, ['UPD', 'UPDATED', 'MOD', 'MODIFIED', 'CHG', 'CHANGED']) },
  { role: 'currentFlag', what: 'a current-year flag', test: (t, c) => flag(c) && hasToken(t, ['CUR', 'CURR', 'CURRENT', 'CRNT', 'ACTIVE_YR']) },
  { role: 'primaryFlag', what: 'a primary flag', test: (t, c) => flag(c) && hasToken(t, ['PRIM', 'PRIMARY', 'PRI', 'MAIN', 'HOME', 'LEAD', 'TEACHER_OF_RECORD']) },
  { role: 'dropFlag', what: 'a dropped flag', test: (t, c) => flag(c) && hasToken(t, ['DROP', 'DROPPED', 'DRP', 'WITHDRAWN', 'WDRL']) },
  { role: 'raceAmericanIndian', what: 'the American Indian or Alaska Native race flag', test: (t, c) => raceFlag(t, c, ['AI', 'AMIND', 'INDIAN', 'AMERICANINDIAN', 'NATIVE', 'AIAN', 'AMI']) },
  { role: 'raceAsian', what: 'the Asian race flag', test: (t, c) => raceFlag(t, c, ['AS', 'ASIAN', 'ASN', 'ASIA']) },
  { role: 'raceBlack', what: 'the Black or African American race flag', test: (t, c) => raceFlag(t, c, ['BL', 'BLACK', 'BLK', 'AFRICAN', 'AFAM', 'AA', 'BAA']) },
  { role: 'racePacificIslander', what: 'the Native Hawaiian or Other Pacific Islander race flag', test: (t, c) => raceFlag(t, c, ['PI', 'PACIFIC', 'HAWAIIAN', 'NHPI', 'NH', 'PACISL']) },
  { role: 'raceWhite', what: 'the White race flag', test: (t, c) => raceFlag(t, c, ['WH', 'WHITE', 'WHT', 'CAUCASIAN']) },
  { role: 'hispanic', what: 'the Hispanic or Latino ethnicity flag', test: (t, c) => flag(c) && hasToken(t, ['HISP', 'HISPANIC', 'LATINO', 'HISPANICLATINO', 'HL', 'ETHNICITY', 'ETH']) },
  { role: 'birthCountry', what: 'the country of birth', test: (t, c) => isText(c) && hasToken(t, ['BIRTH', 'BRTH', 'BTH', 'BIRTHPLACE']) && hasToken(t, ['CNTRY', 'COUNTRY', 'CTRY', 'CNTY']) },
  { role: 'birthState', what: 'the state of birth', test: (t, c) => isText(c) && hasToken(t, ['BIRTH', 'BRTH', 'BTH']) && hasToken(t, ['ST', 'STATE', 'STA', 'PROV']) },
  { role: 'birthCity', what: 'the city of birth', test: (t, c) => isText(c) && hasToken(t, ['BIRTH', 'BRTH', 'BTH']) && hasToken(t, ['CITY', 'CTY', 'TOWN', 'PLACE']) },
  { role: 'sectionNumber', what: 'a section number', test: (t) => hasToken(t, ['SECT', 'SECTION', 'SEC', 'SCT']) && hasToken(t, ['NO', 'NUM', 'NBR', 'ID', 'CD', 'CODE', 'NUMBER']) },
  { role: 'period', what: 'a period', test: (t, c) => !holdsDates(c) && (hasToken(t, ['PRD', 'PERIOD', 'PER', 'PERIODS', 'BELL']) || isCompactly(c.name, ['PERIOD'])) },
  { role: 'room', what: 'a room', test: (t, c) => isText(c) && hasToken(t, ['ROOM', 'RM', 'LOCATION', 'LOC', 'CLASSROOM']) },
  { role: 'yearValue', what: 'a year', test: (t, c) => hasToken(t, ['SY', 'YR', 'YEAR', 'SCHYR', 'SCHOOLYEAR', 'ACADYR', 'FY']) && holdsYears(c) },
  { role: 'typeCode', what: 'a type code', test: (t, c) => !flag(c) && hasToken(t, ['TYP', 'TYPE', 'KIND', 'CAT', 'CATEGORY', 'LVL', 'LEVEL']) && (c.samples.length === 0 || holdsShortCodes(c) || c.samples.length <= 12) },
  { role: 'subject', what: 'a subject', test: (t) => hasToken(t, ['SUBJ', 'SUBJECT', 'SUBJECTS', 'DEPT', 'DEPARTMENT', 'SBJ']) },
  { role: 'courseNumber', what: 'a course number', test: (t) => hasToken(t, ['CRS', 'COURSE', 'CRSE', 'CRSNO']) && hasToken(t, ['NO', 'NUM', 'NBR', 'CD', 'CODE', 'ID', 'NUMBER', 'CRSNO']) },
  { role: 'relationship', what: 'a relationship code', test: (t, c) => !flag(c) && hasToken(t, ['REL', 'RELATION', 'RELATIONSHIP', 'RELTN', 'RELN', 'RELSHIP']) },
  { role: 'address', what: 'an address', test: (t, c) => isText(c) && hasToken(t, ['ADDR', 'ADDRESS', 'STREET', 'ADDR1', 'ZIP', 'CITY', 'POSTAL']) && !hasToken(t, ['EMAIL', 'BIRTH', 'BRTH']) },
];

function holdsTimestampsOrDates(column: ColumnProfile): boolean {
  return holdsTimestamps(column) || holdsDates(column);
}

/** A yes/no race flag: RACE_AS, IS_ASIAN, ASIAN_IND, … */
function raceFlag(tokens: readonly string[], column: ColumnProfile, words: readonly string[]): boolean {
  if (!flag(column)) return false;
  const raceWord = hasToken(tokens, ['RACE', 'RAC', 'RC', 'ETHNIC', 'ETH']);
  // Two-letter abbreviations only count beside RACE (RACE_AS, not SCH_AS).
  const long = words.filter((word) => word.length > 2);
  return hasToken(tokens, long) || (raceWord && hasToken(tokens, words));
}

/** Every role the column plays, in rule order. */
export function columnRoles(column: ColumnProfile): ColumnRole[] {
  const tokens = nameTokens(column.name);
  return RULES.filter((rule) => rule.test(tokens, column)).map((rule) => rule.role);
}

export function hasRole(column: ColumnProfile, role: ColumnRole): boolean {
  const rule = RULES.find((candidate) => candidate.role === role)!;
  return rule.test(nameTokens(column.name), column);
}

/** The role in words, for guess comments: "a first name". */
export function describeRole(role: ColumnRole): string {
  return RULES.find((rule) => rule.role === role)!.what;
}
