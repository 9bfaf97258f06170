/**
 * The imsx_CodeMinor tokens this provider emits (the no-space spellings of both OpenAPI
 * definitions), and the HTTP status each one travels with. Adding a token without choosing its
 * status is a compile error.
 */
export type CodeMinor =
  | 'invaliddata'
  | 'invalid_filter_field'
  | 'invalid_selection_field'
  | 'invalid_blank_selection_field'
  | 'invalid_sort_field'
  | 'unauthorisedrequest'
  | 'forbidden'
  | 'unknownobject'
  | 'unsupportedoperation'
  | 'server_busy'
  | 'internal_server_error';

export function codeMinorToHttpStatus(code: CodeMinor): number {
  switch (code) {
    case 'invaliddata':
    case 'invalid_filter_field':
    case 'invalid_selection_field':
    case 'invalid_blank_selection_field':
    case 'invalid_sort_field':
      return 400;
    case 'unauthorisedrequest':
      return 401;
    case 'forbidden':
      return 403;
    case 'unknownobject':
      return 404;
    case 'unsupportedoperation':
      return 405;
    case 'server_busy':
      return 503;
    case 'internal_server_error':
      return 500;
    default:
      return assertUnreachable(code);
  }
}

export function assertUnreachable(value: never): never {
  throw new Error(`unreachable: ${String(value)}`);
}
