import { inspect } from 'node:util';

/**
 * A secret value that refuses to be printed: string conversion, JSON and util.inspect all show
 * `[REDACTED]`, so a config object or an error that reaches a log cannot leak it.
 */
export class Redacted {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[REDACTED]';
  }

  toJSON(): string {
    return '[REDACTED]';
  }

  [inspect.custom](): string {
    return '[REDACTED]';
  }
}
