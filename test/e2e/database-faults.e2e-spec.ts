import knex, { Knex } from 'knex';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { AddressInfo, connect, createServer, Server, Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { RunningServer, startServer } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/load-config';
import { V1P1, V1P2 } from '../../src/oneroster/versions';
import { parseConnectionUrl } from '../../src/source/connection-url';
import { expectStatusPayload } from '../support/oneroster-assertions';
import { ApiResponse, OneRosterClient } from '../support/oneroster-client';
import { isConfigured, prepareSource, sourceTargets, SourceTarget } from '../support/source-targets';
import { PROJECT_ROOT, startServerOn } from '../support/test-server';

/**
 * The SIS database restarting under the adapter (the 2 a.m. maintenance window): requests during
 * the outage are answered 503 `server_busy` with Retry-After, quickly; the adapter serves again
 * within seconds of the database's return, without a restart; a walk interrupted by the outage
 * completes with the same records. And a server started while its database is unreachable comes
 * up not ready and becomes ready on its own.
 *
 * The restart test stops the real MariaDB that `.ci/start-databases.sh` started (found through
 * ONEROSTER_TEST_MYSQL_SOCKET / ONEROSTER_DB_ROOT) and always starts it again, with the same command
 * line, before the file ends. Other suites use that server: run with `--runInBand` (as `npm test`
 * does), not in parallel with them.
 */

/** A request during an outage must be answered within this (a refused connection fails at once). */
const OUTAGE_ANSWER_MS = 3000;
/** After the database accepts connections again, the adapter must serve within this. */
const RECOVERY_MS = 5000;
const PAGE = 200;

const mariadb = sourceTargets().find((target) => target.name === 'mariadb')!;

/** startServerOn, with the startup log kept (`npm start` writes it to stderr). */
function startLogged(sourceUrl: string, lines: string[]): Promise<RunningServer> {
  const config = loadConfig({}, PROJECT_ROOT);
  config.server.port = 0;
  config.mappings = resolve(PROJECT_ROOT, config.mappings);
  config.source.url = sourceUrl;
  return startServer(config, { logger: false, log: (line) => lines.push(line) });
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function expectServerBusy(response: ApiResponse, basePath: string): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expectStatusPayload(response.body, 'server_busy');
  // 1.1's payload carries the request id; 1.2's has no such field.
  if (basePath === V1P1.basePath) expect(response.body.imsx_messageRefIdentifier).toBe(response.headers.get('x-request-id'));
  else expect(response.body).not.toHaveProperty('imsx_messageRefIdentifier');
}

async function expectOk<T>(pending: Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
  const response = await pending;
  if (response.status !== 200) throw new Error(`expected 200, got ${response.status} ${JSON.stringify(response.body)}`);
  return response;
}

async function timed<T>(run: () => Promise<T>): Promise<{ response: T; ms: number }> {
  const started = Date.now();
  const response = await run();
  return { response, ms: Date.now() - started };
}

function health(server: RunningServer, probe: 'live' | 'ready'): Promise<ApiResponse> {
  return new OneRosterClient(server.url).raw(`${server.url}/health/${probe}`);
}

/** Polls every 100 ms for up to 15 s; each failure must be the outage's 503, never a 500. */
async function retryUntilOk<T>(request: () => Promise<ApiResponse<T>>): Promise<ApiResponse<T>> {
  let last: ApiResponse<T> | undefined;
  await retryUntil(async () => {
    last = await request();
    if (last.status !== 200) expect(last.status).toBe(503);
    return last.status === 200;
  });
  return last!;
}

async function retryUntil(condition: () => Promise<boolean>, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Forwards a local port to the real database: "the source becomes reachable" without touching the server. */
class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();

  async listen(port: number, host: string, targetPort: number): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(targetPort, host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', () => undefined);
        socket.once('close', () => {
          this.sockets.delete(socket);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (this.server) await new Promise((resolve) => this.server!.close(resolve));
  }
}

/**
 * The local MariaDB server of `.ci/start-databases.sh`: its pid file beside its socket. Stopped the
 * way `mariadb-admin shutdown` stops it (SIGTERM: a clean shutdown) and started again with the
 * command line it was running with.
 */
class LocalMariaDb {
  private commandLine?: string[];

  private constructor(
    private readonly target: SourceTarget,
    private readonly pidFile: string,
    private readonly port: number,
  ) {}

  static fromEnvironment(target: SourceTarget, env: NodeJS.ProcessEnv = process.env): LocalMariaDb | undefined {
    const folder = env.ONEROSTER_TEST_MYSQL_SOCKET ? dirname(env.ONEROSTER_TEST_MYSQL_SOCKET) : env.ONEROSTER_DB_ROOT ? join(env.ONEROSTER_DB_ROOT, 'mysql') : undefined;
    const pidFile = folder && join(folder, 'mysqld.pid');
    if (!pidFile || !existsSync(pidFile)) return undefined;
    return new LocalMariaDb(target, pidFile, Number(new URL(target.adapterUrl!).port || 3306));
  }

  async stop(): Promise<void> {
    const pid = Number(readFileSync(this.pidFile, 'utf8').trim());
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    // Only ever the server the tests are configured with.
    if (!commandLine.includes(`--port=${this.port}`)) throw new Error(`pid ${pid} (${commandLine[0]}) is not the MariaDB server on port ${this.port}`);
    this.commandLine = commandLine;
    process.kill(pid, 'SIGTERM');
    await retryUntil(async () => !isAlive(pid), 30000);
  }

  async start(): Promise<void> {
    const [command, ...args] = this.commandLine!;
    spawn(command, args, { detached: true, stdio: 'ignore' }).unref();
    this.commandLine = undefined;
    await retryUntil(() => this.answers(), 30000);
  }

  /** Starts the server again if this file stopped it; called whatever the tests' outcome. */
  async ensureRunning(): Promise<void> {
    if (this.commandLine) await this.start();
  }

  private async answers(): Promise<boolean> {
    const { client, connection } = parseConnectionUrl(this.target.ownerUrl!);
    const quiet = () => undefined;
    const db = knex({ client, connection: connection as Knex.StaticConnectionConfig, pool: { min: 0, max: 1 }, log: { warn: quiet, error: quiet, debug: quiet, deprecate: quiet } });
    try {
      await db.raw('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await db.destroy();
    }
  }
}

/** A process that exited is gone, or a zombie when nobody reaps it (PID 1 in a container). */
function isAlive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

describe('database faults', () => {
  const control = isConfigured(mariadb) ? LocalMariaDb.fromEnvironment(mariadb) : undefined;
  const restartTest = control ? it : it.skip;
  let server: RunningServer | undefined;

  afterAll(async () => {
    try {
      await control?.ensureRunning();
    } finally {
      await server?.close();
    }
  });

  it('answers /health/live and /health/ready without a token, with terminus JSON, never cached', async () => {
    const demo = await startServerOn(await prepareSource(sourceTargets()[0]));
    try {
      const live = await health(demo, 'live');
      expect(live.status).toBe(200);
      expect(live.body).toEqual({ status: 'ok', info: {}, error: {}, details: {} });
      const ready = await health(demo, 'ready');
      expect(ready.status).toBe(200);
      expect(ready.headers.get('cache-control')).toMatch(/no-store/);
      expect(ready.body).toEqual({
        status: 'ok',
        info: { mappings: { status: 'up' }, source: { status: 'up' } },
        error: {},
        details: { mappings: { status: 'up' }, source: { status: 'up' } },
      });
    } finally {
      await demo.close();
    }
  });

  restartTest(
    `a walk survives a MariaDB restart: 503 server_busy during the outage, served again within ${RECOVERY_MS / 1000} s without a restart, the same records`,
    async () => {
      server = await startServerOn(await prepareSource(mariadb));
      const v1p1 = new OneRosterClient(server.url);
      const v1p2 = new OneRosterClient(server.url, undefined, V1P2.basePath);
      await v1p2.accessToken();
      const expected = await v1p1.walk('students', {}, PAGE);
      expect(expected.length).toBeGreaterThan(3 * PAGE);

      const walked: Array<Record<string, unknown>> = [];
      const page = async (offset: number) => v1p1.get<{ users: Array<Record<string, unknown>> }>('students', { limit: PAGE, offset });
      for (const offset of [0, PAGE]) walked.push(...(await expectOk(page(offset))).body.users);

      // A request in progress when the server stops is answered (200 if it finished first, else 503), never a 500 or a hang.
      const inProgress = timed(() => v1p1.get('users', { limit: 2000 }));
      await control!.stop();
      const interrupted = await inProgress;
      expect([200, 503]).toContain(interrupted.response.status);
      if (interrupted.response.status === 503) expectServerBusy(interrupted.response, V1P1.basePath);
      const during = await timed(() => page(2 * PAGE));
      expectServerBusy(during.response, V1P1.basePath);
      expect(during.ms).toBeLessThan(OUTAGE_ANSWER_MS);
      const during12 = await timed(() => v1p2.get('students', { limit: PAGE, offset: 2 * PAGE }));
      expectServerBusy(during12.response, V1P2.basePath);
      expect(during12.ms).toBeLessThan(OUTAGE_ANSWER_MS);
      const single = await timed(() => v1p1.get(`students/${String(walked[0].sourcedId)}`));
      expectServerBusy(single.response, V1P1.basePath);
      expect(single.ms).toBeLessThan(OUTAGE_ANSWER_MS);

      expect((await health(server, 'live')).status).toBe(200);
      const notReady = await timed(() => health(server!, 'ready'));
      expect(notReady.ms).toBeLessThan(OUTAGE_ANSWER_MS);
      expect(notReady.response.status).toBe(503);
      expect(notReady.response.headers.get('retry-after')).toBe('5');
      expect(notReady.response.body).toMatchObject({ status: 'error', details: { mappings: { status: 'up' }, source: { status: 'down' } } });

      await control!.start();
      const accepting = Date.now();
      const again = await retryUntilOk(() => page(2 * PAGE));
      const recoveredMs = Date.now() - accepting;
      expect(recoveredMs).toBeLessThan(RECOVERY_MS);
      expect((await health(server, 'ready')).status).toBe(200);

      walked.push(...again.body.users);
      for (let offset = 3 * PAGE; offset < expected.length; offset += PAGE) walked.push(...(await expectOk(page(offset))).body.users);
      expect(walked).toEqual(expected);

      // A restart while nobody asks: the pooled connections died with the server and are evicted, so
      // the first request afterwards is served, not answered 503 by a dead connection.
      await Promise.all([0, 1, 2, 3].map((index) => expectOk(page(index * PAGE))));
      await control!.stop();
      await control!.start();
      const first = await timed(() => page(0));
      expect(first.response.status).toBe(200);
      expect(first.response.body.users).toEqual(expected.slice(0, PAGE));
    },
    60000,
  );

  for (const target of sourceTargets().filter((candidate) => candidate.name !== 'sqlite')) {
    const startTest = isConfigured(target) ? it : it.skip;
    startTest(`[${target.name}] starts while the source cannot be reached: not ready, 503, then ready once it can be, without a restart`, async () => {
      await prepareSource(target);
      const real = new URL(target.adapterUrl!);
      const port = await freePort();
      const unreachable = new URL(real);
      unreachable.port = String(port);
      const logged: string[] = [];
      const started = await startLogged(unreachable.toString(), logged);
      const proxy = new TcpProxy();
      try {
        const log = logged.join('\n');
        expect(log).toMatch(new RegExp(`source: WARNING cannot connect to the source database \\S+@${escaped(real.hostname)}:${port}/\\S+: .*ECONNREFUSED`));
        expect(log).toMatch(/NOT READY/);
        expect(log).not.toContain(decodeURIComponent(real.password));
        expect(log).not.toMatch(/\bat .*\.(js|ts):\d+/);
        const client = new OneRosterClient(started.url);
        expect((await health(started, 'live')).status).toBe(200);
        const notReady = await health(started, 'ready');
        expect(notReady.status).toBe(503);
        expect(notReady.headers.get('retry-after')).toBe('5');
        expect(notReady.body).toMatchObject({ status: 'error', details: { mappings: { status: 'down' }, source: { status: 'down' } } });
        for (const secret of [String(port), real.hostname, decodeURIComponent(real.password)]) expect(JSON.stringify(notReady.body)).not.toContain(secret);
        const refused = await timed(() => client.get('users', { limit: 1 }));
        expectServerBusy(refused.response, V1P1.basePath);
        expect(refused.ms).toBeLessThan(OUTAGE_ANSWER_MS);
        expect((await client.raw(`${started.url}${V1P1.basePath}/users`)).status).toBe(401);

        await proxy.listen(port, real.hostname, Number(real.port));
        const reachable = Date.now();
        await retryUntil(async () => (await health(started, 'ready')).status === 200);
        const readyMs = Date.now() - reachable;
        expect(readyMs).toBeLessThan(RECOVERY_MS);
        const served = await client.get<{ users: unknown[] }>('users', { limit: 5 });
        expect(served.status).toBe(200);
        expect(served.body.users).toHaveLength(5);
        expect(logged.at(-1)).toMatch(/READY, serving$/);
      } finally {
        await started.close();
        await proxy.close();
      }
    });
  }
});
