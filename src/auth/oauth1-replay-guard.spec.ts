import { OAuth1ReplayGuard } from './oauth1-replay-guard';

const NOW = 1_767_225_600; // seconds

describe(OAuth1ReplayGuard.name, () => {
  let nowMs: number;
  const guard = (maxEntries = 100) => new OAuth1ReplayGuard({ pastSeconds: 600, futureSeconds: 300, maxEntries }, () => nowMs);

  beforeEach(() => {
    nowMs = NOW * 1000 + 999; // the fraction of a second does not move the window
  });

  it.each([
    [NOW - 600, 'ok'],
    [NOW - 601, 'stale'],
    [NOW, 'ok'],
    [NOW + 300, 'ok'],
    [NOW + 301, 'future'],
  ])('judges timestamp %d %p (10 minutes past, 5 future, edges inclusive)', (timestamp, verdict) => {
    expect(guard().checkTimestamp(String(timestamp))).toBe(verdict);
  });

  it.each(['', 'abc', '-5', '1.5', '1e9', '9999999999999'])('refuses the timestamp %p as invalid', (timestamp) => {
    expect(guard().checkTimestamp(timestamp)).toBe('invalid');
  });

  it('refuses a nonce reused with the same key and timestamp, not with another key or timestamp', () => {
    const sut = guard();
    expect(sut.remember('k', String(NOW), 'n1')).toBe('ok');
    expect(sut.remember('k', String(NOW), 'n1')).toBe('replayed');
    expect(sut.remember('other', String(NOW), 'n1')).toBe('ok');
    expect(sut.remember('k', String(NOW - 1), 'n1')).toBe('ok');
    expect(sut.remember('k', String(NOW), 'n2')).toBe('ok');
  });

  it('does not confuse keys that would collide when joined with a separator', () => {
    const sut = guard();
    expect(sut.remember('a:b', '1', 'c')).toBe('ok');
    expect(sut.remember('a', 'b:1', 'c')).toBe('ok');
  });

  it('remembers a nonce exactly as long as its timestamp is inside the window, then forgets it', () => {
    const sut = guard();
    const timestamp = String(NOW);
    sut.remember('k', timestamp, 'n');
    nowMs = (NOW + 600) * 1000;
    expect(sut.checkTimestamp(timestamp)).toBe('ok');
    expect(sut.remember('k', timestamp, 'n')).toBe('replayed');
    nowMs = (NOW + 601) * 1000;
    expect(sut.checkTimestamp(timestamp)).toBe('stale');
    sut.remember('k', String(NOW + 601), 'sweep-trigger');
    expect(sut.size).toBe(1);
  });

  it('evicts expired nonces when full and refuses (rather than forgets) when still full', () => {
    const sut = guard(3);
    expect(sut.remember('k', String(NOW - 600), 'old')).toBe('ok');
    expect(sut.remember('k', String(NOW), 'a')).toBe('ok');
    expect(sut.remember('k', String(NOW), 'b')).toBe('ok');
    nowMs = (NOW + 1) * 1000;
    expect(sut.remember('k', String(NOW), 'c')).toBe('ok'); // 'old' expired and made room
    expect(sut.size).toBe(3);
    expect(sut.remember('k', String(NOW), 'd')).toBe('full');
    expect(sut.remember('k', String(NOW), 'a')).toBe('replayed');
  });
});
