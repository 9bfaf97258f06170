import { resolve } from 'node:path';
import { RosterReader } from '../../src/api/roster-reader';
import { fieldEquals, fieldIn, STUDENTS } from '../../src/api/route-constraints';
import { compileMappings } from '../../src/mapping/compile-mappings';
import type { CompiledMapping } from '../../src/mapping/compiled-mapping';
import type { EntityName } from '../../src/oneroster/entity-catalogue';
import { parseFilter } from '../../src/filter';
import type { CollectionRequest } from '../../src/query/collection-request';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { SourceDatabase } from '../../src/source/source-database';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { PROJECT_ROOT } from '../support/test-server';

/**
 * The keyed default order against real databases: a walk whose pages continue after the previous
 * page's last key (what SDS, the doctor and the CSV export do) yields exactly the records that
 * cursor-less OFFSET pages yield, page for page, with the same X-Total-Count; with a filter, a
 * route constraint and across the boundary between a mapping's sources.
 */
describeEachSource('keyed paging', (target) => {
  let source: SourceDatabase;
  let mapping: CompiledMapping;

  beforeAll(async () => {
    const prepared = await prepareSource(target);
    const url = prepared.sourceUrl ?? `sqlite:${prepared.sqliteFile}`;
    source = new SourceDatabase(parseConnectionUrl(url), { poolMax: 2, connectTimeoutMs: 10_000, queryTimeoutMs: 60_000, timeZone: 'UTC' });
    mapping = compileMappings(resolve(PROJECT_ROOT, 'mappings/demo'));
  });
  afterAll(() => source.close());

  const ids = (records: ReadonlyArray<Record<string, unknown>>) => records.map((record) => String(record.sourcedId));

  async function walk(reader: RosterReader, request: Omit<CollectionRequest, 'limit' | 'offset'>, limit: number, offsets?: number[]) {
    const pages: Array<{ offset: number; ids: string[]; total: number }> = [];
    if (offsets) {
      for (const offset of offsets) {
        const page = await reader.page({ ...request, limit, offset }, 'http://test.invalid');
        pages.push({ offset, ids: ids(page.records), total: page.total });
      }
      return pages.sort((a, b) => a.offset - b.offset);
    }
    for (let offset = 0; ; offset += limit) {
      const page = await reader.page({ ...request, limit, offset }, 'http://test.invalid');
      pages.push({ offset, ids: ids(page.records), total: page.total });
      if (page.records.length < limit) return pages;
    }
  }

  it.each<[string, EntityName, Omit<CollectionRequest, 'limit' | 'offset'>, number]>([
    // users has three sources: pages of 700 cross from students to staff to contacts.
    ['users, across its sources', 'users', { entity: 'users' }, 700],
    ['enrollments, two sources', 'enrollments', { entity: 'enrollments' }, 1500],
    ['users with a filter', 'users', { entity: 'users', filter: parseFilter("role='student' OR role='teacher'") }, 400],
    ['a route constraint (a school’s classes)', 'classes', { entity: 'classes', constraint: [fieldEquals('school.sourcedId', 'sch-002')] }, 40],
    ['a semi-join route (the students of a school’s classes)', 'users', { entity: 'users', constraint: [...STUDENTS, fieldIn('sourcedId', 'enrollments', 'user', [fieldEquals('school.sourcedId', 'sch-001'), fieldEquals('role', 'student')])] }, 150],
    ['orgs, inline rows then a table', 'orgs', { entity: 'orgs' }, 1],
    // dateLastModified is the latest of three tables' columns: the delta runs as one branch per column.
    ['an enrollments delta', 'enrollments', { entity: 'enrollments', filter: parseFilter("dateLastModified>'2026-09-01T00:00:00Z' AND status='active'") }, 300],
    ['a users delta (>=)', 'users', { entity: 'users', filter: parseFilter("dateLastModified>='2026-08-15T00:00:00Z'") }, 100],
  ])('%s: a continued walk equals OFFSET pages', async (_label, _entity, request, limit) => {
    const walked = await walk(new RosterReader(mapping, source), request, limit);
    expect(walked.length).toBeGreaterThan(1);
    // A fresh reader has no cursors: read backwards, every page is a jump (counts, then OFFSET).
    const jumped = await walk(new RosterReader(mapping, source), request, limit, walked.map((page) => page.offset).reverse());
    expect(jumped).toEqual(walked);
    const all = walked.flatMap((page) => page.ids);
    expect(new Set(all).size).toBe(all.length);
    expect(walked.every((page) => page.total === all.length)).toBe(true);
    // The same records as the UNION query of an explicit sort, which compiles the filter as one predicate.
    const sorted = await walk(new RosterReader(mapping, source), { ...request, sort: { field: 'sourcedId', direction: 'asc' } }, 5000);
    expect([...all].sort()).toEqual(sorted.flatMap((page) => page.ids));
  });

  it('a walk that does not count (withCount false, as a tool may page) yields the same pages', async () => {
    const counted = await walk(new RosterReader(mapping, source), { entity: 'users' }, 700);
    const reader = new RosterReader(mapping, source);
    const uncounted: string[][] = [];
    for (let offset = 0; ; offset += 700) {
      const page = await reader.page({ entity: 'users', limit: 700, offset }, 'http://test.invalid', false);
      uncounted.push(ids(page.records));
      if (page.records.length < 700) break;
    }
    expect(uncounted).toEqual(counted.map((page) => page.ids));
  });

  it('an explicit sort=sourcedId still orders by the sourcedId text', async () => {
    const page = await new RosterReader(mapping, source).page({ entity: 'users', sort: { field: 'sourcedId', direction: 'asc' }, limit: 50, offset: 0 }, 'http://test.invalid');
    const got = ids(page.records);
    expect(got).toEqual([...got].sort());
  });
});
