import { tokenOutcome } from './http-metrics';
import { logLevelFor } from './nest-logger';
import { recordsInEnvelope } from './records-served.interceptor';

describe(tokenOutcome.name, () => {
  it.each([
    [200, 'issued'],
    [400, 'invalid_request'],
    [401, 'invalid_client'],
    [429, 'locked_out'],
    [500, 'error'],
    [503, 'error'],
  ])('%d → %s', (status, outcome) => {
    expect(tokenOutcome(status)).toBe(outcome);
  });
});

describe(recordsInEnvelope.name, () => {
  it.each([
    [{ users: [{}, {}, {}] }, { entity: 'users', count: 3 }],
    [{ academicSessions: [] }, { entity: 'academicSessions', count: 0 }],
    [{ class: { sourcedId: 'c' } }, { entity: 'classes', count: 1 }],
    [{ demographics: { sourcedId: 'd' } }, { entity: 'demographics', count: 1 }],
    [{ demographics: [{}, {}] }, { entity: 'demographics', count: 2 }],
    [{ orgs: [{}], statusInfoSet: [{}] }, { entity: 'orgs', count: 1 }],
  ])('%j → %j', (body, served) => {
    expect(recordsInEnvelope(body)).toEqual(served);
  });

  it.each([[undefined], [null], ['text'], [{ imsx_codeMajor: 'failure' }], [{ status: 'ok', info: {} }]])('%j serves nothing', (body) => {
    expect(recordsInEnvelope(body)).toBeUndefined();
  });
});

describe(logLevelFor.name, () => {
  it.each([
    [undefined, 'warn', 'warn'],
    [false, 'info', 'silent'],
    [[], 'info', 'silent'],
    [['error', 'warn', 'log'], 'trace', 'info'],
    [['fatal', 'error', 'warn', 'log', 'debug', 'verbose'], 'info', 'trace'],
    [['error'], 'info', 'error'],
  ] as const)('%j (configured %s) → %s', (nestLevels, configured, expected) => {
    expect(logLevelFor(nestLevels === undefined || nestLevels === false ? nestLevels : [...nestLevels], configured)).toBe(expected);
  });
});
