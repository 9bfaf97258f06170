import { hasToken, isCompactly, nameTokens } from './name-tokens';

describe(nameTokens.name, () => {
  test.each([
    ['FRST_NM', ['FRST', 'NM']],
    ['first_name', ['FIRST', 'NAME']],
    ['FirstName', ['FIRST', 'NAME']],
    ['LST_UPD_DT', ['LST', 'UPD', 'DT']],
    ['updated_at', ['UPDATED', 'AT']],
    ['Student2Section', ['STUDENT', '2', 'SECTION']],
    ['HTTPStatusCode', ['HTTP', 'STATUS', 'CODE']],
    ['dbo.STU_MSTR', ['DBO', 'STU', 'MSTR']],
  ])('%s', (name, tokens) => {
    expect(nameTokens(name)).toEqual(tokens);
  });

  it('matches whole words only', () => {
    expect(hasToken(nameTokens('LST_UPD_DT'), ['UPD'])).toBe(true);
    expect(hasToken(nameTokens('UPDATE_USER'), ['UPD'])).toBe(false);
  });

  it('compares compact spellings without separators', () => {
    expect(isCompactly('f_name', ['FNAME'])).toBe(true);
    expect(isCompactly('DOB', ['DOB'])).toBe(true);
    expect(isCompactly('DOB_SRC', ['DOB'])).toBe(false);
  });
});
