import type { FloorCollection, FloorSource } from './floor-collection';
import type { KeptShare } from './floor-collection';
import { fillPage, keysetPage } from './floor-collection';
import type { Row } from './floor-connection';
import type { FloorContext, OneRosterRecord } from './record-format';
import { e164, groupBy, isoDateTime, latest, lower, nonEmpty, ref, withoutNulls } from './record-format';

/** users: students, staff and guardians (mappings/demo/users.yaml), each table in key order. */

const GRADES: Record<string, string> = { PK: 'PK', K: 'KG', '1': '01', '2': '02', '3': '03', '4': '04', '5': '05', '6': '06', '7': '07', '8': '08', '9': '09', '10': '10', '11': '11', '12': '12' };
const STAFF_ROLES: Record<string, string> = { T: 'teacher', S: 'teacher', A: 'administrator', I: 'aide' };
const CONTACT_ROLES: Record<string, string> = { M: 'parent', F: 'parent', S: 'parent', G: 'guardian', R: 'relative' };
/** A contact's role is its closest link: legal guardian first, then parents, then the rest. */
const CONTACT_ROLE_RANK: Record<string, number> = { G: 0, M: 1, F: 1, S: 1 };
const DEFAULT_TIME = '2020-01-01 00:00:00';

const students: FloorSource = {
  async page(connection, context, after, limit) {
    const page = keysetPage(
      connection,
      'SELECT S."STU_ID", S."ST_STU_ID", S."FRST_NM", S."MID_NM", S."LST_NM", S."GRD_CD", S."SCH_CD", S."LOGIN_ID", S."EMAIL_ADDR", S."HOME_PHN",' +
        ' S."ENR_STAT", S."DEL_FLG", S."FRL_CD", S."IEP_FLG", S."ELL_FLG", S."S504_FLG", S."HMLS_FLG", S."GT_FLG", S."CRT_DT", S."LST_UPD_DT" FROM "STU_MSTR" S',
      [`S."ENR_STAT" IN ('A', 'W', 'G')`],
      ['S."STU_ID"'],
      after,
      limit,
    );
    const rows = await connection.query(page.sql, page.params);
    if (rows.length === 0) return { records: [] };
    const ids = rows.map((row) => row.STU_ID);
    const agents = groupBy(
      await connection.query(
        `SELECT L."STU_ID", L."CNTCT_ID" FROM "STU_CNTCT" L JOIN "CNTCT_MSTR" C ON C."CNTCT_ID" = L."CNTCT_ID"` +
          ` WHERE L."STU_ID" IN (${connection.list(ids.length)}) AND L."REL_CD" IN ('M', 'F', 'G', 'S', 'R') AND C."DEL_FLG" = 'N' AND C."EMAIL" IS NOT NULL` +
          ` ORDER BY L."STU_ID", L."CNTCT_SEQ"`,
        ids,
      ),
      (link) => String(link.STU_ID),
    );
    const records = rows.map((row) => {
      const flags = [
        row.FRL_CD === 'F' && 'freeLunch',
        row.HMLS_FLG === 'Y' && 'homeless',
        row.GT_FLG === 'Y' && 'giftedOrTalented',
        row.S504_FLG === 'Y' && '504',
        row.ELL_FLG === 'Y' && 'ELL',
        row.IEP_FLG === 'Y' && 'IEP',
      ].filter(Boolean);
      const grade = GRADES[String(row.GRD_CD)];
      return withoutNulls({
        sourcedId: `stu-${row.STU_ID}`,
        status: row.DEL_FLG === 'Y' || row.ENR_STAT === 'W' || row.ENR_STAT === 'G' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(null, row.LST_UPD_DT, row.CRT_DT)!),
        username: row.LOGIN_ID,
        userIds: [{ type: 'SIS', identifier: String(row.STU_ID) }, ...(row.ST_STU_ID === null ? [] : [{ type: 'stateId', identifier: String(row.ST_STU_ID) }])],
        enabledUser: row.ENR_STAT === 'A',
        givenName: row.FRST_NM,
        familyName: row.LST_NM,
        middleName: row.MID_NM,
        role: 'student',
        identifier: row.ST_STU_ID,
        email: lower(row.EMAIL_ADDR),
        phone: e164(row.HOME_PHN),
        agents: nonEmpty((agents.get(String(row.STU_ID)) ?? []).map((link) => ref(context, 'users', `con-${link.CNTCT_ID}`, 'user'))),
        orgs: [ref(context, 'orgs', `sch-${row.SCH_CD}`, 'org')],
        grades: grade ? [grade] : null,
        metadata: flags.length ? { 'microsoft.userFlags': flags.join(',') } : null,
      });
    });
    return { records, last: [rows[rows.length - 1].STU_ID] };
  },
};

