import { FilterExpression, FilterOperator, FilterPredicate, walkPredicates } from './filter-expression';
import { MAX_FILTER_LENGTH, MAX_FILTER_NESTING, MAX_FILTER_PREDICATES } from './filter-limits';
import { FilterSyntaxError } from './filter-syntax-error';
import { parseFilter } from './parse-filter';

/** Expected shapes without positions; `toMatchObject` ignores the keys left out. */
const pred = (field: string, operator: FilterOperator, value: string) => ({ kind: 'predicate', field, path: field.split('.'), operator, value });
const and = (...operands: object[]) => ({ kind: 'logical', operator: 'AND', operands });
const or = (...operands: object[]) => ({ kind: 'logical', operator: 'OR', operands });
const at = (offset: number, length: number) => ({ offset, column: offset + 1, length });

function syntaxError(input: string): FilterSyntaxError {
  try {
    parseFilter(input);
  } catch (error) {
    if (error instanceof FilterSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe(parseFilter.name, () => {
  describe('accepts', () => {
    test.each<[string, object]>([
      ["role='student'", pred('role', '=', 'student')],
      ["status!='tobedeleted'", pred('status', '!=', 'tobedeleted')],
      ["dateLastModified>'2025-01-01'", pred('dateLastModified', '>', '2025-01-01')],
      ["dateLastModified>='2025-01-01'", pred('dateLastModified', '>=', '2025-01-01')],
      ["dateLastModified<'2025-01-01'", pred('dateLastModified', '<', '2025-01-01')],
      ["dateLastModified<='2025-01-01'", pred('dateLastModified', '<=', '2025-01-01')],
      ["email~'stud1'", pred('email', '~', 'stud1')],
      ["familyName='O''Brien'", pred('familyName', '=', "O'Brien")],
      ["a=''''", pred('a', '=', "'")],
      ["a=''", pred('a', '=', '')],
      ["a='x''''y'", pred('a', '=', "x''y")],
      ["school.sourcedId='sch-001'", pred('school.sourcedId', '=', 'sch-001')],
      ["a.b.c_1='x'", pred('a.b.c_1', '=', 'x')],
      ["_private='x'", pred('_private', '=', 'x')],
      ["givenName='  two  spaces  '", pred('givenName', '=', '  two  spaces  ')],
      ["givenName='Zoë'", pred('givenName', '=', 'Zoë')],
      ["title='x AND y) OR (z'", pred('title', '=', 'x AND y) OR (z')],
      ["a='=<>~!()\"'", pred('a', '=', '=<>~!()"')],
      ["role='student' AND status='active'", and(pred('role', '=', 'student'), pred('status', '=', 'active'))],
      ["username='stud1' OR email~'stud1'", or(pred('username', '=', 'stud1'), pred('email', '~', 'stud1'))],
      ["a='1' AND b='2' AND c='3'", and(pred('a', '=', '1'), pred('b', '=', '2'), pred('c', '=', '3'))],
      ["a='1' OR b='2' OR c='3'", or(pred('a', '=', '1'), pred('b', '=', '2'), pred('c', '=', '3'))],
      ["a='1' OR b='2' AND c='3'", or(pred('a', '=', '1'), and(pred('b', '=', '2'), pred('c', '=', '3')))],
      ["a='1' AND b='2' OR c='3'", or(and(pred('a', '=', '1'), pred('b', '=', '2')), pred('c', '=', '3'))],
      [
        "a='1' AND b='2' OR c='3' AND d='4'",
        or(and(pred('a', '=', '1'), pred('b', '=', '2')), and(pred('c', '=', '3'), pred('d', '=', '4'))),
      ],
      ["(a='1' OR b='2') AND c='3'", and(or(pred('a', '=', '1'), pred('b', '=', '2')), pred('c', '=', '3'))],
      ["a='1' AND (b='2' AND c='3')", and(pred('a', '=', '1'), and(pred('b', '=', '2'), pred('c', '=', '3')))],
      ["((a='1'))", pred('a', '=', '1')],
      ["( a='1' OR b='2' )", or(pred('a', '=', '1'), pred('b', '=', '2'))],
      ["a='1' and b='2'", and(pred('a', '=', '1'), pred('b', '=', '2'))],
      ["a='1' Or b='2'", or(pred('a', '=', '1'), pred('b', '=', '2'))],
      ["  a = '1'   AND   b  >=  '2'  ", and(pred('a', '=', '1'), pred('b', '>=', '2'))],
      ["a='1'\tAND\tb='2'", and(pred('a', '=', '1'), pred('b', '=', '2'))],
      ["android='1' AND orbit='2'", and(pred('android', '=', '1'), pred('orbit', '=', '2'))],
    ])('%p', (input, expected) => {
      expect(parseFilter(input)).toMatchObject(expected);
    });
  });

  describe('reports positions', () => {
    test.each<[string, FilterExpression]>([
      [
        "dateLastModified>'2025-01-01T00:00:00.000Z'",
        {
          kind: 'predicate',
          field: 'dateLastModified',
          path: ['dateLastModified'],
          operator: '>',
          value: '2025-01-01T00:00:00.000Z',
          position: at(0, 43),
          valuePosition: at(17, 26),
        },
      ],
      [
        " familyName = 'O''Brien' ",
        {
          kind: 'predicate',
          field: 'familyName',
          path: ['familyName'],
          operator: '=',
          value: "O'Brien",
          position: at(1, 23),
          valuePosition: at(14, 10),
        },
      ],
      [
        "(a='1') AND b!='2'",
        {
          kind: 'logical',
          operator: 'AND',
          position: at(0, 18),
          operands: [
            { kind: 'predicate', field: 'a', path: ['a'], operator: '=', value: '1', position: at(1, 5), valuePosition: at(3, 3) },
            { kind: 'predicate', field: 'b', path: ['b'], operator: '!=', value: '2', position: at(12, 6), valuePosition: at(15, 3) },
          ],
        },
      ],
    ])('%p', (input, expected) => {
      expect(parseFilter(input)).toEqual(expected);
    });
  });

  describe('rejects', () => {
    test.each<[string, number, string]>([
      ['', 1, 'empty filter'],
      ['   ', 1, 'empty filter'],
      ['givenName', 10, 'expected an operator (=, !=, >, >=, <, <=, ~) after `givenName` but the filter ended'],
      ["givenName 'x'", 11, "expected an operator (=, !=, >, >=, <, <=, ~) after `givenName` but found `'x'`"],
      ['givenName=', 11, 'expected a quoted value after `=` but the filter ended'],
      ["givenName='x", 11, 'unterminated quoted value starting at column 11'],
      ["a='it''s", 3, 'unterminated quoted value starting at column 3'],
      ['givenName=x', 11, 'values must be in single quotes, but found `x`'],
      ['givenName="x"', 11, 'values must be in single quotes'],
      ['dateLastModified>2025-01-01', 18, 'values must be in single quotes, but found `2025-01-01`'],
      ['status=AND', 8, 'values must be in single quotes'],
      ["givenName=='x'", 11, 'expected a quoted value after `=` but found `=`'],
      ["a<>'1'", 3, 'expected a quoted value after `<` but found `>`'],
      ["a!'1'", 2, 'unexpected `!`'],
      ["='x'", 1, 'expected a field name but found `=`'],
      ["'x'='y'", 1, "expected a field name but found `'x'`"],
      ["given-name='x'", 1, '`given-name` is not a valid field name'],
      ["school.='x'", 1, '`school.` is not a valid field name'],
      ["a='1' AND", 10, 'expected a field name but the filter ended'],
      ["a='1' OR ", 10, 'expected a field name but the filter ended'],
      ["AND a='1'", 1, 'expected a field name but found `AND`'],
      ["a='1' OR OR b='2'", 10, 'expected a field name but found `OR`'],
      ["a='1' b='2'", 7, 'expected AND or OR between predicates but found `b`'],
      ["a='1'b='2'", 6, 'expected AND or OR between predicates but found `b`'],
      ["a='1' ANDb='2'", 7, 'expected AND or OR between predicates but found `ANDb`'],
      ["a='1' AND b", 12, 'expected an operator (=, !=, >, >=, <, <=, ~) after `b`'],
      ["a='1'AND b='2'", 6, '`AND` must have a space before it'],
      ["a='1' or(b='2')", 9, '`or` must have a space after it'],
      ["(a='1')AND b='2'", 8, '`AND` must have a space before it'],
      ["(a='1'", 1, 'unclosed `(`'],
      ["a='1' AND (b='2'", 11, 'unclosed `(`'],
      ["(a='1' b='2')", 8, 'expected AND or OR between predicates'],
      ["a='1')", 6, 'unexpected `)`'],
      ["a='1' AND b='2')", 16, 'unexpected `)`'],
      ['()', 2, 'expected a field name but found `)`'],
    ])('%p', (input, column, fragment) => {
      const error = syntaxError(input);
      expect(error.message).toContain(fragment);
      expect(error.column).toBe(column);
      expect(error.message).toMatch(new RegExp(`^invalid filter at column ${column}: `));
    });

    test('shortens a long offending token in the message', () => {
      const error = syntaxError(`a=${'x'.repeat(100)}`);
      expect(error.message).toContain('`xxxxxxxxxxxxxxxxxxxxxxxx…`');
    });
  });

  describe('limits', () => {
    const chain = (count: number) => Array.from({ length: count }, (_, i) => `f${i}='${i}'`).join(' OR ');
    const nested = (depth: number) => `${'('.repeat(depth)}a='1'${')'.repeat(depth)}`;

    test(`accepts a filter of exactly ${MAX_FILTER_LENGTH} characters`, () => {
      const input = `a='${'x'.repeat(MAX_FILTER_LENGTH - 4)}'`;
      expect(input).toHaveLength(MAX_FILTER_LENGTH);
      expect(parseFilter(input)).toMatchObject(pred('a', '=', 'x'.repeat(MAX_FILTER_LENGTH - 4)));
    });

    test(`rejects a filter of ${MAX_FILTER_LENGTH + 1} characters, even if it is only spaces`, () => {
      const error = syntaxError(' '.repeat(MAX_FILTER_LENGTH + 1));
      expect(error.reason).toBe('the filter is longer than 4096 characters');
      expect(error.column).toBe(MAX_FILTER_LENGTH + 1);
    });

    test(`accepts ${MAX_FILTER_PREDICATES} predicates`, () => {
      const parsed = parseFilter(chain(MAX_FILTER_PREDICATES));
      expect(parsed).toMatchObject({ kind: 'logical', operator: 'OR' });
      expect((parsed as { operands: unknown[] }).operands).toHaveLength(MAX_FILTER_PREDICATES);
    });

    test(`rejects ${MAX_FILTER_PREDICATES + 1} predicates at the first one too many`, () => {
      const input = chain(MAX_FILTER_PREDICATES + 1);
      const error = syntaxError(input);
      expect(error.reason).toBe('more than 32 predicates');
      expect(error.offset).toBe(input.indexOf(`f${MAX_FILTER_PREDICATES}=`));
    });

    test(`accepts parentheses nested ${MAX_FILTER_NESTING} deep`, () => {
      expect(parseFilter(nested(MAX_FILTER_NESTING))).toMatchObject(pred('a', '=', '1'));
    });

    test(`rejects parentheses nested ${MAX_FILTER_NESTING + 1} deep at the innermost one`, () => {
      const error = syntaxError(nested(MAX_FILTER_NESTING + 1));
      expect(error.reason).toBe('parentheses are nested more than 8 deep');
      expect(error.column).toBe(MAX_FILTER_NESTING + 1);
    });

    test('rejects deep nesting before recursing into it', () => {
      expect(syntaxError(nested(100_000).slice(0, MAX_FILTER_LENGTH)).reason).toContain('nested more than');
    });
  });
});

describe(walkPredicates.name, () => {
  test('visits every predicate left to right', () => {
    const fields: string[] = [];
    walkPredicates(parseFilter("a='1' OR (b='2' AND c='3') OR d='4'"), (p: FilterPredicate) => fields.push(p.field));
    expect(fields).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe(FilterSyntaxError.name, () => {
  test('carries the reason, the 0-based offset and the 1-based column', () => {
    const error = new FilterSyntaxError('unexpected `)`', 17);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('FilterSyntaxError');
    expect(error).toMatchObject({ reason: 'unexpected `)`', offset: 17, column: 18 });
    expect(error.message).toBe('invalid filter at column 18: unexpected `)`');
  });
});
