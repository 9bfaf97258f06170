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

describe('PageCursors counts', () => {
  const counted = (n: number, countedAt: number) => ({ counts: new Map([[0, n]]), countedAt });

  it('runs one count for everyone asking while it runs, and keeps it for 30 s', async () => {
    let now = 1_000;
    const cursors = new PageCursors(() => now);
    let runs = 0;
    let finish: (value: ReturnType<typeof counted>) => void = () => undefined;
    const run = () => {
      runs++;
      return new Promise<ReturnType<typeof counted>>((resolve) => (finish = resolve));
    };
    const first = cursors.count('q', run);
    const second = cursors.count('q', run);
    finish(counted(7, now));
    expect(await first).toEqual(await second);
    expect(runs).toBe(1);
    expect(cursors.recentCounts('q')?.counts.get(0)).toBe(7);
    now += 30_001;
    expect(cursors.recentCounts('q')).toBeUndefined();
    expect(cursors.recentCounts('other')).toBeUndefined();
  });

  it('does not keep a failed count', async () => {
    const cursors = new PageCursors();
    await expect(cursors.count('q', () => Promise.reject(new Error('outage')))).rejects.toThrow('outage');
    expect(cursors.recentCounts('q')).toBeUndefined();
    expect(await cursors.count('q', () => Promise.resolve(counted(3, Date.now())))).toMatchObject({ counts: new Map([[0, 3]]) });
  });
});
