import type { RunningServer } from '../../src/bootstrap';
import { ENTITY_CATALOGUE, ENTITY_NAMES } from '../../src/oneroster/entity-catalogue';
import { OneRosterClient } from '../support/oneroster-client';
import { DATE, expectBaseFields, expectGuidRef, expectStatusPayload } from '../support/oneroster-assertions';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { startServerOn } from '../support/test-server';

type Page = Record<string, Array<Record<string, unknown>>>;

describeEachSource('OneRoster 1.1 collections over HTTP', (target) => {
  let server: RunningServer;
  let client: OneRosterClient;

  beforeAll(async () => {
    server = await startServerOn(await prepareSource(target));
    client = new OneRosterClient(server.url);
  });
  afterAll(() => server.close());

  describe.each(ENTITY_NAMES)('/%s', (entity) => {
    const spec = ENTITY_CATALOGUE[entity];

    it('answers the default page of 100 with the wrapper key, X-Total-Count and Link', async () => {
      const response = await client.get<Page>(entity);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(Object.keys(response.body)).toEqual([spec.collectionKey]);
      const total = Number(response.headers.get('x-total-count'));
      expect(total).toBeGreaterThanOrEqual(3);
      expect(response.body[spec.collectionKey].length).toBe(Math.min(100, total));
      expect(response.headers.get('link')).toContain('rel="first"');
      expect(response.headers.get('link')).toContain('rel="last"');
      response.body[spec.collectionKey].forEach(expectBaseFields);
    });

    it('pages deterministically: disjoint pages whose union is the whole collection', async () => {
      const first = await client.get<Page>(entity, { limit: 7, offset: 0 });
      const total = Number(first.headers.get('x-total-count'));
      // Small pages on small collections, about six pages on large ones: enough to cross page edges.
      const all = await client.walk(entity, {}, Math.max(7, Math.ceil(total / 6)));
      expect(all).toHaveLength(total);
      expect(new Set(all.map((record) => record.sourcedId)).size).toBe(total);
      const third = await client.get<Page>(entity, { limit: 1, offset: 2 });
      expect(third.body[spec.collectionKey][0].sourcedId).toBe(all[2].sourcedId);
    });

    it('returns one object by sourcedId with the singular wrapper key and X-Total-Count 1', async () => {
      const [first] = (await client.get<Page>(entity, { limit: 1 })).body[spec.collectionKey];
      const response = await client.get(`${entity}/${encodeURIComponent(String(first.sourcedId))}`);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ [spec.singleKey]: first });
      expect(response.headers.get('x-total-count')).toBe('1');
    });

    it('answers an unknown sourcedId with 404 unknownobject', async () => {
      const response = await client.get(`${entity}/no-such-id`);
      expect(response.status).toBe(404);
      expectStatusPayload(response.body, 'unknownobject');
    });
  });

  it('serves limit=10000 in one page', async () => {
    const response = await client.get<Page>('enrollments', { limit: 10000 });
    expect(response.status).toBe(200);
    expect(response.body.enrollments.length).toBe(Math.min(10000, Number(response.headers.get('x-total-count'))));
  });

  it('refuses a limit over the configured maximum with a 400 that names the maximum, never a silent clamp', async () => {
    const response = await client.get('users', { limit: 10001 });
    expect(response.status).toBe(400);
    expectStatusPayload(response.body, 'invaliddata');
    expect(response.body.imsx_description).toContain('10000');
  });

  it('builds Link headers that keep the query and the offset grid', async () => {
    const response = await client.get('users', { limit: 10, offset: 20, filter: "role='student'" });
    const total = Number(response.headers.get('x-total-count'));
    const links = Object.fromEntries(
      response.headers
        .get('link')!
        .split(', ')
        .map((part) => {
          const [, url, rel] = /^<(.+)>; rel="(\w+)"$/.exec(part)!;
          return [rel, new URL(url)];
        }),
    );
    expect(links.first.searchParams.get('offset')).toBe('0');
    expect(links.prev.searchParams.get('offset')).toBe('10');
    expect(links.next.searchParams.get('offset')).toBe('30');
    expect(Number(links.last.searchParams.get('offset')) % 10).toBe(0);
    expect(Number(links.last.searchParams.get('offset'))).toBeGreaterThan(total - 11);
    expect(links.next.searchParams.get('filter')).toBe("role='student'");
  });

  it('answers an offset past the end with 200, an empty page and the real total', async () => {
    const response = await client.get<Page>('orgs', { offset: 100000 });
    expect(response.status).toBe(200);
    expect(response.body.orgs).toEqual([]);
    expect(Number(response.headers.get('x-total-count'))).toBeGreaterThan(0);
  });

  it('serializes every type the way SDS checks it', async () => {
    const sessions = (await client.get<Page>('academicSessions')).body.academicSessions;
    for (const session of sessions) {
      expect(session.schoolYear).toMatch(/^\d{4}$/);
      expect(session.startDate).toMatch(DATE);
      expect(session.endDate).toMatch(DATE);
    }
    const classes = (await client.get<Page>('classes', { limit: 20 })).body.classes;
    for (const cls of classes) {
      expectGuidRef(cls.school, 'org', 'orgs');
      expectGuidRef(cls.course, 'course', 'courses');
      expect((cls.terms as unknown[]).length).toBeGreaterThan(0);
      (cls.terms as unknown[]).forEach((term) => expectGuidRef(term, 'academicSession', 'academicSessions'));
    }
    const enrollments = (await client.get<Page>('enrollments', { filter: "role='teacher'", limit: 20 })).body.enrollments;
    for (const enrollment of enrollments) {
      expectGuidRef(enrollment.user, 'user', 'users');
      expectGuidRef(enrollment.class, 'class', 'classes');
      expect(typeof enrollment.primary).toBe('boolean');
    }
  });
});
