import { FilterExpression, FilterOperator, FilterPredicate, filterPosition } from './filter-expression';
import { MAX_FILTER_LENGTH, MAX_FILTER_NESTING, MAX_FILTER_PREDICATES } from './filter-limits';
import { FilterSyntaxError } from './filter-syntax-error';
import { FilterToken, tokenizeFilter } from './filter-tokenizer';

const OPERATOR_LIST = '=, !=, >, >=, <, <=, ~';
/** Kinds that look like an attempt at a value without quotes, e.g. `status=active`, `date=2025-01-01`. */
const UNQUOTED_VALUE = new Set(['IDENT', 'WORD', 'AND', 'OR']);

/**
 * Parses a OneRoster `filter` parameter (already URL-decoded) into an AST.
 * Accepts any number of AND/OR with parentheses, AND binding tighter than OR; throws
 * FilterSyntaxError with a column for anything else, including input beyond the limits.
 */
export function parseFilter(input: string): FilterExpression {
  if (input.length > MAX_FILTER_LENGTH) {
    throw new FilterSyntaxError(`the filter is longer than ${MAX_FILTER_LENGTH} characters`, MAX_FILTER_LENGTH);
  }
  const tokens = tokenizeFilter(input);
  if (tokens.every((t) => t.kind === 'WS' || t.kind === 'EOF')) throw new FilterSyntaxError('empty filter', 0);
  return new FilterParser(tokens).parse();
}

/** A parsed expression plus its source span, which includes any parentheses around it. */
interface Parsed {
  expr: FilterExpression;
  start: number;
  end: number;
}

class FilterParser {
  private index = 0;
  private predicates = 0;

  constructor(private readonly tokens: FilterToken[]) {}

  parse(): FilterExpression {
    const { expr } = this.parseOr(0);
    this.skipWhitespace();
    const next = this.peek();
    if (next.kind !== 'EOF') throw this.unexpectedAfterExpression(next);
    return expr;
  }

  private parseOr(depth: number): Parsed {
    return this.parseChain('OR', () => this.parseAnd(depth));
  }

  private parseAnd(depth: number): Parsed {
    return this.parseChain('AND', () => this.parsePrimary(depth));
  }

  /** `operand (keyword operand)*`, flattened into one node; a single operand is returned as is. */
  private parseChain(keyword: 'AND' | 'OR', operand: () => Parsed): Parsed {
    const parts = [operand()];
    while (this.matchKeyword(keyword)) parts.push(operand());
    if (parts.length === 1) return parts[0];
    const start = parts[0].start;
    const end = parts[parts.length - 1].end;
    const operands = parts.map((p) => p.expr);
    return { expr: { kind: 'logical', operator: keyword, operands, position: filterPosition(start, end - start) }, start, end };
  }

  /**
   * Consumes `WS+ keyword WS+` if the keyword comes next; otherwise leaves the position alone.
   * The spaces are required so `a='1'AND b='2'` is reported rather than guessed at.
   */
  private matchKeyword(keyword: 'AND' | 'OR'): boolean {
    const saved = this.index;
    const spaced = this.skipWhitespace();
    const token = this.peek();
    if (token.kind !== keyword) {
      this.index = saved;
      return false;
    }
    if (!spaced) throw new FilterSyntaxError(`\`${token.text}\` must have a space before it`, token.offset);
    this.index++;
    const after = this.peek();
    if (after.kind !== 'WS' && after.kind !== 'EOF') {
      throw new FilterSyntaxError(`\`${token.text}\` must have a space after it`, after.offset);
    }
    return true;
  }

  private parsePrimary(depth: number): Parsed {
    this.skipWhitespace();
    const token = this.peek();
    if (token.kind === 'LPAREN') return this.parseGroup(token, depth + 1);
    if (token.kind === 'IDENT') return this.parsePredicate(token);
    if (token.kind === 'WORD') {
      throw new FilterSyntaxError(`${quote(token)} is not a valid field name (use letters, digits, _ and .)`, token.offset);
    }
    throw new FilterSyntaxError(`expected a field name ${found(token)}`, token.offset);
  }

  private parseGroup(open: FilterToken, depth: number): Parsed {
    if (depth > MAX_FILTER_NESTING) {
      throw new FilterSyntaxError(`parentheses are nested more than ${MAX_FILTER_NESTING} deep`, open.offset);
    }
    this.index++;
    const inner = this.parseOr(depth);
    this.skipWhitespace();
    const close = this.peek();
    if (close.kind === 'EOF') throw new FilterSyntaxError('unclosed `(`: expected `)` before the end of the filter', open.offset);
    if (close.kind !== 'RPAREN') throw this.unexpectedAfterExpression(close);
    this.index++;
    return { expr: inner.expr, start: open.offset, end: close.offset + 1 };
  }

  private parsePredicate(field: FilterToken): Parsed {
    if (++this.predicates > MAX_FILTER_PREDICATES) {
      throw new FilterSyntaxError(`more than ${MAX_FILTER_PREDICATES} predicates`, field.offset);
    }
    this.index++;
    this.skipWhitespace();
    const operator = this.peek();
    if (operator.kind !== 'OP') {
      throw new FilterSyntaxError(`expected an operator (${OPERATOR_LIST}) after ${quote(field)} ${found(operator)}`, operator.offset);
    }
    this.index++;
    this.skipWhitespace();
    const value = this.peek();
    if (UNQUOTED_VALUE.has(value.kind)) {
      throw new FilterSyntaxError(`values must be in single quotes, but found ${quote(value)}`, value.offset);
    }
    if (value.kind !== 'STRING') {
      throw new FilterSyntaxError(`expected a quoted value after ${quote(operator)} ${found(value)}`, value.offset);
    }
    this.index++;
    const end = value.offset + value.length;
    const predicate: FilterPredicate = {
      kind: 'predicate',
      field: field.text,
      path: field.text.split('.'),
      operator: operator.text as FilterOperator,
      value: value.value,
      position: filterPosition(field.offset, end - field.offset),
      valuePosition: filterPosition(value.offset, value.length),
    };
    return { expr: predicate, start: field.offset, end };
  }

  /** What follows a complete expression is neither AND/OR, nor `)` closing a group, nor the end. */
  private unexpectedAfterExpression(token: FilterToken): FilterSyntaxError {
    if (token.kind === 'RPAREN') return new FilterSyntaxError('unexpected `)` with no matching `(`', token.offset);
    return new FilterSyntaxError(`expected AND or OR between predicates ${found(token)}`, token.offset);
  }

  /** Returns whether any whitespace was skipped. */
  private skipWhitespace(): boolean {
    if (this.peek().kind !== 'WS') return false;
    this.index++;
    return true;
  }

  private peek(): FilterToken {
    return this.tokens[this.index];
  }
}

function found(token: FilterToken): string {
  return token.kind === 'EOF' ? 'but the filter ended' : `but found ${quote(token)}`;
}

/** The token in backticks, shortened so a hostile 4 KB word does not fill the error message. */
function quote(token: FilterToken): string {
  const text = token.text.length > 24 ? `${token.text.slice(0, 24)}…` : token.text;
  return `\`${text}\``;
}
