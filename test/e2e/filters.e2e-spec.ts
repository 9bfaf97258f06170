import type { RunningServer } from '../../src/bootstrap';
import { OneRosterClient } from '../support/oneroster-client';
import { expectStatusPayload } from '../support/oneroster-assertions';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Page = Record<string, Array<Record<string, unknown>>>;
type Row = Record<string, unknown>;

/**
 * Filters, sorting and field selection, checked against a full walk of the same collection:
 * the server's answer must be exactly the records the predicate selects, no more, no fewer.
 */
describeEachSource('filter, sort and fields over HTTP', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;
  let users: Row[];

  beforeAll(async () => {
    server = await startServerOn(await prepareSource(target));
    client = new OneRosterClient(server.url);
    users = await client.walk('users', {}, 5000);
  });
  afterAll(() => server.close());

  const ids = (rows: Row[]) => rows.map((row) => row.sourcedId).sort();
  const refIds = (value: unknown) => ((value as Row[] | undefined) ?? []).map((ref) => ref.sourcedId);

  async function expectFilter(filter: string, expected: (row: Row) => boolean, entity = 'users', all = users): Promise<void> {
    const served = await client.walk(entity, { filter }, 5000);
    const wanted = all.filter(expected);
    expect(ids(served)).toEqual(ids(wanted));
    const page = await client.get(entity, { filter, limit: 1 });
    expect(Number(page.headers.get('x-total-count'))).toBe(wanted.length);
  }

  it.each([
    ["dateLastModified>'2026-10-01T00:00:00.000Z'", '2026-10-01T00:00:00.000Z'],
    ["dateLastModified>'2026-10-01T00:00:00Z'", '2026-10-01T00:00:00.000Z'],
    ["dateLastModified>'2026-10-01T02:00:00+02:00'", '2026-10-01T00:00:00.000Z'],
    ["dateLastModified>'2026-10-01'", '2026-10-01T00:00:00.000Z'],
    ["dateLastModified>='2026-10-24T17:58:16.000Z'", '2026-10-24T17:58:15.999Z'],
  ])('%s selects exactly the records modified after the instant', async (filter, after) => {
    await expectFilter(filter, (row) => String(row.dateLastModified) > after);
  });

  it('a delta carries tombstones: SDS sends no status filter and must learn of deletions', async () => {
    const served = await client.walk('users', { filter: "dateLastModified>'2026-01-01T00:00:00.000Z'" }, 5000);
    expect(served.some((row) => row.status === 'tobedeleted')).toBe(true);
  });

  it("repairs a '+hh:mm' offset that arrived as a space (an unencoded + in a query string)", async () => {
    const url = `${server.url}/ims/oneroster/v1p1/users?limit=1&filter=dateLastModified>'2026-10-01T02:00:00+02:00'`;
    const response = await client.raw(url, { Authorization: `Bearer ${await client.accessToken()}` });
    expect(response.status).toBe(200);
    expect(Number(response.headers.get('x-total-count'))).toBe(users.filter((row) => String(row.dateLastModified) > '2026-10-01T00:00:00.000Z').length);
  });

  it("status='active' (the SDS full pull) leaves out tombstones", () => expectFilter("status='active'", (row) => row.status === 'active'));
  it.each(["status='norecords'", "sourcedId='norecords'", "username='norecords'", "givenName='norecords'"])('%s is 200 with an empty page and X-Total-Count 0', async (filter) => {
    const response = await client.get<Page>('users', { filter });
    expect(response.status).toBe(200);
    expect(response.body.users).toEqual([]);
    expect(response.headers.get('x-total-count')).toBe('0');
  });
  it("role='student' AND dateLastModified>… combines both predicates", () =>
    expectFilter("role='student' AND dateLastModified>'2026-09-01T00:00:00.000Z'", (row) => row.role === 'student' && String(row.dateLastModified) > '2026-09-01T00:00:00.000Z'));
  it("role='aide' is pushed down through the staff type value map", () => expectFilter("role='aide'", (row) => row.role === 'aide'));
  it("role!='student' keeps staff and contacts", () => expectFilter("role!='student'", (row) => row.role !== 'student'));
  it("givenName='Jacob' OR email~'oconnor' (OR and contains)", () =>
    expectFilter("givenName='Jacob' OR email~'OConnor'", (row) => row.givenName === 'Jacob' || String(row.email ?? '').toLowerCase().includes('oconnor')));
  it("familyName='O''Connor' reads a doubled quote as a quote", () => expectFilter("familyName='O''Connor'", (row) => row.familyName === "O'Connor"));
  it("email~'%' treats LIKE wildcards literally", () => expectFilter("email~'%'", (row) => String(row.email ?? '').includes('%')));
  it("email~'_' treats LIKE wildcards literally", () => expectFilter("email~'_'", (row) => String(row.email ?? '').includes('_')));
  it("orgs.sourcedId='sch-002' matches any element of a child-table or row list", () =>
    expectFilter("orgs.sourcedId='sch-002'", (row) => refIds(row.orgs).includes('sch-002')));
  it("agents='con-500001' accepts a bare reference name as its sourcedId", () => expectFilter("agents='con-500001'", (row) => refIds(row.agents).includes('con-500001')));
  it("enabledUser='false' compares booleans", () => expectFilter("enabledUser='false'", (row) => row.enabledUser === false));
  it("sourcedId='stu-0000005' finds one user through the id template", () => expectFilter("sourcedId='stu-0000005'", (row) => row.sourcedId === 'stu-0000005'));
  it('(role=… OR role=…) AND status=… honours parentheses', () =>
    expectFilter("(role='teacher' OR role='administrator') AND status='active'", (row) => ['teacher', 'administrator'].includes(String(row.role)) && row.status === 'active'));

  it('filters on a split list and a mapped enum of other collections too', async () => {
    const classes = await client.walk('classes', {}, 5000);
    await expectFilter("grades='KG' AND classType='homeroom'", (row) => (row.grades as string[]).includes('KG') && row.classType === 'homeroom', 'classes', classes);
    const sessions = await client.walk('academicSessions', {}, 5000);
    await expectFilter("type='gradingPeriod' AND schoolYear='2027'", (row) => row.type === 'gradingPeriod' && row.schoolYear === '2027', 'academicSessions', sessions);
    const orgs = await client.walk('orgs', {}, 5000);
    await expectFilter("type='district'", (row) => row.type === 'district', 'orgs', orgs);
  });

  it('sorts by a field with orderBy, ties broken by sourcedId', async () => {
    const served = await client.walk('users', { sort: 'familyName', orderBy: 'desc', filter: "role='teacher'" }, 5000);
    const expected = users
      .filter((row) => row.role === 'teacher')
      .sort((a, b) => (String(a.familyName) < String(b.familyName) ? 1 : String(a.familyName) > String(b.familyName) ? -1 : String(a.sourcedId) < String(b.sourcedId) ? -1 : 1));
    expect(served.map((row) => row.sourcedId)).toEqual(expected.map((row) => row.sourcedId));
  });

  it('an unknown sort field is a 1.1 partial success: default order plus a warning', async () => {
    const response = await client.get<Page>('users', { sort: 'shoeSize', limit: 3 });
    expect(response.status).toBe(200);
    expect(response.body.users.map((row) => row.sourcedId)).toEqual(users.slice(0, 3).map((row) => row.sourcedId));
    expect(response.body.statusInfoSet).toEqual([expect.objectContaining({ imsx_codeMajor: 'success', imsx_severity: 'warning', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'invalid_sort_field' }] } })]);
  });

  it('fields returns those fields and only those', async () => {
    const response = await client.get<Page>('users', { fields: 'givenName,familyName', limit: 5 });
    expect(response.body.users).toEqual(users.slice(0, 5).map((row) => ({ givenName: row.givenName, familyName: row.familyName })));
  });

  it('an unknown field in fields returns all data plus an invalid_selection_field warning', async () => {
    const response = await client.get<Page>('users', { fields: 'givenName,shoeSize', limit: 2 });
    expect(response.body.users).toEqual(users.slice(0, 2));
    expect(JSON.stringify(response.body.statusInfoSet)).toContain('invalid_selection_field');
  });

  it.each([
    ["famlyName='x'", 'invalid_filter_field', 'famlyName'],
    ["school.type='org'", 'invalid_filter_field', 'school.type'],
    ["givenName='x", 'invaliddata', 'column 11'],
    ['givenName=x', 'invaliddata', 'single quotes'],
    ["givenName='x' AND", 'invaliddata', 'column'],
    ["dateLastModified>'soon'", 'invaliddata', 'date-time'],
    ["dateLastModified~'2025'", 'invaliddata', 'contains'],
    ["enabledUser='maybe'", 'invaliddata', 'true'],
  ])('filter=%s is a 400 %s that says what is wrong', async (filter, codeMinor, mention) => {
    const response = await client.get('users', { filter });
    expect(response.status).toBe(400);
    expectStatusPayload(response.body, codeMinor);
    expect(String(response.body.imsx_description)).toContain(mention);
  });

  it.each([
    [{ limit: '-1' }, 'limit'],
    [{ limit: '0' }, 'limit'],
    [{ limit: 'abc' }, 'limit'],
    [{ offset: '-5' }, 'offset'],
    [{ orderBy: 'sideways' }, 'orderBy'],
  ])('%j is a 400 invaliddata naming the parameter', async (query, name) => {
    const response = await client.get('users', query);
    expect(response.status).toBe(400);
    expectStatusPayload(response.body, 'invaliddata');
    expect(String(response.body.imsx_description)).toContain(name);
  });

  it('a blank fields parameter is a 400 invalid_blank_selection_field', async () => {
    const response = await client.get('users', { fields: '' });
    expect(response.status).toBe(400);
    expectStatusPayload(response.body, 'invalid_blank_selection_field');
  });

  it('ignores parameters it does not know, such as SDS\'s "limit " with a trailing space', async () => {
    const response = await client.raw(`${server.url}/ims/oneroster/v1p1/users?limit%20=100&foo=bar`, { Authorization: `Bearer ${await client.accessToken()}` });
    expect(response.status).toBe(200);
  });
});
