import type { FloorCollection, FloorSource } from './floor-collection';
import type { KeptShare } from './floor-collection';
import { deferredJoinPage, keysetPage } from './floor-collection';
import { groupBy, nonEmpty, ref, split, withoutNulls } from './record-format';

/**
 * classes and courses. Neither CRS_MSTR nor SECT_TRM keeps a last-modified time (the adapter
 * dates these records from its snapshot store); the export stamps them with its own start time.
 */

const CLASS_TYPES: Record<string, string> = { H: 'homeroom', R: 'scheduled' };

/** Only the current school year's rows (a SIS has one): last year's rosters are skipped before the page is cut. */
const CURRENT_YEAR = (alias: string) => `${alias}."SY_ID" = (SELECT "SY_ID" FROM "SCH_YR" WHERE "CUR_YR_FLG" = 'Y')`;

/** Shares of driving rows kept, learnt as the pages go (batch sizes only). */
const sectionsKept: KeptShare = { share: 0.9 };

const sections: FloorSource = {
  async page(connection, context, after, limit) {
    const { rows, last } = await deferredJoinPage(
      connection,
      {
        table: '"SECT_MSTR" K',
        where: [CURRENT_YEAR('K')],
        key: ['K."SCH_CD"', 'K."SY_ID"', 'K."SECT_NO"'],
        around: (page) =>
          'SELECT K."SCH_CD", K."SY_ID", K."SECT_NO", K."CRS_NO", K."SECT_TYP", K."ROOM_NO", K."PRD", K."DEL_FLG", Y."CUR_YR_FLG",' +
          ' C."CRS_NO" AS "CRS_FOUND", C."CRS_TTL", C."GRD_LVLS", SJ."SUBJ_DESC", SJ."SCED_CD"' +
          ` FROM ${page} LEFT JOIN "SCH_YR" Y ON Y."SY_ID" = K."SY_ID"` +
          ' LEFT JOIN "CRS_MSTR" C ON C."SCH_CD" = K."SCH_CD" AND C."CRS_NO" = K."CRS_NO"' +
          ' LEFT JOIN "CD_SUBJ" SJ ON SJ."SUBJ_CD" = C."SUBJ_CD"' +
          ' ORDER BY K."SCH_CD", K."SY_ID", K."SECT_NO"',
        keep: (row) => row.CUR_YR_FLG === 'Y' && row.CRS_FOUND !== null,
        estimate: sectionsKept,
        keyOf: (row) => [row.SCH_CD, row.SY_ID, row.SECT_NO],
      },
      after,
      limit,
    );
    if (rows.length === 0) return { records: [], last };
    const keys = rows.flatMap((row) => [row.SCH_CD, row.SY_ID, row.SECT_NO]);
    const terms = groupBy(
      await connection.query(
        `SELECT "SCH_CD", "SY_ID", "SECT_NO", "TRM_CD" FROM "SECT_TRM" WHERE ("SCH_CD", "SY_ID", "SECT_NO") IN ${connection.tupleList(['text', 'integer', 'integer'], rows.length)}` +
          ' ORDER BY "SCH_CD", "SY_ID", "SECT_NO", "TRM_CD"',
        keys,
      ),
      (term) => `${term.SCH_CD}-${term.SY_ID}-${term.SECT_NO}`,
    );
    const records = rows.map((row) => {
      const key = `${row.SCH_CD}-${row.SY_ID}-${row.SECT_NO}`;
      return withoutNulls({
        sourcedId: `cls-${key}`,
        status: row.DEL_FLG === 'Y' ? 'tobedeleted' : 'active',
        dateLastModified: context.exportedAt,
        title: [row.CRS_TTL, row.PRD === null ? null : `Period ${row.PRD}`].filter((part) => part !== null).join(' - '),
        classCode: `${row.CRS_NO}-${row.SECT_NO}`,
        classType: CLASS_TYPES[String(row.SECT_TYP)] ?? 'scheduled',
        location: row.ROOM_NO === null ? null : `Room ${row.ROOM_NO}`,
        grades: split(row.GRD_LVLS, ';'),
        subjects: row.SUBJ_DESC === null ? null : [row.SUBJ_DESC],
        course: ref(context, 'courses', `crs-${row.SCH_CD}-${row.CRS_NO}`, 'course'),
        school: ref(context, 'orgs', `sch-${row.SCH_CD}`, 'org'),
        terms: nonEmpty((terms.get(key) ?? []).map((term) => ref(context, 'academicSessions', `trm-${term.SCH_CD}-${term.SY_ID}-${term.TRM_CD}`, 'academicSession'))),
        subjectCodes: row.SCED_CD === null ? null : [row.SCED_CD],
        periods: split(row.PRD, ','),
      });
    });
    return { records, last };
  },
};

const courseRows: FloorSource = {
  async page(connection, context, after, limit) {
    const page = keysetPage(
      connection,
      'SELECT C."SCH_CD", C."CRS_NO", C."CRS_TTL", C."GRD_LVLS", C."ACTV_FLG", SJ."SUBJ_DESC", SJ."SCED_CD" FROM "CRS_MSTR" C LEFT JOIN "CD_SUBJ" SJ ON SJ."SUBJ_CD" = C."SUBJ_CD"',
      [],
      ['C."SCH_CD"', 'C."CRS_NO"'],
      after,
      limit,
    );
    const rows = await connection.query(page.sql, page.params);
    const records = rows.map((row) =>
      withoutNulls({
        sourcedId: `crs-${row.SCH_CD}-${row.CRS_NO}`,
        status: row.ACTV_FLG === 'N' ? 'tobedeleted' : 'active',
        dateLastModified: context.exportedAt,
        title: row.CRS_TTL,
        courseCode: row.CRS_NO,
        grades: split(row.GRD_LVLS, ';'),
        subjects: row.SUBJ_DESC === null ? null : [row.SUBJ_DESC],
        org: ref(context, 'orgs', `sch-${row.SCH_CD}`, 'org'),
        subjectCodes: row.SCED_CD === null ? null : [row.SCED_CD],
      }),
    );
    const last = rows[rows.length - 1];
    return { records, last: last && [last.SCH_CD, last.CRS_NO] };
  },
};

export const classes: FloorCollection = { name: 'classes', sources: [sections] };
export const courses: FloorCollection = { name: 'courses', sources: [courseRows] };
