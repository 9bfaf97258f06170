import { createRootLogger } from './root-logger';
import { REDACTION_CENSOR, serializeError } from './log-redaction';

/** A root logger writing into an array, as the server's would write to stdout. */
function collectingLogger() {
  const lines: string[] = [];
  const logger = createRootLogger({ level: 'info', format: 'json' }, { write: (line: string) => lines.push(line) });
  return { logger, records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>), text: () => lines.join('') };
}

describe('structured log lines', () => {
  it('are JSON with a level name, an ISO time and msg', () => {
    const { logger, records } = collectingLogger();
    logger.warn({ context: 'Test' }, 'something happened');
    expect(records()).toEqual([expect.objectContaining({ level: 'warn', msg: 'something happened', context: 'Test', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) })]);
  });

  it.each([
    ['a top-level key', { authorization: 'Bearer abc.def.ghi' }],
    ['request headers', { req: { headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: 'session=s3cr3t', 'set-cookie': 'a=b', 'x-api-key': 'k3y' } } }],
    ['a token request body', { body: { client_secret: 'hunter2-secret', password: 'pa55word' } }],
    ['issued tokens', { response: { access_token: 'eyJ.token.sig', refresh_token: 'r3fresh' }, token: 'bare-token' }],
    ['OAuth 1.0a parameters', { query: { oauth_signature: 'c2lnbmF0dXJl' } }],
  ])('redact secrets in %s', (_what, logged) => {
    const { logger, records, text } = collectingLogger();
    logger.info(logged, 'logged');
    const secrets = JSON.stringify(logged).match(/"[^"]+"(?=[,}])/g)!.map((quoted) => JSON.parse(quoted) as string);
    for (const secret of secrets) expect(text()).not.toContain(secret);
    expect(text()).toContain(REDACTION_CENSOR);
    expect(records()).toHaveLength(1);
  });

  it('keep harmless fields as they are', () => {
    const { logger, records } = collectingLogger();
    logger.info({ method: 'GET', route: '/ims/oneroster/v1p1/users', status: 200, clientId: 'sis-client' }, 'request completed');
    expect(records()[0]).toMatchObject({ method: 'GET', route: '/ims/oneroster/v1p1/users', status: 200, clientId: 'sis-client' });
  });

  it('reduce an error to type, code, message and stack: a driver error with SQL and bindings loses them', () => {
    const { logger, text, records } = collectingLogger();
    const error = Object.assign(new Error('Defined query timeout of 30000ms exceeded when running query.'), {
      code: 'ER_QUERY_TIMEOUT',
      sql: "select * from STU_MSTR where FRST_NM = 'filter-value-42'",
      bindings: ['filter-value-42'],
    });
    logger.error({ err: error }, 'unexpected error');
    expect(text()).not.toContain('filter-value-42');
    expect(records()[0].err).toEqual({ type: 'Error', code: 'ER_QUERY_TIMEOUT', message: error.message, stack: error.stack });
  });

  it('serializeError passes non-objects through and caps long messages', () => {
    expect(serializeError('text')).toBe('text');
    expect((serializeError(new Error('x'.repeat(2000))) as { message: string }).message).toHaveLength(500);
  });
});
