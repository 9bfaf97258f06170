import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './test-server';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The built CLI, as `npx oneroster-adapter` (the package's bin) and the npm aliases run it. */
export const CLI_MAIN = join(PROJECT_ROOT, 'dist', 'cli', 'main.js');

/**
 * `oneroster-adapter <args>` after the build (`node dist/cli/main.js`), with the source and
 * mappings of the test environment unless `env` names them; `input` is written to its stdin.
 * stdout and stderr are pipes, so the CLI sees no terminal: no colour, no progress bar.
 */
export function runBuiltCli(args: readonly string[], env: NodeJS.ProcessEnv = {}, options: { input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ONEROSTER_SOURCE_URL: '', ONEROSTER_MAPPINGS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`oneroster-adapter ${args.join(' ')} did not finish:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 120000);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}
