import { ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';

/**
 * A container's command run as a plain process, with only the environment the image and the pod
 * give it (plus PATH): what the kubelet would start, minus the isolation.
 */
export interface ContainerProcess {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function runContainerCommand(command: readonly string[], env: Record<string, string>, cwd: string): ContainerProcess {
  // `node` in the image is this Node: the one the tests run on.
  const [program, ...args] = command;
  const child = spawn(program === 'node' ? process.execPath : program, args, { cwd, env: { PATH: process.env.PATH ?? '', ...env } });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited };
}

/** Resolves with the exit, or rejects (killing the process) after `timeoutMs`. */
export async function exitWithin(process: ContainerProcess, timeoutMs: number): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      process.child.kill('SIGKILL');
      reject(new Error(`still running after ${timeoutMs} ms:\n${process.output()}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([process.exited, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `url` until it answers 200; fails early if the process exits. */
export async function waitUntilServing(process: ContainerProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void process.exited.then(() => (exited = true));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the process exited before serving ${url}:\n${process.output()}`);
    const status = await fetch(url).then((response) => response.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer 200 within ${timeoutMs} ms:\n${process.output()}`);
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
