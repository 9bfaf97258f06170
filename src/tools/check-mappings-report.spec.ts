import { formatReport, MappingsCheckReport } from './check-mappings-report';

const report: MappingsCheckReport = {
  ok: false,
  source: 'sqlite:/data/sis.sqlite',
  mappings: '/maps',
  entities: ['orgs', 'users'],
  schema: { ok: true, tables: 3, description: 'the SQLite database', diagnostics: [] },
  data: {
    entities: [
      { entity: 'orgs', records: 4, findings: [] },
      {
        entity: 'users',
        records: 12345,
        findings: [
          { severity: 'error', code: 'EMPTY_REQUIRED_FIELD', field: 'orgs', count: 6, examples: ['a', 'b', 'c', 'd', 'e'], message: 'orgs is required but empty in 6 records' },
          {
            severity: 'warning',
            code: 'DANGLING_REFERENCE',
            field: 'agents',
            target: 'users',
            count: 1,
            references: 2,
            examples: ['stu-1'],
            missing: ['con-1', 'con-2'],
            message: 'agents names users the API does not serve: 2 references in 1 record',
          },
        ],
      },
    ],
    errors: 1,
    warnings: 1,
  },
  errors: 1,
  warnings: 1,
};

describe('the mappings:check report', () => {
  it('groups findings by entity with counts and examples', () => {
    expect(formatReport(report)).toBe(
      [
        'Source    sqlite:/data/sis.sqlite',
        'Mappings  /maps (orgs, users)',
        '',
        'Schema    ok: the 3 tables the mappings read and every column they name exist in the SQLite database',
        '',
        'Data      every record read through the mappings, as the API serves it',
        '  orgs        4 records  ok',
        '  users  12,345 records  1 error, 1 warning',
        '    error    EMPTY_REQUIRED_FIELD  orgs is required but empty in 6 records',
        '             e.g. a, b, c, d, e, …',
        '    warning  DANGLING_REFERENCE  agents names users the API does not serve: 2 references in 1 record',
        '             e.g. stu-1',
        '             not served: con-1, con-2',
        '',
        'Result    1 error, 1 warning (exit 1)',
      ].join('\n'),
    );
  });

  it('shows schema problems with their locations and no data section', () => {
    const text = formatReport({
      ...report,
      schema: {
        ok: false,
        tables: 3,
        diagnostics: [{ file: '/maps/users.yaml', line: 24, column: 18, code: 'MAPPING_UNKNOWN_COLUMN', message: 'column STU_MSTR.FRST_NAM does not exist; did you mean FRST_NM?', path: 'sources[0].fields.givenName' }],
      },
      data: undefined,
    }, '/maps');
    expect(text).toContain('Schema    the mappings do not match the database; data not checked');
    expect(text).toContain('users.yaml:24:18  MAPPING_UNKNOWN_COLUMN  column STU_MSTR.FRST_NAM does not exist; did you mean FRST_NM?');
    expect(text).not.toContain('Data ');
  });

  it('says so when there is nothing to report', () => {
    const clean = { ...report, ok: true, errors: 0, warnings: 0, data: { entities: [{ entity: 'orgs' as const, records: 4, findings: [] }], errors: 0, warnings: 0 } };
    expect(formatReport(clean)).toMatch(/Result {4}no problems \(exit 0\)$/);
  });
});
