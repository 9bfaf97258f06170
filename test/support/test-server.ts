import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer, RunningServer } from '../../src/bootstrap';
import type { AppConfig } from '../../src/config/app-config';
import { loadConfig } from '../../src/config/load-config';
import { ensureDemoDatabase } from '../../src/demo/demo-database';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
export const DEMO_CLIENT = { id: 'demo-client', secret: 'demo-secret' } as const;
const TEST_DATA = join(PROJECT_ROOT, 'data', 'test');

/** The pristine demo district for tests, generated once (deterministic) and shared read-only. */
export async function testDemoFile(): Promise<string> {
  mkdirSync(TEST_DATA, { recursive: true });
  const file = join(TEST_DATA, 'demo.sqlite');
  await ensureDemoDatabase(file, { students: 1000 });
  return file;
}

/** A private copy of the demo district that a test may change (to produce deltas). */
export async function writableDemoCopy(name: string): Promise<string> {
  const copy = join(TEST_DATA, `${name}.sqlite`);
  copyFileSync(await testDemoFile(), copy);
  return copy;
}

let trackingStores = 0;

/** A path for a new, empty change-tracking store under data/test. */
export function freshTrackingStore(): string {
  mkdirSync(join(TEST_DATA, 'tracking'), { recursive: true });
  const file = join(TEST_DATA, 'tracking', `store-${process.pid}-${++trackingStores}.sqlite`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  return file;
}

/** Starts the real adapter on a free port, configured as `npm start` would be, plus overrides. */
export async function startTestServer(
  overrides: { demoFile?: string; sourceUrl?: string; env?: NodeJS.ProcessEnv; configure?: (config: AppConfig) => void } = {},
): Promise<RunningServer> {
  const config = loadConfig({ ...overrides.env }, PROJECT_ROOT);
  config.server.port = 0;
  config.mappings = resolve(PROJECT_ROOT, config.mappings);
  if (overrides.sourceUrl) config.source.url = overrides.sourceUrl;
  else config.demo.file = overrides.demoFile ?? (await testDemoFile());
  // Each server its own change-tracking store, and passes only when a test runs one.
  config.tracking.store = `sqlite:${freshTrackingStore()}`;
  config.tracking.intervalMinutes = 0;
  overrides.configure?.(config);
  return startServer(config, { logger: false });
}

/** Starts the adapter on a prepared source database (see source-targets.ts). */
export function startServerOn(prepared: { sourceUrl?: string; sqliteFile?: string }, configure?: (config: AppConfig) => void): Promise<RunningServer> {
  return startTestServer({ sourceUrl: prepared.sourceUrl, demoFile: prepared.sqliteFile, configure });
}
