import type { OneRosterRecord } from '../api/record-serializer';
import type { RosterReader } from '../api/roster-reader';
import type { CompiledMapping, EntityMapping, Expr, SourceMapping } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import type { CollectionRequest } from '../query/collection-request';
import { takeRawE164Inputs, withRawE164Inputs } from './doctor-raw-inputs';
import { DoctorReport, formatDoctorReport } from './doctor-report';
import { RosterDataCheck } from './roster-data-check';
import { FALLBACK_PAGE_SIZE, RosterSink, stampedLastModified, WalkProgress, walkRoster } from './roster-walk';

const column = (alias: string, name: string): Expr => ({ kind: 'column', alias, column: name });

function source(fields: Array<[string, SourceMapping['fields'] extends ReadonlyMap<string, infer F> ? F : never]>): SourceMapping {
  return { name: 'contacts', index: 0, from: { kind: 'table', table: 'CNTCT_MSTR', alias: 'C' }, joins: [], where: [], fields: new Map(fields) };
}

describe('the raw inputs of e164 fields', () => {
  const users: EntityMapping = {
    entity: 'users',
    file: 'users.yaml',
    sources: [
      source([
        ['sourcedId', { kind: 'scalar', expr: column('C', 'CNTCT_ID') }],
        ['phone', { kind: 'scalar', expr: { kind: 'e164', input: column('C', 'HOME_PHN'), countryCode: '1', nationalLength: 10 } }],
        ['sms', { kind: 'scalar', expr: column('C', 'CELL_PHN') }],
        ['metadata', { kind: 'metadata', entries: new Map([['district.house', { kind: 'scalar', expr: column('C', 'HOUSE') }]]) }],
      ]),
      source([['phone', { kind: 'scalar', expr: { kind: 'e164', input: column('C', 'WRK_PHN'), countryCode: '1', nationalLength: 10 } }]]),
    ],
  } as unknown as EntityMapping;
  const mapping: CompiledMapping = { entities: new Map([['users', users]]) };

  it("selects the input of every e164 field into metadata, beside the mapping's own entries, leaving the original mapping alone", () => {
    const doctored = withRawE164Inputs(mapping).entities.get('users')!;
    const metadataKeys = doctored.sources.map((s) => {
      const metadata = s.fields.get('metadata');
      return metadata?.kind === 'metadata' ? [...metadata.entries.keys()].map((key) => key.replace(/^\u0000doctor-raw:/, 'raw:')) : [];
    });
    expect(metadataKeys).toEqual([['district.house', 'raw:phone'], ['raw:phone']]);
    expect(doctored.sources[0].fields.get('phone')).toBe(users.sources[0].fields.get('phone'));
    const original = users.sources[0].fields.get('metadata');
    expect(original?.kind === 'metadata' && [...original.entries.keys()]).toEqual(['district.house']);
    expect(users.sources[1].fields.has('metadata')).toBe(false);
  });

  it('takes the raw inputs out of a record and names the fields the record lacks although the SIS has a value', () => {
    const key = (field: string) => `\u0000doctor-raw:${field}`;
    const left: OneRosterRecord = { sourcedId: 'con-1', metadata: { [key('phone')]: 'call me', [key('sms')]: '555-123-4567' }, sms: '+15551234567' };
    expect(takeRawE164Inputs(left)).toEqual(['phone']);
    expect(left).toEqual({ sourcedId: 'con-1', sms: '+15551234567' });
    const kept: OneRosterRecord = { sourcedId: 'con-2', metadata: { [key('phone')]: '   ', 'district.house': 'Red' } };
    expect(takeRawE164Inputs(kept)).toEqual([]);
    expect(kept).toEqual({ sourcedId: 'con-2', metadata: { 'district.house': 'Red' } });
  });
});

