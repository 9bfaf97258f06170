import type { FloorCollection, FloorSource } from './floor-collection';
import { keysetPage } from './floor-collection';
import { isoDateTime, latest, ref, withoutNulls } from './record-format';

/** orgs, academicSessions and demographics: one row per record, no child lists. */

const DEFAULT_TIME = '2020-01-01 00:00:00';
const SCHOOL_LEVELS: Record<string, string> = { E: 'elementary', M: 'middle', H: 'high' };
const TERM_TYPES: Record<string, string> = { S: 'term', Q: 'gradingPeriod', Y: 'schoolYear' };
const SEXES: Record<string, string> = { M: 'male', F: 'female' };
const RESIDENCE: Record<string, string> = { A: '01652', O: '01653', S: '01654' };

/** The SIS has no district table: the district is one constant record, as in the mapping. */
const district: FloorSource = {
  async page(_connection, _context, after, limit) {
    if (after || limit === 0) return { records: [] };
    const record = { sourcedId: 'dist-lusd', status: 'active', dateLastModified: '2025-07-01T00:00:00.000Z', name: 'Lincoln Unified School District', type: 'district', identifier: '0622710' };
    return { records: [record], last: ['dist-lusd'] };
  },
};

const schools: FloorSource = {
  async page(connection, context, after, limit) {
    const page = keysetPage(connection, 'SELECT "SCH_CD", "SCH_NM", "SCH_LVL", "NCES_ID", "ST_SCH_ID", "ACTV_FLG", "LST_UPD_DT" FROM "SCH_MSTR"', [], ['"SCH_CD"'], after, limit);
    const rows = await connection.query(page.sql, page.params);
    const records = rows.map((row) =>
      withoutNulls({
        sourcedId: `sch-${row.SCH_CD}`,
        status: row.ACTV_FLG === 'N' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT)!),
        name: row.SCH_NM,
        type: 'school',
        identifier: row.NCES_ID ?? row.ST_SCH_ID ?? row.SCH_CD,
        parent: ref(context, 'orgs', 'dist-lusd', 'org'),
        metadata: SCHOOL_LEVELS[String(row.SCH_LVL)] ? { schoolLevel: SCHOOL_LEVELS[String(row.SCH_LVL)] } : null,
      }),
    );
    const last = rows[rows.length - 1];
    return { records, last: last && [last.SCH_CD] };
  },
};

const schoolYears: FloorSource = {
  async page(connection, _context, after, limit) {
    const page = keysetPage(connection, 'SELECT "SY_ID", "SY_DESC", "BEG_DT", "END_DT", "CUR_YR_FLG", "LST_UPD_DT" FROM "SCH_YR"', [], ['"SY_ID"'], after, limit);
    const rows = await connection.query(page.sql, page.params);
    const records = rows.map((row) =>
      withoutNulls({
        sourcedId: `sy-${row.SY_ID}`,
        status: row.CUR_YR_FLG === 'N' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT)!),
        title: row.SY_DESC,
        startDate: row.BEG_DT,
        endDate: row.END_DT,
        type: 'schoolYear',
        schoolYear: String(row.SY_ID),
      }),
    );
    const last = rows[rows.length - 1];
    return { records, last: last && [last.SY_ID] };
  },
};

const terms: FloorSource = {
  async page(connection, context, after, limit) {
    const page = keysetPage(
      connection,
      'SELECT T."SCH_CD", T."SY_ID", T."TRM_CD", T."TRM_TYP", T."TRM_DESC", T."BEG_DT", T."END_DT", T."PAR_TRM_CD", T."LST_UPD_DT", Y."SY_DESC", Y."CUR_YR_FLG", Y."LST_UPD_DT" AS "SY_UPD_DT"' +
        ' FROM "TRM_MSTR" T JOIN "SCH_YR" Y ON Y."SY_ID" = T."SY_ID"',
      [],
      ['T."SCH_CD"', 'T."SY_ID"', 'T."TRM_CD"'],
      after,
      limit,
    );
    const rows = await connection.query(page.sql, page.params);
    const records = rows.map((row) =>
      withoutNulls({
        sourcedId: `trm-${row.SCH_CD}-${row.SY_ID}-${row.TRM_CD}`,
        status: row.CUR_YR_FLG === 'N' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT, row.SY_UPD_DT)!),
        title: [row.TRM_DESC, row.SY_DESC, `School ${row.SCH_CD}`].filter((part) => part !== null).join(' '),
        startDate: row.BEG_DT,
        endDate: row.END_DT,
        type: TERM_TYPES[String(row.TRM_TYP)] ?? 'term',
        parent:
          row.PAR_TRM_CD === null
            ? ref(context, 'academicSessions', `sy-${row.SY_ID}`, 'academicSession')
            : ref(context, 'academicSessions', `trm-${row.SCH_CD}-${row.SY_ID}-${row.PAR_TRM_CD}`, 'academicSession'),
        schoolYear: String(row.SY_ID),
      }),
    );
    const last = rows[rows.length - 1];
    return { records, last: last && [last.SCH_CD, last.SY_ID, last.TRM_CD] };
  },
};

const studentDemographics: FloorSource = {
  async page(connection, _context, after, limit) {
    const page = keysetPage(
      connection,
      'SELECT "STU_ID", "BRTH_DT", "GNDR", "DEL_FLG", "ENR_STAT", "HISP_FLG", "RACE_AI", "RACE_AS", "RACE_BL", "RACE_PI", "RACE_WH",' +
        ' "BRTH_CNTRY", "BRTH_ST", "BRTH_CITY", "RES_CD", "CRT_DT", "LST_UPD_DT" FROM "STU_MSTR"',
      [`"ENR_STAT" IN ('A', 'W', 'G')`],
      ['"STU_ID"'],
      after,
      limit,
    );
    const rows = await connection.query(page.sql, page.params);
    const records = rows.map((row) => {
      const races = [row.RACE_AI, row.RACE_AS, row.RACE_BL, row.RACE_PI, row.RACE_WH].filter((flag) => flag === 'Y').length;
      return withoutNulls({
        sourcedId: `stu-${row.STU_ID}`,
        status: row.DEL_FLG === 'Y' || row.ENR_STAT === 'W' || row.ENR_STAT === 'G' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(null, row.LST_UPD_DT, row.CRT_DT)!),
        birthDate: row.BRTH_DT,
        sex: SEXES[String(row.GNDR)] ?? null,
        americanIndianOrAlaskaNative: row.RACE_AI === 'Y',
        asian: row.RACE_AS === 'Y',
        blackOrAfricanAmerican: row.RACE_BL === 'Y',
        nativeHawaiianOrOtherPacificIslander: row.RACE_PI === 'Y',
        white: row.RACE_WH === 'Y',
        demographicRaceTwoOrMoreRaces: races >= 2,
        hispanicOrLatinoEthnicity: row.HISP_FLG === 'Y',
        countryOfBirthCode: row.BRTH_CNTRY,
        stateOfBirthAbbreviation: row.BRTH_ST,
        cityOfBirth: row.BRTH_CITY,
        publicSchoolResidenceStatus: RESIDENCE[String(row.RES_CD)] ?? null,
      });
    });
    const last = rows[rows.length - 1];
    return { records, last: last && [last.STU_ID] };
  },
};

export const orgs: FloorCollection = { name: 'orgs', sources: [district, schools] };
export const academicSessions: FloorCollection = { name: 'academicSessions', sources: [schoolYears, terms] };
export const demographics: FloorCollection = { name: 'demographics', sources: [studentDemographics] };
