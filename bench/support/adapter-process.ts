import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

/** The adapter under measurement: `node dist/main.js`, as `npm start` runs it, as a child process. */
export interface AdapterProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`: loopback only. */
  readonly url: string;
  readonly source: string;
  output(): string;
  /** Resolves with the output once `pattern` matches it; rejects after `timeoutMs` or when the process exits. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray>;
  /** SIGTERM, then how the process ended and how long it took. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

/** Starts the built server on a free loopback port and resolves once its banner names the port, source and mappings. */
export function startAdapter(projectRoot: string, env: NodeJS.ProcessEnv): Promise<AdapterProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'dist', 'main.js')], { cwd: projectRoot, env: { ...process.env, PORT: '0', ...env } });
    let output = '';
    const watchers = new Set<() => void>();
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 120 s:\n${output}`));
    }, 120000);
    let started = false;
    const onData = (chunk: Buffer) => {
      // Keep the start (banner) and the last lines; an hour of request logs is not needed.
      output = output.length > 200000 ? output.slice(0, 20000) + '\n…\n' + output.slice(-100000) + chunk.toString() : output + chunk.toString();
      for (const watcher of watchers) watcher();
      const port = /Token URL\s+http:\/\/[^:/\s]+:(\d+)\/oauth\/token/.exec(output)?.[1];
      const source = /Source\s+(.+)/.exec(output)?.[1];
      if (started || !port || !source || !/Mappings\s+/.test(output)) return;
      started = true;
      clearTimeout(timer);
      resolve({
        child,
        pid: child.pid!,
        port: Number(port),
        url: `http://127.0.0.1:${port}`,
        source: source.trim(),
        output: () => output,
        waitForOutput: (pattern, timeoutMs) =>
          new Promise((found, fail) => {
            const check = () => {
              const match = pattern.exec(output);
              if (!match) return;
              finish();
              found(match);
            };
            const finish = () => {
              watchers.delete(check);
              clearTimeout(deadline);
            };
            const deadline = setTimeout(() => {
              finish();
              fail(new Error(`the server did not print ${pattern} within ${Math.round(timeoutMs / 1000)} s`));
            }, timeoutMs);
            void exited.then(({ code, signal }) => {
              finish();
              fail(new Error(`the server exited (${code ?? signal}) while waiting for ${pattern}`));
            });
            watchers.add(check);
            check();
          }),
        stop: async (timeoutMs = 30000) => {
          const stopping = Date.now();
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
          const result = await exited;
          clearTimeout(kill);
          return { ...result, ms: Date.now() - stopping };
        },
      });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      if (!started) reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}
