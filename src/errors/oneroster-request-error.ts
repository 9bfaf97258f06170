import { CodeMinor, codeMinorToHttpStatus } from './code-minor';

/**
 * A request the provider refuses, in OneRoster's terms. Thrown by the parameter parsers, the
 * query engine and the auth layer; turned into the spec's status payload by one exception filter.
 * The message is shown to the client, so it must never carry SQL, driver text or secrets.
 */
export class OneRosterRequestError extends Error {
  readonly httpStatus: number;

  constructor(
    readonly codeMinor: CodeMinor,
    message: string,
    options: { httpStatus?: number; headers?: Record<string, string> } = {},
  ) {
    super(message);
    this.name = 'OneRosterRequestError';
    this.httpStatus = options.httpStatus ?? codeMinorToHttpStatus(codeMinor);
    this.headers = options.headers ?? {};
  }

  readonly headers: Record<string, string>;

  static invalidData(message: string): OneRosterRequestError {
    return new OneRosterRequestError('invaliddata', message);
  }

  static unknownObject(message = 'Unknown Object'): OneRosterRequestError {
    return new OneRosterRequestError('unknownobject', message);
  }
}
