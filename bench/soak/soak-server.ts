import { ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The adapter under test: `node dist/main.js`, as `npm start` runs it, as a child process. */
export interface SoakServer {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** `http://127.0.0.1:<port>`: loopback only. */
  readonly url: string;
  readonly source: string;
  output(): string;
  /** SIGTERM, then how the process ended and how long it took. */
  stop(timeoutMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
}

export function startSoakServer(projectRoot: string, env: NodeJS.ProcessEnv): Promise<SoakServer> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(projectRoot, 'dist', 'main.js')], { cwd: projectRoot, env: { ...process.env, PORT: '0', ...env } });
    let output = '';
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start within 120 s:\n${output}`));
    }, 120000);
    const onData = (chunk: Buffer) => {
      // Keep the start (banner) and the last lines; an hour of request logs is not needed.
      output = output.length > 200000 ? output.slice(0, 20000) + '\n…\n' + output.slice(-100000) + chunk.toString() : output + chunk.toString();
      const port = /Token URL\s+http:\/\/[^:/\s]+:(\d+)\/oauth\/token/.exec(output)?.[1];
      const source = /Source\s+(.+)/.exec(output)?.[1];
      if (port && source && /Mappings\s+/.test(output)) {
        clearTimeout(timer);
        resolve({
          child,
          pid: child.pid!,
          port: Number(port),
          url: `http://127.0.0.1:${port}`,
          source: source.trim(),
          output: () => output,
          stop: async (timeoutMs = 30000) => {
            const started = Date.now();
            if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
            const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
            const result = await exited;
            clearTimeout(kill);
            return { ...result, ms: Date.now() - started };
          },
        });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('error', reject);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  });
}

/** One look at the server process from /proc (Linux). */
export interface ProcessSample {
  /** Seconds since the measured run started (negative: before it). */
  readonly t: number;
  readonly rssMb: number;
  /** Every open file descriptor. */
  readonly fds: number;
  /** TCP sockets on the HTTP port: the listener and the accepted client connections. */
  readonly httpSockets: number;
  /** Databases as the process holds them: outbound TCP connections (the source pool) plus open SQLite files (the demo source, a tracking store). */
  readonly sourceHandles: number;
}

export function sampleProcess(pid: number, httpPort: number, t: number): ProcessSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const rssKb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? Number.NaN);
  const socketPorts = tcpSocketPorts(pid);
  let fds = 0;
  let httpSockets = 0;
  let sourceHandles = 0;
  for (const fd of safeReaddir(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed while we looked
    }
    fds += 1;
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (inode) {
      const ports = socketPorts.get(inode);
      if (!ports) continue; // a Unix socket or UDP
      if (ports.local === httpPort) httpSockets += 1;
      else if (ports.remote !== 0) sourceHandles += 1;
    } else if (/\.(sqlite3?|db)(-wal|-shm|-journal)?$/.test(target)) {
      sourceHandles += 1;
    }
  }
  return { t, rssMb: rssKb / 1024, fds, httpSockets, sourceHandles };
}

/** inode → local and remote port of every TCP socket in the process's network namespace. */
function tcpSocketPorts(pid: number): Map<string, { local: number; remote: number }> {
  const ports = new Map<string, { local: number; remote: number }>();
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const columns = line.trim().split(/\s+/);
      if (columns.length < 10) continue;
      const port = (address: string) => parseInt(address.split(':')[1], 16);
      ports.set(columns[9], { local: port(columns[1]), remote: port(columns[2]) });
    }
  }
  return ports;
}

function safeReaddir(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
