import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TrackingStore } from './tracking-store';

describe(TrackingStore.name, () => {
  const folder = mkdtempSync(join(tmpdir(), 'tracking-store-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('opens from several instances at once on a new shared store (each would create the tables)', async () => {
    const url = `sqlite:${join(folder, 'shared.sqlite')}`;
    const stores = await Promise.all([TrackingStore.open(url), TrackingStore.open(url), TrackingStore.open(url)]);
    try {
      await stores[0].stampFirstSeen('users', ['u-1'], new Date('2026-01-01T00:00:00Z'));
      expect((await stores[2].states('users', ['u-1'])).get('u-1')).toMatchObject({ sourcedId: 'u-1', changedAt: '2026-01-01 00:00:00' });
    } finally {
      await Promise.all(stores.map((store) => store.close()));
    }
  });
});

describe('TrackingStore leases', () => {
  const folder = mkdtempSync(join(tmpdir(), 'tracking-lease-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('grants an entity to one holder at a time, renews it for that holder, and frees it on release or expiry', async () => {
    const url = `sqlite:${join(folder, 'lease.sqlite')}`;
    const [first, second] = await Promise.all([TrackingStore.open(url), TrackingStore.open(url)]);
    try {
      expect(await first.takeLease('users', 'pass-a', 60_000)).toBe(true);
      expect(await second.takeLease('users', 'pass-b', 60_000)).toBe(false);
      // Another entity is another lease.
      expect(await second.takeLease('classes', 'pass-b', 60_000)).toBe(true);
      expect(await first.takeLease('users', 'pass-a', 60_000)).toBe(true);
      await first.releaseLease('users', 'pass-a');
      expect(await second.takeLease('users', 'pass-b', 1)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
      // pass-b stalled past its lease: pass-a may take over, and pass-b's renewal is refused.
      expect(await first.takeLease('users', 'pass-a', 60_000)).toBe(true);
      expect(await second.takeLease('users', 'pass-b', 60_000)).toBe(false);
    } finally {
      await Promise.all([first.close(), second.close()]);
    }
  });
});
