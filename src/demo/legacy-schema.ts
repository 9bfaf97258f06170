import type { Knex } from 'knex';

/**
 * The embedded demo SIS: a deliberately legacy-looking schema of the kind a 20-year-old student
 * information system has. Upper-case abbreviated names, single-letter codes with code tables,
 * `Y`/`N` flags, soft-delete flags, zero-padded and composite keys, nullable "last updated"
 * timestamps and local phone formats are all intentional: the mapping files, not this schema,
 * are where OneRoster's vocabulary begins.
 *
 * Written with knex's schema builder so the same tables get native column types on SQLite,
 * MySQL/MariaDB, PostgreSQL and SQL Server.
 */
export const LEGACY_SCHEMA_VERSION = 4;

type TableBuilder = (t: Knex.CreateTableBuilder) => void;

const flag = (t: Knex.CreateTableBuilder, name: string) => t.specificType(name, 'CHAR(1)').notNullable();
const code = (t: Knex.CreateTableBuilder, name: string) => t.specificType(name, 'CHAR(1)');
/** Legacy DATETIME: wall-clock time without a zone (PostgreSQL `timestamp`, not `timestamptz`). */
const dateTime = (t: Knex.CreateTableBuilder, name: string) => t.dateTime(name, { useTz: false });
const lastUpdated = (t: Knex.CreateTableBuilder) => {
  dateTime(t, 'LST_UPD_DT').nullable();
  t.string('LST_UPD_USR', 8).nullable();
};

