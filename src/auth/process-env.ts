/**
 * Injection token for the environment that secrets are read from. Unprovided in the app (the
 * services fall back to `process.env`); tests provide a plain object instead of mutating the
 * real environment.
 */
export const PROCESS_ENV = Symbol('PROCESS_ENV');
