/**
 * Reads RFC 4180 text back into records of fields: the inverse of csv-format.ts, for checking an
 * export (the tests read every zip they write with it). Accepts CRLF or LF line ends and a UTF-8
 * BOM, as the binding requires importers to.
 */
export function readCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; at < text.length; at++) {
    const char = text[at];
    if (quoted) {
      if (char !== '"') field += char;
      else if (text[at + 1] === '"') field += text[++at];
      else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      record.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[at + 1] === '\n') at++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += char;
  }
  if (quoted) throw new Error('unterminated quoted field at the end of the CSV text');
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}
