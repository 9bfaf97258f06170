import { asCodeTable, codeTableFor, describedCodes, namedLikeCodeTable } from './code-tables';
import { withInferredForeignKeys } from './infer-foreign-keys';
import { codeTable, column, database, table } from './profile-builder';

describe('code tables', () => {
  const genders = codeTable('CD_GNDR', 'GNDR_CD', 'GNDR_DESC', { M: 'Male', F: 'Female', X: 'Not specified' });
  const students = table('STU_MSTR', [column('STU_ID'), column('GNDR', 'CHAR(1)', ['M', 'F']), column('GRD_CD', 'varchar(2)', ['K', '1'])], { primaryKey: ['STU_ID'] });
  const profile = withInferredForeignKeys(database([genders, students]));

  it('a small keyed table with a description column reads as code → description', () => {
    expect(asCodeTable(genders)).toEqual({ table: 'CD_GNDR', codeColumn: 'GNDR_CD', descriptionColumn: 'GNDR_DESC', descriptions: new Map([['M', 'Male'], ['F', 'Female'], ['X', 'Not specified']]) });
    expect(namedLikeCodeTable(genders)).toBe(true);
  });

  it('tables without kept rows, a single key or a description are not code tables', () => {
    expect(asCodeTable(students)).toBeUndefined();
    expect(asCodeTable(table('LKP', [column('A'), column('B')], { rows: [{ A: '1', B: '2' }] }))).toBeUndefined();
  });

  it('a column explained by a code table gets its descriptions; one without gets its sampled values', () => {
    expect(codeTableFor(profile, profile.tables[1], 'GNDR')?.table).toBe('CD_GNDR');
    expect(describedCodes(profile, profile.tables[1], 'GNDR')).toEqual({ codes: new Map([['M', 'Male'], ['F', 'Female'], ['X', 'Not specified']]), from: 'code table CD_GNDR' });
    expect(describedCodes(profile, profile.tables[1], 'GRD_CD')).toEqual({ codes: new Map([['K', 'K'], ['1', '1']]), from: 'sampled values' });
  });
});
