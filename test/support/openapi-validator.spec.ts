import { applyDeviations, DEVIATIONS, loadOas, OpenApiValidator } from './openapi-validator';

const CLASS = {
  sourcedId: 'c1',
  status: 'active',
  dateLastModified: '2026-01-02T03:04:05.678Z',
  title: 'Algebra',
  school: { href: 'https://host/ims/oneroster/v1p1/orgs/s1', sourcedId: 's1', type: 'org' },
};
const STATUS = (codeMinor: string) => ({
  imsx_codeMajor: 'failure',
  imsx_severity: 'error',
  imsx_messageRefIdentifier: 'req-1',
  imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
});

describe('OpenApiValidator (official OneRoster 1.1 OAS)', () => {
  const validator = new OpenApiValidator();
  const asFiled = new OpenApiValidator(loadOas());
  const errors = (v: OpenApiValidator, path: string, status: number, body: unknown) => v.validateResponse(path, 'get', status, body).errors;

  it('matches request paths (absolute, relative, with a query) to the OAS templates, literal segments first', () => {
    expect(validator.findOperation('/ims/oneroster/v1p1/users?limit=5')).toBe('/users');
    expect(validator.findOperation('users/u-1')).toBe('/users/{sourcedId}');
    expect(validator.findOperation('/ims/oneroster/v1p1/schools/s1/classes/c1/students')).toBe('/schools/{schoolSourcedId}/classes/{classSourcedId}/students');
    expect(validator.findOperation('terms/t1/gradingPeriods')).toBe('/terms/{termSourcedId}/gradingPeriods');
    expect(validator.findOperation('users/u-1/nothing')).toBeUndefined();
  });

  it('picks the status schema, or default for errors', () => {
    expect(validator.validateResponse('classes/c1', 'get', 200, { class: CLASS }).schema).toBe('#/components/schemas/SingleClass.Type');
    expect(validator.validateResponse('classes/c1', 'get', 404, STATUS('unknownobject'))).toMatchObject({ schema: '#/components/schemas/imsx_StatusInfo.Type', errors: [] });
  });

  it('rejects bodies that break the file: missing required fields, wrong formats, enum values, non-boolean booleans', () => {
    const { title: _title, ...untitled } = CLASS;
    expect(errors(validator, 'classes/c1', 200, { class: untitled })).not.toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, dateLastModified: 'yesterday' } })).not.toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, school: { ...CLASS.school, type: 'org' } } })).toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, school: { ...CLASS.school, type: 'building' } } })).not.toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, school: { ...CLASS.school, type: 'school' } } })).not.toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, status: 'inactive' } })).not.toEqual([]);
    expect(errors(validator, 'enrollments', 200, { enrollments: [{ ...CLASS, primary: 'true' }] })).not.toEqual([]);
    const { imsx_messageRefIdentifier: _ref, ...unreferenced } = STATUS('unknownobject');
    expect(errors(validator, 'users/u1', 404, unreferenced)).not.toEqual([]);
  });

  it('every deviation points at a schema in the file and changes exactly what it documents', () => {
    const file = loadOas();
    expect(() => applyDeviations(file)).not.toThrow();
    expect(applyDeviations(file, [])).toEqual(file);
    expect(() => applyDeviations(file, [{ ...DEVIATIONS[0], pointer: '/components/schemas/Class_Type_allOf/properties/period' }])).toThrow(/not in the OAS file/);
  });

  it('periods: the file wants a string, the spec (and we) a string array; nothing else is accepted', () => {
    expect(errors(asFiled, 'classes/c1', 200, { class: { ...CLASS, periods: ['1', '2'] } })).not.toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, periods: ['1', '2'] } })).toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, periods: '1' } })).not.toEqual([]);
    expect(errors(validator, 'classes/c1', 200, { class: { ...CLASS, periods: [1] } })).not.toEqual([]);
  });

  it('codeMinor: only the 1.1-text tokens the file omits are added', () => {
    for (const token of ['invalid_filter_field', 'invalid_blank_selection_field', 'forbidden', 'server_busy', 'internal_server_error']) {
      expect(errors(asFiled, 'users', 400, STATUS(token))).not.toEqual([]);
      expect(errors(validator, 'users', 400, STATUS(token))).toEqual([]);
    }
    for (const token of ['invaliddata', 'unknownobject', 'unauthorisedrequest', 'unsupportedoperation']) expect(errors(asFiled, 'users', 400, STATUS(token))).toEqual([]);
    expect(errors(validator, 'users', 400, STATUS('invalid data'))).not.toEqual([]);
    expect(errors(validator, 'users', 400, STATUS('unauthorized'))).not.toEqual([]);
  });
});
