/** Shape checks every OneRoster 1.1 response must pass, written once for all e2e suites. */

export const DATE_TIME_MS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function expectStatusPayload(body: Record<string, unknown>, codeMinor: string): void {
  expect(body).toMatchObject({
    imsx_codeMajor: expect.stringMatching(/^(failure|unsupported)$/),
    imsx_severity: 'error',
    imsx_description: expect.any(String),
    imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
  });
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(js|ts):\d+|select |SQLITE|knex/i);
}

export function expectBaseFields(record: Record<string, unknown>): void {
  expect(typeof record.sourcedId).toBe('string');
  expect(record.sourcedId).not.toBe('');
  expect(['active', 'tobedeleted']).toContain(record.status);
  expect(record.dateLastModified).toMatch(DATE_TIME_MS_Z);
  for (const value of Object.values(record)) expect(value).not.toBeNull();
}

export function expectGuidRef(ref: unknown, type: string, path: string): void {
  expect(ref).toEqual({ href: expect.stringMatching(new RegExp(`/ims/oneroster/v1p1/${path}/[^/]+$`)), sourcedId: expect.any(String), type });
}
