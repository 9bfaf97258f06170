import { tablePattern } from './table-pattern';

describe(tablePattern.name, () => {
  const matches = tablePattern('STU_*, SECT_???,sch_mstr');
  test.each([
    ['STU_MSTR', true],
    ['stu_cntct', true],
    ['SECT_STU', true],
    ['SECT_MSTR', false],
    ['SCH_MSTR', true],
    ['XSTU_MSTR', false],
  ])('%s → %s', (name, expected) => {
    expect(matches(name)).toBe(expected);
  });

  it('regular-expression characters are literal', () => {
    expect(tablePattern('A.B')('AXB')).toBe(false);
    expect(tablePattern('A$B')('A$B')).toBe(true);
  });
});
