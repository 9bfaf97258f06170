/**
 * A filter the parser cannot accept. The message is meant for the API client (it becomes the
 * `invalid_filter_field` / invalid data description), so it is plain language and names the column.
 */
export class FilterSyntaxError extends Error {
  /** 1-based, counted in UTF-16 code units like the rest of JavaScript. */
  readonly column: number;

  constructor(
    /** The message without the "invalid filter at column N:" prefix. */
    readonly reason: string,
    /** 0-based index into the filter string. */
    readonly offset: number,
  ) {
    super(`invalid filter at column ${offset + 1}: ${reason}`);
    this.name = 'FilterSyntaxError';
    this.column = offset + 1;
  }
}