const staff: FloorSource = {
  async page(connection, context, after, limit) {
    const page = keysetPage(
      connection,
      'SELECT T."STF_ID", T."EMP_NO", T."FRST_NM", T."MID_INIT", T."LST_NM", T."EMAIL", T."WRK_PHN", T."STF_TYP", T."LOGIN_ID", T."ACTV_FLG", T."DEL_FLG", T."LST_UPD_DT" FROM "STF_MSTR" T',
      [],
      ['T."STF_ID"'],
      after,
      limit,
    );
    const rows = await connection.query(page.sql, page.params);
    if (rows.length === 0) return { records: [] };
    const ids = rows.map((row) => row.STF_ID);
    const schools = groupBy(
      await connection.query(
        `SELECT "STF_ID", "SCH_CD" FROM "STF_SCH" WHERE "STF_ID" IN (${connection.list(ids.length)})` +
          ` ORDER BY "STF_ID", CASE WHEN "PRIM_FLG" = 'Y' THEN 0 ELSE 1 END, "SCH_CD"`,
        ids,
      ),
      (link) => String(link.STF_ID),
    );
    const records = rows.map((row) =>
      withoutNulls({
        sourcedId: `stf-${row.STF_ID}`,
        status: row.DEL_FLG === 'Y' ? 'tobedeleted' : 'active',
        dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT)!),
        username: row.LOGIN_ID,
        userIds: [{ type: 'SIS', identifier: String(row.EMP_NO) }],
        enabledUser: row.ACTV_FLG === 'Y',
        givenName: row.FRST_NM,
        familyName: row.LST_NM,
        middleName: row.MID_INIT,
        role: STAFF_ROLES[String(row.STF_TYP)] ?? null,
        identifier: row.EMP_NO,
        email: lower(row.EMAIL),
        phone: e164(row.WRK_PHN),
        orgs: nonEmpty((schools.get(String(row.STF_ID)) ?? []).map((link) => ref(context, 'orgs', `sch-${link.SCH_CD}`, 'org'))),
      }),
    );
    return { records, last: [rows[rows.length - 1].STF_ID] };
  },
};

/**
 * Guardians: contacts with an e-mail and a guardian link (REL_CD) to a served student. The link
 * rows are read per page anyway (role, agents, orgs), so the "has a guardian link" test is made
 * on them rather than as an EXISTS in the page query, which MariaDB answers by materialising the
 * whole link table for every page.
 */
const contactsKept: KeptShare = { share: 0.9 };

const contacts: FloorSource = {
  async page(connection, context, after, limit) {
    const { kept, last } = await fillPage(
      contactsKept,
      after,
      limit,
      (from, count) => {
        const page = keysetPage(
          connection,
          'SELECT C."CNTCT_ID", C."FRST_NM", C."LST_NM", C."EMAIL", C."HOME_PHN", C."CELL_PHN", C."DEL_FLG", C."LST_UPD_DT" FROM "CNTCT_MSTR" C',
          ['C."EMAIL" IS NOT NULL'],
          ['C."CNTCT_ID"'],
          from,
          count,
        );
        return connection.query(page.sql, page.params);
      },
      async (rows) => {
        if (rows.length === 0) return [];
        const ids = rows.map((row) => row.CNTCT_ID);
        const links = groupBy(
          await connection.query(
            `SELECT L."CNTCT_ID", L."STU_ID", L."REL_CD", S."SCH_CD" FROM "STU_CNTCT" L JOIN "STU_MSTR" S ON S."STU_ID" = L."STU_ID"` +
              ` WHERE L."CNTCT_ID" IN (${connection.list(ids.length)}) AND S."ENR_STAT" IN ('A', 'W', 'G') ORDER BY L."CNTCT_ID", L."STU_ID"`,
            ids,
          ),
          (link) => String(link.CNTCT_ID),
        );
        return rows.map((row) => {
          const all = links.get(String(row.CNTCT_ID)) ?? [];
          const guardianOf = all.filter((link) => String(link.REL_CD) in CONTACT_ROLES);
          return guardianOf.length > 0 ? contact(context, row, all, guardianOf) : undefined;
        });
      },
      (row) => [row.CNTCT_ID],
    );
    return { records: kept, last };
  },
};

function contact(context: FloorContext, row: Row, all: readonly Row[], guardianOf: readonly Row[]): OneRosterRecord {
  const closest = guardianOf.reduce<Row | undefined>((best, link) => (!best || rank(link) < rank(best) ? link : best), undefined);
  return withoutNulls({
    sourcedId: `con-${row.CNTCT_ID}`,
    status: row.DEL_FLG === 'Y' ? 'tobedeleted' : 'active',
    dateLastModified: isoDateTime(latest(DEFAULT_TIME, row.LST_UPD_DT)!),
    username: lower(row.EMAIL),
    enabledUser: true,
    givenName: row.FRST_NM,
    familyName: row.LST_NM,
    role: closest ? CONTACT_ROLES[String(closest.REL_CD)] : 'guardian',
    identifier: `C${row.CNTCT_ID}`,
    email: lower(row.EMAIL),
    sms: e164(row.CELL_PHN),
    phone: e164(row.HOME_PHN),
    agents: guardianOf.map((link) => ref(context, 'users', `stu-${link.STU_ID}`, 'user')),
    // A guardian of two children at one school is listed at that school once.
    orgs: [...new Set(all.map((link) => String(link.SCH_CD)))].sort().map((school) => ref(context, 'orgs', `sch-${school}`, 'org')),
  });
}

const rank = (link: Row) => CONTACT_ROLE_RANK[String(link.REL_CD)] ?? 2;

export const users: FloorCollection = { name: 'users', sources: [students, staff, contacts] };