describe('the roster walk', () => {
  const records = (entity: EntityName, count: number, from = 0) => Array.from({ length: count }, (_, index) => ({ sourcedId: `${entity}-${from + index}` }));

  /** A reader over fixed record counts that fails any page larger than `maxPage`. */
  function fakeReader(counts: Partial<Record<EntityName, number>>, maxPage = Infinity) {
    const requests: Array<[EntityName, number, number, boolean]> = [];
    const reader = {
      page: async (request: CollectionRequest, _base: string, withCount = true) => {
        requests.push([request.entity, request.offset, request.limit, withCount]);
        if (request.limit > maxPage) throw new Error('select … - too many SQL variables');
        const total = counts[request.entity] ?? 0;
        const page = records(request.entity, Math.max(0, Math.min(request.limit, total - request.offset)), request.offset);
        return { records: page, total: withCount ? total : page.length };
      },
    } as unknown as RosterReader;
    return { reader, requests };
  }

  function recordingSink() {
    const events: string[] = [];
    const sink: RosterSink = {
      add: (entity, page) => events.push(`add ${entity} ${page.length}`),
      complete: (entity) => events.push(`complete ${entity}`),
      note: (entity, finding) => events.push(`note ${entity} ${finding.code}`),
      fail: (entity, reason) => events.push(`fail ${entity} ${reason}`),
    };
    return { sink, events };
  }

  it('reads entities in walk order, page by page in sourcedId order, counting only when asked', async () => {
    const { reader, requests } = fakeReader({ users: 12, orgs: 3 });
    const { sink, events } = recordingSink();
    const progress: WalkProgress[] = [];
    await walkRoster(reader, ['users', 'orgs'], sink, { pageSize: 5, count: true, onProgress: (p) => progress.push(p) });
    expect(events).toEqual(['add orgs 3', 'complete orgs', 'add users 5', 'add users 5', 'add users 2', 'complete users']);
    expect(requests).toEqual([
      ['orgs', 0, 5, true],
      ['users', 0, 5, true],
      ['users', 5, 5, false],
      ['users', 10, 5, false],
    ]);
    expect(progress.filter((p) => p.entity === 'users')).toEqual([
      { entity: 'users', read: 5, total: 12, done: false },
      { entity: 'users', read: 10, total: 12, done: false },
      { entity: 'users', read: 12, total: 12, done: true },
    ]);
  });

  it('goes on in smaller pages when a large page fails, and gives up on an entity when small pages fail too', async () => {
    const small = fakeReader({ classes: FALLBACK_PAGE_SIZE + 1 }, FALLBACK_PAGE_SIZE);
    const first = recordingSink();
    await walkRoster(small.reader, ['classes'], first.sink);
    expect(first.events).toEqual(['note classes PAGE_TOO_LARGE', `add classes ${FALLBACK_PAGE_SIZE}`, 'add classes 1', 'complete classes']);
    const broken = fakeReader({ classes: 10 }, 0);
    const second = recordingSink();
    await walkRoster(broken.reader, ['classes'], second.sink);
    expect(second.events).toEqual(['note classes PAGE_TOO_LARGE', 'fail classes too many SQL variables']);
  });

  it('knows the entities whose dateLastModified change tracking stamps, and does not ask their records for one', () => {
    const entity = (name: EntityName, lastModified: boolean) => ({ entity: name, file: '', sources: [], tracking: { deletions: true, lastModified } }) as EntityMapping;
    const mapping: CompiledMapping = { entities: new Map([['courses', entity('courses', true)], ['users', entity('users', false)]]) };
    expect(stampedLastModified(mapping)).toEqual(['courses']);
    const check = new RosterDataCheck(['courses'], ['courses']);
    check.add('courses', [{ sourcedId: 'crs-1', status: 'active', title: 'Math', courseCode: 'M1', org: { sourcedId: 'sch-1' } }]);
    expect(check.result().entities[0].findings.map((finding) => finding.field)).toEqual(['org']);
  });
});

describe('the doctor report as text', () => {
  const report: DoctorReport = {
    ok: false,
    version: '1.1',
    source: 'sqlite:/data/sis.sqlite',
    mappings: '/maps',
    stampedLastModified: ['courses'],
    errors: 2,
    warnings: 40,
    info: 0,
    entities: [
      { entity: 'orgs', records: 4, errors: 0, warnings: 0, info: 0, findings: [] },
      {
        entity: 'users',
        records: 12345,
        errors: 2,
        warnings: 40,
        info: 0,
        findings: [
          { rule: 'contact-email', severity: 'error', count: 2, examples: ['con-1', 'con-2'], message: 'contacts need an email' },
          { rule: 'vocabulary.grades', severity: 'warning', count: 40, examples: ['stu-1', 'stu-2', 'stu-3'], values: ['K', 'Pre-K'], message: 'grades from the SDS list' },
        ],
      },
    ],
  };

  it('prints the summary table, then per entity with findings its rules with counts, examples and details', () => {
    expect(formatDoctorReport(report).split('\n')).toEqual([
      'Source    sqlite:/data/sis.sqlite',
      'Mappings  /maps',
      "Checked   every record as the OneRoster 1.1 API serves it, against SDS's validation rules",
      "          dateLastModified of courses is stamped by the adapter's change tracking: not checked here",
      '',
      'entity  records  errors  warnings  info',
      'orgs          4       0         0     0',
      'users    12,345       2        40     0',
      'total    12,349       2        40     0',
      '',
      'users (12,345 records)',
      '  severity  rule               count  examples',
      '  error     contact-email          2  con-1, con-2',
      '            contacts need an email',
      '  warning   vocabulary.grades     40  stu-1, stu-2, stu-3, …',
      '            grades from the SDS list [values: K, Pre-K]',
      '',
      'Result    2 errors, 40 warnings, 0 info (exit 1)',
    ]);
  });
});
