/** The OneRoster filter language: a pure parser with no framework or database dependencies. */
export { FILTER_OPERATORS, walkPredicates } from './filter-expression';
export type { FilterExpression, FilterLogical, FilterOperator, FilterPosition, FilterPredicate } from './filter-expression';
export { MAX_FILTER_LENGTH, MAX_FILTER_NESTING, MAX_FILTER_PREDICATES } from './filter-limits';
export { FilterSyntaxError } from './filter-syntax-error';
export { tokenizeFilter } from './filter-tokenizer';
export type { FilterToken, FilterTokenKind } from './filter-tokenizer';
export { parseFilter } from './parse-filter';
