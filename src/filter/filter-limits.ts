/**
 * Caps against hostile or runaway filters. Each one bounds work somewhere downstream: the length
 * bounds tokenizing, the predicate count bounds the generated SQL, the nesting bounds recursion.
 */
export const MAX_FILTER_LENGTH = 4096;
export const MAX_FILTER_PREDICATES = 32;
export const MAX_FILTER_NESTING = 8;
