import fc from 'fast-check';
import { CSV_LINE_END, csvField, csvRecord } from './csv-format';
import { readCsv } from './read-csv';

describe('csvField', () => {
  test.each([
    ['plain', 'plain'],
    ['', ''],
    ["O'Connor", "O'Connor"],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['Zoë Ñúñez 山田', 'Zoë Ñúñez 山田'],
  ])('%j is written as %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test.each([
    ['two\nlines', 'two lines'],
    ['two\r\nlines', 'two lines'],
    ['old\rmac', 'old mac'],
    ['a,\nb', '"a, b"'],
  ])('the binding allows no line break inside a field: %j becomes %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});

describe('csvRecord', () => {
  it('joins the fields with commas and ends the record with CRLF (RFC 4180)', () => {
    expect(CSV_LINE_END).toBe('\r\n');
    expect(csvRecord(['stu-1', '', 'true', 'sch-1,sch-2'])).toBe('stu-1,,true,"sch-1,sch-2"\r\n');
  });

  it('reads back as the same fields for any text without line breaks', () => {
    // A BOM is only ever the file's first character, which readers drop; no value starts with one.
    const text = fc.string({ unit: 'binary' }).map((value) => value.replace(/[\r\n\ufeff]/g, ''));
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }), (records) => {
        expect(readCsv(records.map(csvRecord).join(''))).toEqual(records);
      }),
    );
  });
});

describe('readCsv', () => {
  it('accepts LF line ends, a UTF-8 BOM and a last record without a line end', () => {
    expect(readCsv('\ufeffa,b\n"c\nd",e')).toEqual([
      ['a', 'b'],
      ['c\nd', 'e'],
    ]);
  });

  it('refuses an unterminated quoted field', () => {
    expect(() => readCsv('a,"b\r\n')).toThrow('unterminated quoted field');
  });
});
