/** The comparison operators the OneRoster filter language defines (1.1 §3.4.2). */
export type FilterOperator = '=' | '!=' | '>' | '>=' | '<' | '<=' | '~';

/** Longest first, so a scanner trying them in order never reads `>=` as `>` followed by `=`. */
export const FILTER_OPERATORS: readonly FilterOperator[] = ['!=', '>=', '<=', '=', '>', '<', '~'];

/**
 * Where something sits in the filter string as the client sent it (after URL decoding), so later
 * stages (unknown field, bad date) can point at the exact spot with the same column convention.
 */
export interface FilterPosition {
  /** 0-based index into the filter string. */
  offset: number;
  /** 1-based, as shown in error messages. */
  column: number;
  length: number;
}

export interface FilterPredicate {
  kind: 'predicate';
  /** The dotted path as written, e.g. `school.sourcedId`. */
  field: string;
  path: string[];
  operator: FilterOperator;
  /** Unescaped: `'O''Brien'` becomes `O'Brien`. Always a string; typing it is the caller's job. */
  value: string;
  /** From the first character of the field to the closing quote of the value. */
  position: FilterPosition;
  /** The quoted literal, quotes included. */
  valuePosition: FilterPosition;
}

export interface FilterLogical {
  kind: 'logical';
  operator: 'AND' | 'OR';
  /**
   * Flattened: `a AND b AND c` is one node with three operands. A parenthesised group stays its
   * own operand, so the tree mirrors what the client wrote.
   */
  operands: FilterExpression[];
  /** From the first operand to the last, including any parentheses around them. */
  position: FilterPosition;
}

export type FilterExpression = FilterPredicate | FilterLogical;

/** Calls `visit` for every predicate, left to right. Depth is bounded by the parser's limits. */
export function walkPredicates(expr: FilterExpression, visit: (predicate: FilterPredicate) => void): void {
  if (expr.kind === 'predicate') {
    visit(expr);
    return;
  }
  for (const operand of expr.operands) walkPredicates(operand, visit);
}

export function filterPosition(offset: number, length: number): FilterPosition {
  return { offset, column: offset + 1, length };
}
