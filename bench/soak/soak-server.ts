import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { readProcessMemory } from '../support/process-memory';

/** The adapter under test: `node dist/main.js` as a child process (shared with `npm run bench`). */
export { startAdapter as startSoakServer } from '../support/adapter-process';
export type { AdapterProcess as SoakServer } from '../support/adapter-process';

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
  const { rssMb } = readProcessMemory(pid);
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
  return { t, rssMb, fds, httpSockets, sourceHandles };
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
