import type { FloorCollection, FloorSource } from './floor-collection';
import type { KeptShare } from './floor-collection';
import { deferredJoinPage } from './floor-collection';
import { isoDateTime, latest, ref, withoutNulls } from './record-format';

/** enrollments: current-year section rosters, students (SECT_STU) then teachers (SECT_TCH). */

const DEFAULT_TIME = '2020-01-01 00:00:00';
/** Pre-registered students (P) are not served, nor their enrollments. */
const ACTIVE_ENROLMENT = new Set(['A', 'W', 'G']);

/** Only the current school year's rows (a SIS has one): last year's rosters are skipped before the page is cut. */
const CURRENT_YEAR = (alias: string) => `${alias}."SY_ID" = (SELECT "SY_ID" FROM "SCH_YR" WHERE "CUR_YR_FLG" = 'Y')`;

/** Shares of driving rows kept, learnt as the pages go (batch sizes only). */
const studentRostersKept: KeptShare = { share: 0.9 };
const teacherRostersKept: KeptShare = { share: 0.9 };

const students: FloorSource = {
  async page(connection, context, after, limit) {
    const { rows, last } = await deferredJoinPage(
      connection,
      {
        table: '"SECT_STU" R',
        where: [CURRENT_YEAR('R')],
        key: ['R."SCH_CD"', 'R."SY_ID"', 'R."SECT_NO"', 'R."STU_ID"'],
        around: (page) =>
          'SELECT R."SCH_CD", R."SY_ID", R."SECT_NO", R."STU_ID", R."ENTRY_DT", R."EXIT_DT", R."DROP_FLG", R."LST_UPD_DT", Y."CUR_YR_FLG", S."ENR_STAT",' +
          ' K."SECT_NO" AS "SECT_FOUND", K."DEL_FLG" AS "SECT_DEL_FLG", K."LST_UPD_DT" AS "SECT_UPD_DT", S."DEL_FLG" AS "STU_DEL_FLG", S."LST_UPD_DT" AS "STU_UPD_DT"' +
          ` FROM ${page} LEFT JOIN "SCH_YR" Y ON Y."SY_ID" = R."SY_ID"` +
          ' LEFT JOIN "SECT_MSTR" K ON K."SCH_CD" = R."SCH_CD" AND K."SY_ID" = R."SY_ID" AND K."SECT_NO" = R."SECT_NO"' +
          ' LEFT JOIN "STU_MSTR" S ON S."STU_ID" = R."STU_ID"' +
          ' ORDER BY R."SCH_CD", R."SY_ID", R."SECT_NO", R."STU_ID"',
        keep: (row) => row.CUR_YR_FLG === 'Y' && row.SECT_FOUND !== null && ACTIVE_ENROLMENT.has(String(row.ENR_STAT)),
        estimate: studentRostersKept,
        keyOf: (row) => [row.SCH_CD, row.SY_ID, row.SECT_NO, row.STU_ID],
      },
      after,
      limit,
    );
    const records = rows.map((row) => {
      const klass = `cls-${row.SCH_CD}-${row.SY_ID}-${row.SECT_NO}`;
      return withoutNulls({
        sourcedId: `enr-${row.SCH_CD}-${row.SY_ID}-${row.SECT_NO}-s${row.STU_ID}`,
        status: row.DROP_FLG === 'Y' || row.SECT_DEL_FLG === 'Y' || row.STU_DEL_FLG === 'Y' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT, row.SECT_UPD_DT, row.STU_UPD_DT)!),
        user: ref(context, 'users', `stu-${row.STU_ID}`, 'user'),
        class: ref(context, 'classes', klass, 'class'),
        school: ref(context, 'orgs', `sch-${row.SCH_CD}`, 'org'),
        role: 'student',
        beginDate: row.ENTRY_DT,
        endDate: row.EXIT_DT,
      });
    });
    return { records, last };
  },
};

const teachers: FloorSource = {
  async page(connection, context, after, limit) {
    const { rows, last } = await deferredJoinPage(
      connection,
      {
        table: '"SECT_TCH" A',
        where: [CURRENT_YEAR('A')],
        key: ['A."SCH_CD"', 'A."SY_ID"', 'A."SECT_NO"', 'A."STF_ID"'],
        around: (page) =>
          'SELECT A."SCH_CD", A."SY_ID", A."SECT_NO", A."STF_ID", A."PRIM_FLG", A."BEG_DT", A."END_DT", A."LST_UPD_DT", Y."CUR_YR_FLG",' +
          ' K."SECT_NO" AS "SECT_FOUND", K."DEL_FLG" AS "SECT_DEL_FLG", K."LST_UPD_DT" AS "SECT_UPD_DT"' +
          ` FROM ${page} LEFT JOIN "SCH_YR" Y ON Y."SY_ID" = A."SY_ID"` +
          ' LEFT JOIN "SECT_MSTR" K ON K."SCH_CD" = A."SCH_CD" AND K."SY_ID" = A."SY_ID" AND K."SECT_NO" = A."SECT_NO"' +
          ' ORDER BY A."SCH_CD", A."SY_ID", A."SECT_NO", A."STF_ID"',
        keep: (row) => row.CUR_YR_FLG === 'Y' && row.SECT_FOUND !== null,
        estimate: teacherRostersKept,
        keyOf: (row) => [row.SCH_CD, row.SY_ID, row.SECT_NO, row.STF_ID],
      },
      after,
      limit,
    );
    const records = rows.map((row) =>
      withoutNulls({
        sourcedId: `enr-${row.SCH_CD}-${row.SY_ID}-${row.SECT_NO}-t${row.STF_ID}`,
        status: row.SECT_DEL_FLG === 'Y' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT, row.SECT_UPD_DT)!),
        user: ref(context, 'users', `stf-${row.STF_ID}`, 'user'),
        class: ref(context, 'classes', `cls-${row.SCH_CD}-${row.SY_ID}-${row.SECT_NO}`, 'class'),
        school: ref(context, 'orgs', `sch-${row.SCH_CD}`, 'org'),
        role: 'teacher',
        primary: row.PRIM_FLG === 'Y',
        beginDate: row.BEG_DT,
        endDate: row.END_DT,
      }),
    );
    return { records, last };
  },
};

export const enrollments: FloorCollection = { name: 'enrollments', sources: [students, teachers] };
