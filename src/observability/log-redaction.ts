/**
 * What a log line may never carry, whatever a developer passes to the logger. Nothing in the
 * adapter logs headers or bodies today; these paths are the second line of defence, so a future
 * `logger.info({ req })` or a logged config object cannot leak a credential.
 */
const SECRET_KEYS = [
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'client_secret',
  'clientSecret',
  'password',
  'secret',
  'token',
  'access_token',
  'accessToken',
  'refresh_token',
  'oauth_signature',
];

export const REDACTION_CENSOR = '[REDACTED]';

/** pino `redact` paths: each key at the top level and two levels down (`req.headers.authorization`). */
export const REDACTED_PATHS: readonly string[] = SECRET_KEYS.flatMap((key) => {
  const step = /^[A-Za-z_$][\w$]*$/.test(key) ? { first: key, next: `.${key}` } : { first: `["${key}"]`, next: `["${key}"]` };
  return [step.first, `*${step.next}`, `*.*${step.next}`];
});

/** The only parts of an error a log line keeps. */
export interface LoggedError {
  type: string;
  code?: string;
  message: string;
  stack?: string;
}

const MAX_MESSAGE = 500;

/**
 * pino's `err` serializer. The standard one copies every enumerable property, and database errors
 * carry the query's `sql` and `bindings` (knex adds them to a timed-out query's error; mysql2 puts
 * the SQL with the client's filter values inlined on every error): kept are the type, the driver's
 * code, the message and the stack, nothing else.
 */
export function serializeError(error: unknown): LoggedError | unknown {
  if (typeof error !== 'object' || error === null) return error;
  const source = error as { name?: unknown; type?: unknown; code?: unknown; message?: unknown; stack?: unknown };
  const type = typeof source.type === 'string' ? source.type : typeof source.name === 'string' ? source.name : 'Error';
  const logged: LoggedError = { type, message: typeof source.message === 'string' ? source.message.slice(0, MAX_MESSAGE) : '' };
  if (typeof source.code === 'string' || typeof source.code === 'number') logged.code = String(source.code);
  if (typeof source.stack === 'string') logged.stack = source.stack;
  return logged;
}
