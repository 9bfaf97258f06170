import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PROJECT_ROOT } from './test-server';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A command-line tool as `npm run <tool>` runs it after the build: `node dist/tools/<script>.js`,
 * with the source and mappings of the test environment unless `env` names them.
 */
export function runBuiltTool(script: string, args: readonly string[], env: NodeJS.ProcessEnv, timeoutMs = 120000): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'tools', `${script}.js`), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ONEROSTER_SOURCE_URL: '', ONEROSTER_MAPPINGS: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${script} did not finish:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}
