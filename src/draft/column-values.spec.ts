import { column } from './profile-builder';
import { flagFalseValue, flagTrueValue, holdsDates, holdsShortCodes, holdsTimestamps, holdsYears, sampledValuesUnique } from './column-values';

describe('column values', () => {
  describe(flagTrueValue.name, () => {
    test.each([
      [['Y', 'N', 'N'], 'Y', 'N'],
      [['N', 'N'], 'Y', 'N'],
      [['y', 'n'], 'y', 'n'],
      [['T', 'F'], 'T', 'F'],
      [['YES', 'NO'], 'YES', 'NO'],
    ])('%j says yes is %s', (values, yes, no) => {
      const flag = column('DEL_FLG', 'CHAR(1)', values);
      expect(flagTrueValue(flag)).toBe(yes);
      expect(flagFalseValue(flag)).toBe(no);
    });

    it('0/1 integers are numbers', () => {
      expect(flagTrueValue(column('is_deleted', 'smallint', ['0', '0', '1']))).toBe(1);
      expect(flagFalseValue(column('is_deleted', 'smallint', ['0']))).toBe(0);
    });

    it('booleans are true/false, MySQL tinyint(1) 1/0', () => {
      expect(flagTrueValue(column('active', 'boolean', ['true', 'false']))).toBe(true);
      expect(flagTrueValue(column('active', 'tinyint(1)', ['1', '0']))).toBe(1);
    });

    it('is not a flag with other values, more than two values, or no sample', () => {
      expect(flagTrueValue(column('GNDR', 'CHAR(1)', ['M', 'F']))).toBeUndefined();
      expect(flagTrueValue(column('X', 'CHAR(1)', ['Y', 'N', 'U']))).toBeUndefined();
      expect(flagTrueValue(column('X', 'CHAR(1)', []))).toBeUndefined();
    });
  });

  it('dates by type, or by text that looks like ISO dates', () => {
    expect(holdsDates(column('BRTH_DT', 'date'))).toBe(true);
    expect(holdsDates(column('BRTH_DT', 'TEXT', ['2010-05-01', '2011-01-31']))).toBe(true);
    expect(holdsDates(column('BRTH_DT', 'TEXT', ['05/01/2010']))).toBe(false);
    expect(holdsTimestamps(column('UPD', 'TEXT', ['2010-05-01 10:00:00']))).toBe(true);
    expect(holdsTimestamps(column('UPD', 'TEXT', ['2010-05-01']))).toBe(false);
  });

  it('short codes and years', () => {
    expect(holdsShortCodes(column('ENR_STAT', 'CHAR(1)', ['A', 'W', 'G']))).toBe(true);
    expect(holdsShortCodes(column('LST_NM', 'varchar(40)', ['Smith', 'Jones']))).toBe(false);
    expect(holdsYears(column('SY_ID', 'integer', ['2026', '2027']))).toBe(true);
    expect(holdsYears(column('SECT_NO', 'integer', ['12', '2027']))).toBe(false);
  });

  it('a column is a key candidate when every sampled row holds a different value', () => {
    expect(sampledValuesUnique(column('ID', 'integer', ['1', '2', '3']), 3)).toBe(true);
    expect(sampledValuesUnique(column('ID', 'integer', ['1', '1', '3']), 3)).toBe(false);
    expect(sampledValuesUnique(column('ID', 'integer', ['1', null]), 2)).toBe(false);
  });
});
