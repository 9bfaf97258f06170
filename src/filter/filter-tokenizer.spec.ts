import { FilterSyntaxError } from './filter-syntax-error';
import { tokenizeFilter } from './filter-tokenizer';

const kinds = (input: string) => tokenizeFilter(input).map((t) => `${t.kind}:${t.text}`);

describe(tokenizeFilter.name, () => {
  test.each<[string, string[]]>([
    ['', ['EOF:']],
    ["a.b>='x''y'", ['IDENT:a.b', 'OP:>=', "STRING:'x''y'", 'EOF:']],
    ["a!='1' and (b<='2')", ['IDENT:a', 'OP:!=', "STRING:'1'", 'WS: ', 'AND:and', 'WS: ', 'LPAREN:(', 'IDENT:b', 'OP:<=', "STRING:'2'", 'RPAREN:)', 'EOF:']],
    ['a~b OR c', ['IDENT:a', 'OP:~', 'IDENT:b', 'WS: ', 'OR:OR', 'WS: ', 'IDENT:c', 'EOF:']],
    ['x=2025-01-01', ['IDENT:x', 'OP:=', 'WORD:2025-01-01', 'EOF:']],
    ['x==<', ['IDENT:x', 'OP:=', 'OP:=', 'OP:<', 'EOF:']],
    ["orders>'1'", ['IDENT:orders', 'OP:>', "STRING:'1'", 'EOF:']],
  ])('%p', (input, expected) => {
    expect(kinds(input)).toEqual(expected);
  });

  test('tabs, newlines and runs of spaces are one WS token each', () => {
    expect(kinds("a='1' \r\n\tOR  b='2'")).toEqual(['IDENT:a', 'OP:=', "STRING:'1'", 'WS: \r\n\t', 'OR:OR', 'WS:  ', 'IDENT:b', 'OP:=', "STRING:'2'", 'EOF:']);
  });

  test("a='O''Brien' unescapes the value and keeps the raw span", () => {
    const string = tokenizeFilter("a='O''Brien'")[2];
    expect(string).toEqual({ kind: 'STRING', offset: 2, length: 10, text: "'O''Brien'", value: "O'Brien" });
  });

  test('a  =  places EOF at the end of the input', () => {
    expect(tokenizeFilter('a  =').map((t) => [t.kind, t.offset, t.length])).toEqual([
      ['IDENT', 0, 1],
      ['WS', 1, 2],
      ['OP', 3, 1],
      ['EOF', 4, 0],
    ]);
  });

  test.each<[string, number, string]>([
    ["familyName='O''Brien", 12, 'unterminated quoted value starting at column 12'],
    ['a="x"', 3, 'values must be in single quotes, not double quotes'],
    ["a!'x'", 2, 'unexpected `!` (the not-equal operator is `!=`)'],
  ])('%p', (input, column, reason) => {
    expect(() => tokenizeFilter(input)).toThrow(FilterSyntaxError);
    expect(() => tokenizeFilter(input)).toThrow(expect.objectContaining({ column, reason }));
  });
});
