import { FILTER_OPERATORS } from './filter-expression';
import { FilterSyntaxError } from './filter-syntax-error';

/**
 * WORD is bare text that is not a valid field name (`2025-01-01`, `given-name`). It is a token
 * rather than an immediate error so the parser can say what is wrong in context: an unquoted
 * value, or a bad field name.
 */
export type FilterTokenKind = 'IDENT' | 'WORD' | 'OP' | 'STRING' | 'AND' | 'OR' | 'LPAREN' | 'RPAREN' | 'WS' | 'EOF';

export interface FilterToken {
  kind: FilterTokenKind;
  /** 0-based index of the first character in the input. */
  offset: number;
  length: number;
  /** The raw source text (a STRING keeps its quotes and doubled quotes). */
  text: string;
  /** STRING: the unescaped value. Every other kind: same as `text`. */
  value: string;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;
const WHITESPACE = /\s/;
/** Characters that end a bare word; each starts some other token (or an error). */
const WORD_BREAK = /[\s()'"=!<>~]/;

/** Splits a filter into tokens, whitespace included (the grammar makes it significant around AND/OR). */
export function tokenizeFilter(input: string): FilterToken[] {
  const tokens: FilterToken[] = [];
  let offset = 0;
  while (offset < input.length) {
    const token = scanToken(input, offset);
    tokens.push(token);
    offset += token.length;
  }
  tokens.push(token('EOF', input.length, ''));
  return tokens;
}

function scanToken(input: string, offset: number): FilterToken {
  const char = input[offset];
  if (WHITESPACE.test(char)) return token('WS', offset, takeWhile(input, offset, (c) => WHITESPACE.test(c)));
  if (char === '(') return token('LPAREN', offset, char);
  if (char === ')') return token('RPAREN', offset, char);
  if (char === "'") return scanString(input, offset);
  // Double quotes are the commonest mistake (JSON and SQL habits); name the fix directly.
  if (char === '"') throw new FilterSyntaxError('values must be in single quotes, not double quotes', offset);
  const operator = FILTER_OPERATORS.find((op) => input.startsWith(op, offset));
  if (operator) return token('OP', offset, operator);
  if (char === '!') throw new FilterSyntaxError('unexpected `!` (the not-equal operator is `!=`)', offset);
  return scanWord(input, offset);
}

/** `'` opens a value; `''` inside it is an escaped quote, any other `'` closes it. */
function scanString(input: string, start: number): FilterToken {
  let value = '';
  let from = start + 1;
  for (;;) {
    const quote = input.indexOf("'", from);
    if (quote < 0) throw new FilterSyntaxError(`unterminated quoted value starting at column ${start + 1}`, start);
    value += input.slice(from, quote);
    if (input[quote + 1] !== "'") {
      const text = input.slice(start, quote + 1);
      return { kind: 'STRING', offset: start, length: text.length, text, value };
    }
    value += "'";
    from = quote + 2;
  }
}

function scanWord(input: string, offset: number): FilterToken {
  const text = takeWhile(input, offset, (c) => !WORD_BREAK.test(c));
  const upper = text.toUpperCase();
  if (upper === 'AND' || upper === 'OR') return token(upper, offset, text);
  return token(FIELD_NAME.test(text) ? 'IDENT' : 'WORD', offset, text);
}

function takeWhile(input: string, offset: number, accept: (char: string) => boolean): string {
  let end = offset;
  while (end < input.length && accept(input[end])) end++;
  return input.slice(offset, end);
}

function token(kind: FilterTokenKind, offset: number, text: string): FilterToken {
  return { kind, offset, length: text.length, text, value: text };
}