/** Tables in creation order (code tables first). Keys of this object are the table names. */
export const LEGACY_TABLES: Record<string, TableBuilder> = {
  CD_GNDR: (t) => {
    code(t, 'GNDR_CD').primary();
    t.string('GNDR_DESC', 20).notNullable();
  },
  CD_GRD: (t) => {
    t.string('GRD_CD', 2).primary();
    t.string('GRD_DESC', 20).notNullable();
    t.smallint('SORT_NO').notNullable();
  },
  CD_STF_TYP: (t) => {
    code(t, 'STF_TYP').primary();
    t.string('TYP_DESC', 30).notNullable();
  },
  CD_REL: (t) => {
    code(t, 'REL_CD').primary();
    t.string('REL_DESC', 30).notNullable();
  },
  CD_ENR_STAT: (t) => {
    code(t, 'ENR_STAT').primary();
    t.string('STAT_DESC', 30).notNullable();
  },
  CD_TRM_TYP: (t) => {
    code(t, 'TRM_TYP').primary();
    t.string('TYP_DESC', 30).notNullable();
  },
  CD_SUBJ: (t) => {
    t.specificType('SUBJ_CD', 'CHAR(2)').primary();
    t.string('SUBJ_DESC', 40).notNullable();
    t.specificType('SCED_CD', 'CHAR(2)').notNullable();
  },

  SCH_MSTR: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').primary();
    t.string('SCH_NM', 60).notNullable();
    code(t, 'SCH_LVL').notNullable();
    t.string('NCES_ID', 12).nullable();
    t.string('ST_SCH_ID', 10).nullable();
    t.string('ADDR1', 60).nullable();
    t.string('CITY', 40).nullable();
    t.specificType('ST', 'CHAR(2)').nullable();
    t.string('ZIP', 10).nullable();
    t.string('PHONE', 14).nullable();
    t.integer('PRIN_STF_ID').nullable();
    flag(t, 'ACTV_FLG');
    lastUpdated(t);
  },
  SCH_YR: (t) => {
    t.integer('SY_ID').primary();
    t.string('SY_DESC', 9).notNullable();
    t.date('BEG_DT').notNullable();
    t.date('END_DT').notNullable();
    flag(t, 'CUR_YR_FLG');
    lastUpdated(t);
  },
  TRM_MSTR: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.integer('SY_ID').notNullable();
    t.string('TRM_CD', 2).notNullable();
    code(t, 'TRM_TYP').notNullable();
    t.string('TRM_DESC', 30).notNullable();
    t.date('BEG_DT').notNullable();
    t.date('END_DT').notNullable();
    t.string('PAR_TRM_CD', 2).nullable();
    lastUpdated(t);
    t.primary(['SCH_CD', 'SY_ID', 'TRM_CD']);
  },

  STU_MSTR: (t) => {
    t.specificType('STU_ID', 'CHAR(7)').primary();
    t.string('ST_STU_ID', 10).nullable();
    t.string('FRST_NM', 30).notNullable();
    t.string('MID_NM', 30).nullable();
    t.string('LST_NM', 40).notNullable();
    t.string('NICK_NM', 30).nullable();
    t.date('BRTH_DT').nullable();
    code(t, 'GNDR').nullable();
    t.string('GRD_CD', 2).notNullable();
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.string('HMRM', 4).nullable();
    t.string('LOGIN_ID', 30).nullable();
    t.string('EMAIL_ADDR', 80).nullable();
    t.string('HOME_PHN', 14).nullable();
    code(t, 'ENR_STAT').notNullable();
    t.date('ENTRY_DT').nullable();
    t.date('WDRL_DT').nullable();
    flag(t, 'DEL_FLG');
    code(t, 'FRL_CD').notNullable();
    flag(t, 'IEP_FLG');
    flag(t, 'ELL_FLG');
    flag(t, 'S504_FLG');
    flag(t, 'HMLS_FLG');
    flag(t, 'GT_FLG');
    flag(t, 'HISP_FLG');
    flag(t, 'RACE_AI');
    flag(t, 'RACE_AS');
    flag(t, 'RACE_BL');
    flag(t, 'RACE_PI');
    flag(t, 'RACE_WH');
    t.specificType('BRTH_CNTRY', 'CHAR(2)').nullable();
    t.specificType('BRTH_ST', 'CHAR(2)').nullable();
    t.string('BRTH_CITY', 40).nullable();
    // Residence for state reporting: A in the attendance area, O other area of the district, S elsewhere in the state.
    code(t, 'RES_CD').nullable();
    dateTime(t, 'CRT_DT').notNullable();
    lastUpdated(t);
  },

  STF_MSTR: (t) => {
    t.integer('STF_ID').primary();
    t.string('EMP_NO', 8).notNullable();
    t.string('FRST_NM', 30).notNullable();
    code(t, 'MID_INIT').nullable();
    t.string('LST_NM', 40).notNullable();
    t.string('EMAIL', 80).nullable();
    t.string('WRK_PHN', 14).nullable();
    code(t, 'STF_TYP').notNullable();
    t.string('LOGIN_ID', 30).nullable();
    flag(t, 'ACTV_FLG');
    flag(t, 'DEL_FLG');
    t.date('HIRE_DT').nullable();
    lastUpdated(t);
  },
  STF_SCH: (t) => {
    t.integer('STF_ID').notNullable();
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    flag(t, 'PRIM_FLG');
    lastUpdated(t);
    t.primary(['STF_ID', 'SCH_CD']);
  },

  CNTCT_MSTR: (t) => {
    t.integer('CNTCT_ID').primary();
    t.string('FRST_NM', 30).notNullable();
    t.string('LST_NM', 40).notNullable();
    t.string('EMAIL', 80).nullable();
    t.string('HOME_PHN', 14).nullable();
    t.string('CELL_PHN', 14).nullable();
    t.string('WRK_PHN', 14).nullable();
    t.specificType('LANG_CD', 'CHAR(2)').nullable();
    flag(t, 'DEL_FLG');
    lastUpdated(t);
  },
  STU_CNTCT: (t) => {
    t.specificType('STU_ID', 'CHAR(7)').notNullable();
    t.integer('CNTCT_ID').notNullable();
    code(t, 'REL_CD').notNullable();
    flag(t, 'CUST_FLG');
    flag(t, 'EMRG_FLG');
    flag(t, 'LIVES_W_FLG');
    t.smallint('CNTCT_SEQ').notNullable();
    lastUpdated(t);
    t.primary(['STU_ID', 'CNTCT_ID']);
  },

  CRS_MSTR: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.string('CRS_NO', 8).notNullable();
    t.string('CRS_TTL', 60).notNullable();
    t.specificType('SUBJ_CD', 'CHAR(2)').notNullable();
    t.string('GRD_LVLS', 40).nullable();
    flag(t, 'ACTV_FLG');
    // No last-modified timestamp, as in many real catalogues: the mapping declares
    // tracking.lastModified: snapshot and the adapter's snapshot pass dates changes.
    t.string('LST_UPD_USR', 8).nullable();
    t.primary(['SCH_CD', 'CRS_NO']);
  },
  SECT_MSTR: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.integer('SY_ID').notNullable();
    t.integer('SECT_NO').notNullable();
    t.string('CRS_NO', 8).notNullable();
    code(t, 'SECT_TYP').notNullable();
    t.string('ROOM_NO', 6).nullable();
    t.string('PRD', 10).nullable();
    t.smallint('MAX_SEATS').nullable();
    flag(t, 'DEL_FLG');
    lastUpdated(t);
    t.primary(['SCH_CD', 'SY_ID', 'SECT_NO']);
  },
  SECT_TRM: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.integer('SY_ID').notNullable();
    t.integer('SECT_NO').notNullable();
    t.string('TRM_CD', 2).notNullable();
    t.primary(['SCH_CD', 'SY_ID', 'SECT_NO', 'TRM_CD']);
  },
  SECT_STU: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.integer('SY_ID').notNullable();
    t.integer('SECT_NO').notNullable();
    t.specificType('STU_ID', 'CHAR(7)').notNullable();
    t.date('ENTRY_DT').nullable();
    t.date('EXIT_DT').nullable();
    flag(t, 'DROP_FLG');
    lastUpdated(t);
    t.primary(['SCH_CD', 'SY_ID', 'SECT_NO', 'STU_ID']);
  },
  SECT_TCH: (t) => {
    t.specificType('SCH_CD', 'CHAR(3)').notNullable();
    t.integer('SY_ID').notNullable();
    t.integer('SECT_NO').notNullable();
    t.integer('STF_ID').notNullable();
    flag(t, 'PRIM_FLG');
    t.date('BEG_DT').nullable();
    t.date('END_DT').nullable();
    lastUpdated(t);
    t.primary(['SCH_CD', 'SY_ID', 'SECT_NO', 'STF_ID']);
  },
};

