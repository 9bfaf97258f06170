import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freshTrackingStore, PROJECT_ROOT } from './test-server';

/**
 * The adapter as its own process, started the way `npm start` starts it (`node dist/main.js`;
 * `npm test` builds first), on a free port. For what only a real process shows: signals, exit
 * codes, and instances that share nothing but configuration (in one process, passport's strategy
 * registry is global, so several in-process servers verify tokens with the last one's keys).
 */
export interface SpawnedServer {
  readonly child: ChildProcess;
  /** `http://127.0.0.1:<port>` (the server listens on 0.0.0.0 and prints localhost). */
  readonly url: string;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** SIGTERM, then the exit (SIGKILL after `timeoutMs`). */
  stop(timeoutMs?: number): Promise<void>;
}

export function spawnServer(env: NodeJS.ProcessEnv, startTimeoutMs = 60000): Promise<SpawnedServer> {
  return new Promise((resolve, reject) => {
    // A change-tracking store of its own unless the test shares one between instances on purpose.
    const tracking = { ONEROSTER_TRACKING_STORE: `sqlite:${freshTrackingStore()}` };
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'main.js')], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: '0', ...tracking, ...env } });
    let output = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((done) =>
      child.on('exit', (code, signal) => done({ code, signal, at: Date.now() })),
    );
    const running = () => child.exitCode === null && child.signalCode === null;
    const stop = async (timeoutMs = 15000) => {
      if (!running()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => running() && child.kill('SIGKILL'), timeoutMs);
      await exited;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start:\n${output}`));
    }, startTimeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Token URL\s+http:\/\/localhost:(\d+)\/oauth\/token/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: `http://127.0.0.1:${match[1]}`, output: () => output, exited, stop });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`the server exited before it was ready:\n${output}`));
    });
  });
}

/** The environment that points a spawned server at a prepared source (see source-targets.ts). */
export function sourceEnv(prepared: { sourceUrl?: string; sqliteFile?: string }): NodeJS.ProcessEnv {
  return prepared.sourceUrl ? { ONEROSTER_SOURCE_URL: prepared.sourceUrl } : { ONEROSTER_DEMO_FILE: prepared.sqliteFile };
}
