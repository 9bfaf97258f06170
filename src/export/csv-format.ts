/**
 * RFC 4180 text as the OneRoster 1.1 CSV binding wants it: UTF-8 without a BOM (importers must
 * tolerate one, none is needed), CRLF between records, a field quoted when it holds a comma or a
 * double quote (which is doubled inside the quotes). The binding forbids line breaks inside a
 * field even when quoted, so a value's line breaks become single spaces.
 */
export const CSV_LINE_END = '\r\n';

const NEEDS_QUOTES = /[",]/;
const LINE_BREAKS = /\r\n|\r|\n/g;

export function csvField(value: string): string {
  const flat = value.replace(LINE_BREAKS, ' ');
  return NEEDS_QUOTES.test(flat) ? `"${flat.replace(/"/g, '""')}"` : flat;
}

/** One record, line end included. */
export function csvRecord(values: readonly string[]): string {
  return `${values.map(csvField).join(',')}${CSV_LINE_END}`;
}
