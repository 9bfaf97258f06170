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
