import type { DemoRow } from './demo-row';

/** Code-table contents; the mapping files translate these exact codes into OneRoster vocabulary. */

export const GRADE_CODES = ['PK', 'K', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'] as const;

const CODE_TABLES: Record<string, ReadonlyArray<Record<string, string | number>>> = {
  CD_GNDR: [
    { GNDR_CD: 'M', GNDR_DESC: 'Male' },
    { GNDR_CD: 'F', GNDR_DESC: 'Female' },
    { GNDR_CD: 'X', GNDR_DESC: 'Not specified' },
  ],
  CD_GRD: GRADE_CODES.map((code, index) => ({
    GRD_CD: code,
    GRD_DESC: code === 'PK' ? 'Pre-kindergarten' : code === 'K' ? 'Kindergarten' : `Grade ${code}`,
    SORT_NO: index + 1,
  })),
  CD_STF_TYP: [
    { STF_TYP: 'T', TYP_DESC: 'Teacher' },
    { STF_TYP: 'A', TYP_DESC: 'Administrator' },
    { STF_TYP: 'I', TYP_DESC: 'Instructional aide' },
    { STF_TYP: 'S', TYP_DESC: 'Substitute teacher' },
  ],
  CD_REL: [
    { REL_CD: 'M', REL_DESC: 'Mother' },
    { REL_CD: 'F', REL_DESC: 'Father' },
    { REL_CD: 'G', REL_DESC: 'Legal guardian' },
    { REL_CD: 'S', REL_DESC: 'Stepparent' },
    { REL_CD: 'R', REL_DESC: 'Grandparent/other relative' },
    { REL_CD: 'E', REL_DESC: 'Emergency contact' },
    { REL_CD: 'O', REL_DESC: 'Other' },
  ],
  CD_ENR_STAT: [
    { ENR_STAT: 'A', STAT_DESC: 'Active' },
    { ENR_STAT: 'W', STAT_DESC: 'Withdrawn' },
    { ENR_STAT: 'G', STAT_DESC: 'Graduated' },
    { ENR_STAT: 'P', STAT_DESC: 'Pre-registered' },
  ],
  CD_TRM_TYP: [
    { TRM_TYP: 'Y', TYP_DESC: 'Full year' },
    { TRM_TYP: 'S', TYP_DESC: 'Semester' },
    { TRM_TYP: 'Q', TYP_DESC: 'Quarter' },
  ],
  CD_SUBJ: [
    { SUBJ_CD: 'EN', SUBJ_DESC: 'English Language Arts', SCED_CD: '01' },
    { SUBJ_CD: 'MA', SUBJ_DESC: 'Mathematics', SCED_CD: '02' },
    { SUBJ_CD: 'SC', SUBJ_DESC: 'Life and Physical Sciences', SCED_CD: '03' },
    { SUBJ_CD: 'SS', SUBJ_DESC: 'Social Sciences and History', SCED_CD: '04' },
    { SUBJ_CD: 'AR', SUBJ_DESC: 'Fine and Performing Arts', SCED_CD: '05' },
    { SUBJ_CD: 'WL', SUBJ_DESC: 'World Languages', SCED_CD: '06' },
    { SUBJ_CD: 'PE', SUBJ_DESC: 'Physical, Health, and Safety Education', SCED_CD: '08' },
    { SUBJ_CD: 'CS', SUBJ_DESC: 'Computer and Information Sciences', SCED_CD: '10' },
  ],
};

export function* codeTableRows(): Generator<DemoRow> {
  for (const [table, rows] of Object.entries(CODE_TABLES)) {
    for (const row of rows) yield { table, row: { ...row } };
  }
}