/**
 * Secondary indexes a real SIS would (or should) have. The `LST_UPD_DT` ones are what make
 * `dateLastModified>'…'` deltas cheap; the link-table ones serve the batched child queries
 * (orgs, agents, terms) and the roster joins.
 */
export const LEGACY_INDEXES: Array<{ table: string; columns: string[]; name: string }> = [
  ...['SCH_MSTR', 'SCH_YR', 'TRM_MSTR', 'STU_MSTR', 'STF_MSTR', 'STF_SCH', 'CNTCT_MSTR', 'STU_CNTCT', 'SECT_MSTR', 'SECT_STU', 'SECT_TCH'].map(
    (table) => ({ table, columns: ['LST_UPD_DT'], name: `IX_${table}_UPD` }),
  ),
  { table: 'STU_MSTR', columns: ['CRT_DT'], name: 'IX_STU_MSTR_CRT' },
  { table: 'STU_MSTR', columns: ['SCH_CD'], name: 'IX_STU_MSTR_SCH' },
  { table: 'STF_SCH', columns: ['SCH_CD'], name: 'IX_STF_SCH_SCH' },
  { table: 'STU_CNTCT', columns: ['CNTCT_ID'], name: 'IX_STU_CNTCT_CNTCT' },
  { table: 'SECT_STU', columns: ['STU_ID'], name: 'IX_SECT_STU_STU' },
  { table: 'SECT_TCH', columns: ['STF_ID'], name: 'IX_SECT_TCH_STF' },
];

/** Creates every legacy table and index; the database must not already have them. */
export async function createLegacySchema(db: Knex): Promise<void> {
  for (const [name, build] of Object.entries(LEGACY_TABLES)) {
    await db.schema.createTable(name, build);
  }
  for (const index of LEGACY_INDEXES) {
    await db.schema.alterTable(index.table, (t) => {
      t.index(index.columns, index.name);
    });
  }
}

/** Drops the legacy tables (children first) so a generator run can start from scratch. */
export async function dropLegacySchema(db: Knex): Promise<void> {
  for (const name of Object.keys(LEGACY_TABLES).reverse()) {
    await db.schema.dropTableIfExists(name);
  }
}
