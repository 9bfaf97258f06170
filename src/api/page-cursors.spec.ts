import { parseFilter } from '../filter';
import { PageCursor, PageCursors } from './page-cursors';

const cursor = (source: number): PageCursor => ({ source, after: ['001', 7], counts: new Map([[0, 10]]), countedAt: 0 });

describe(PageCursors.name, () => {
  it('finds the cursor a page left for the next offset, and keeps it for a retried page', () => {
    const cursors = new PageCursors();
    cursors.put('q', 100, cursor(1));
    expect(cursors.find('q', 100)).toEqual(cursor(1));
    expect(cursors.find('q', 100)).toEqual(cursor(1));
    expect(cursors.find('q', 200)).toBeUndefined();
    expect(cursors.find('other', 100)).toBeUndefined();
  });

  it('forgets a walk idle for more than 15 minutes', () => {
    let now = 0;
    const cursors = new PageCursors(() => now);
    cursors.put('q', 100, cursor(0));
    now = 15 * 60_000;
    expect(cursors.find('q', 100)).toBeDefined();
    now += 1;
    expect(cursors.find('q', 100)).toBeUndefined();
  });

  it('keeps at most 5,000 cursors, dropping the oldest', () => {
    const cursors = new PageCursors();
    for (let offset = 1; offset <= 5001; offset++) cursors.put('q', offset, cursor(0));
    expect(cursors.size).toBe(5000);
    expect(cursors.find('q', 1)).toBeUndefined();
    expect(cursors.find('q', 5001)).toBeDefined();
  });

  it('tells queries apart by entity, filter and constraint, not by the fields selected', () => {
    const base = { entity: 'users' as const, limit: 10, offset: 0 };
    const signature = PageCursors.signature;
    expect(signature({ ...base, fields: ['sourcedId'] })).toBe(signature(base));
    expect(signature({ ...base, filter: parseFilter("role='student'") })).not.toBe(signature(base));
    expect(signature({ ...base, constraint: [{ kind: 'ids', ids: ['a'] }] })).not.toBe(signature({ ...base, constraint: [{ kind: 'ids', ids: ['b'] }] }));
    expect(signature({ ...base, entity: 'orgs' })).not.toBe(signature(base));
  });
});
