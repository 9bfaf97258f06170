/**
 * Splits a table or column name into upper-case words: `FRST_NM` → FRST NM, `first_name` →
 * FIRST NAME, `FirstName` → FIRST NAME, `LST_UPD_DT` → LST UPD DT, `Student2Section` → STUDENT
 * 2 SECTION. Legacy schemas abbreviate freely; the rules match these words against lists of the
 * usual abbreviations.
 */
export function nameTokens(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([A-Za-z])([0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((token) => token !== '')
    .map((token) => token.toUpperCase());
}

/** Whether any token of `name` is one of `words`. */
export function hasToken(tokens: readonly string[], words: readonly string[]): boolean {
  return tokens.some((token) => words.includes(token));
}

/** Whether the name, with separators removed and upper-cased, is one of `words` (`fname`, `DOB`). */
export function isCompactly(name: string, words: readonly string[]): boolean {
  return words.includes(name.replace(/[^A-Za-z0-9]/g, '').toUpperCase());
}
