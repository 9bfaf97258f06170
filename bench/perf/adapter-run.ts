import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AdapterProcess } from '../support/adapter-process';
import { startAdapter } from '../support/adapter-process';
import type { ClientCredentials } from '../support/token';

export const BENCH_CLIENT_ID = 'bench-client';
const SECRET_VARIABLE = 'ONEROSTER_BENCH_CLIENT_SECRET';

/** A started adapter with its own configuration, client and tracking store, all in a temporary folder. */
export interface AdapterRun {
  readonly adapter: AdapterProcess;
  readonly credentials: ClientCredentials;
  /** ONEROSTER_CONFIG and the source for tools run against the same setup (explain). */
  readonly env: NodeJS.ProcessEnv;
  /** The startup snapshot pass: how long it took, as the server logged it. */
  readonly snapshotPassMs: number;
  close(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/**
 * Starts `node dist/main.js` against `sourceUrl` with the demo mappings, a bench client (a fresh
 * secret per run, passed by environment), `api.maxLimit` 10000 and a tracking store in a temporary
 * folder (never data/). Resolves once /health/ready answers 200 and the startup snapshot pass of
 * the tracked entities has finished, so the measurements do not share the machine with it. The
 * scheduled passes are put a week apart: none runs during the bench.
 */
export async function startAdapterRun(projectRoot: string, sourceUrl: string, log: (line: string) => void): Promise<AdapterRun> {
  const folder = mkdtempSync(join(tmpdir(), 'oneroster-bench-'));
  const secret = randomBytes(24).toString('base64url');
  const mappings = 'mappings/demo';
  writeFileSync(
    join(folder, 'config.yaml'),
    [
      'source:',
      '  poolMax: 10',
      `mappings: ${mappings}`,
      'api:',
      '  defaultLimit: 100',
      '  maxLimit: 10000',
      'clients:',
      `  - id: ${BENCH_CLIENT_ID}`,
      `    secret: { env: ${SECRET_VARIABLE} }`,
      '    scopes: [roster-core.readonly, roster.readonly, roster-demographics.readonly]',
      'tracking:',
      `  store: sqlite:${join(folder, 'tracking.sqlite')}`,
      '  intervalMinutes: 10080',
      '',
    ].join('\n'),
  );
  const env = { ONEROSTER_CONFIG: join(folder, 'config.yaml'), ONEROSTER_SOURCE_URL: sourceUrl, [SECRET_VARIABLE]: secret, NO_COLOR: '1' };
  const tracked = readdirSync(join(projectRoot, mappings)).filter((file) => /^tracking:/m.test(readFileSync(join(projectRoot, mappings, file), 'utf8'))).length;
  const cleanUp = () => rmSync(folder, { recursive: true, force: true });
  let adapter: AdapterProcess;
  try {
    adapter = await startAdapter(projectRoot, env);
  } catch (error) {
    cleanUp();
    throw error;
  }
  const close = async () => {
    const exit = await adapter.stop();
    cleanUp();
    return exit;
  };
  try {
    await waitReady(adapter.url, 300_000);
    let snapshotPassMs = 0;
    if (tracked > 0) {
      log(`  waiting for the startup snapshot pass (${tracked} tracked entities)…`);
      const first = await adapter.waitForOutput(/snapshot pass failed[^\n]*|snapshot of \w+: /, 3_600_000);
      if (first[0].startsWith('snapshot pass failed')) throw new Error(`the adapter's ${first[0]}`);
      // The pass logs one line per entity, all at once when it ends.
      const lines = () => [...adapter.output().matchAll(/snapshot of \w+: [^\n]*\((\d+) ms\)/g)];
      for (let waited = 0; lines().length < tracked && waited < 5000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      snapshotPassMs = lines().reduce((sum, line) => sum + Number(line[1]), 0);
    }
    return { adapter, credentials: { id: BENCH_CLIENT_ID, secret }, env, snapshotPassMs, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function waitReady(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${url}/health/ready`, { signal: AbortSignal.timeout(5000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // Not listening yet, or a slow answer: ask again.
    }
    if (Date.now() > deadline) throw new Error(`the adapter was not ready within ${timeoutMs / 1000} s (GET /health/ready)`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
