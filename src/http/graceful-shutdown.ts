import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer, Socket } from 'node:net';
import { statusInfo } from '../errors/status-info';
import { versionOfPath } from '../oneroster/versions';

export interface GracefulShutdownOptions {
  /** Longest wait for requests in progress before their connections are cut (exit code 1 then). */
  readonly drainTimeoutMs?: number;
  readonly signals?: readonly NodeJS.Signals[];
  readonly log?: (line: string) => void;
  /** How the process ends; `process.exit` outside tests. */
  readonly exit?: (code: number) => void;
}

/** What is shut down: the running adapter (`RunningServer` from bootstrap.ts). */
export interface ShutdownTarget {
  readonly app: { getHttpServer(): unknown };
  close(): Promise<void>;
}

const RETRY_AFTER_SECONDS = '5';
/** Once nothing is in progress, how long an idle keep-alive connection may still deliver a request (answered 503) before it is ended. */
const IDLE_GRACE_MS = 250;
/** How long an ended connection may stay half-open (the client not closing its side) before it is destroyed. */
const LINGER_MS = 5000;
/** Closing the application (its shutdown hooks, e.g. a snapshot pass still running) and the pool may take this long. */
const CLOSE_TIMEOUT_MS = 10000;

/**
 * Shuts the server down on SIGTERM / SIGINT without cutting an answer short:
 *
 * 1. the listening socket is closed at once, so new connections are refused and a load balancer
 *    moves on to another instance;
 * 2. a request that still arrives on an open keep-alive connection is answered `503 server_busy`
 *    with `Connection: close` and `Retry-After`; nothing new is started;
 * 3. requests in progress finish: their answers carry `Connection: close` when their headers are
 *    not sent yet, and each connection is ended (not destroyed) once its answer is written, so a
 *    large page still being flushed to a slow reader arrives whole;
 * 4. when the last connection has closed, the application and the source pool are closed and the
 *    process exits 0. Past `drainTimeoutMs`, or on a second signal, the remaining connections are
 *    cut and the process exits 1; so it does when closing takes over 10 s or fails.
 *
 * Why not Nest's `enableShutdownHooks()`: it calls `server.close()`, which since Node 19 also
 * destroys every connection whose response has *ended*, including one whose multi-megabyte body
 * is still in the socket's write buffer, so a `limit=10000` page is truncated; and it ends the
 * process by re-raising the signal, so the exit status is never 0.
 */
export function installGracefulShutdown(target: ShutdownTarget, options: GracefulShutdownOptions = {}): { shutdown(signal: string): Promise<void> } {
  const server = target.app.getHttpServer() as Server;
  const log = options.log ?? (() => undefined);
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const drainTimeoutMs = options.drainTimeoutMs ?? 25000;
  /** Every open connection and how many requests it has in progress. */
  const connections = new Map<Socket, number>();
  const answering = new Set<ServerResponse>();
  let draining = false;
  let finishing: Promise<void> | undefined;
  let idleSweep: NodeJS.Timeout | undefined;
  let allClosed!: () => void;
  const closed = new Promise<void>((resolve) => (allClosed = resolve));

  const endConnection = (socket: Socket) => {
    socket.end();
    socket.setTimeout(LINGER_MS, () => socket.destroy());
  };
  /** Nothing in progress any more: end the idle connections after a short grace. */
  const sweepWhenQuiet = () => {
    if (!draining || answering.size > 0 || idleSweep) return;
    idleSweep = setTimeout(() => {
      for (const [socket, inProgress] of connections) if (inProgress === 0) endConnection(socket);
    }, IDLE_GRACE_MS);
  };

  server.on('connection', (socket: Socket) => {
    connections.set(socket, 0);
    socket.once('close', () => {
      connections.delete(socket);
      if (draining && connections.size === 0) allClosed();
    });
  });

  // The application's request listener (Express, attached by Nest) runs inside this wrapper, so a
  // request arriving while draining is refused before any of it runs.
  const listeners = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (draining) return refuse(request, response);
    const socket = request.socket;
    connections.set(socket, (connections.get(socket) ?? 0) + 1);
    answering.add(response);
    // `close` comes after `finish` (the whole body handed to the socket); end() still flushes what is buffered.
    response.once('close', () => {
      answering.delete(response);
      const left = Math.max(0, (connections.get(socket) ?? 1) - 1);
      if (connections.has(socket)) connections.set(socket, left);
      if (draining && left === 0) endConnection(socket);
      sweepWhenQuiet();
    });
    for (const listener of listeners) listener.call(server, request, response);
  });

  const shutdown = (signal: string): Promise<void> => {
    if (finishing) {
      log(`${signal} received again: cutting ${connections.size} open connection(s)`);
      for (const socket of connections.keys()) socket.destroy();
      exit(1);
      return finishing;
    }
    draining = true;
    log(`${signal} received: refusing new connections, finishing ${answering.size} request(s) in progress`);
    // net.Server#close, not http.Server#close: the latter destroys "idle" connections, which
    // includes those still flushing an ended response (see above).
    NetServer.prototype.close.call(server);
    for (const response of answering) if (!response.headersSent) response.setHeader('Connection', 'close');
    if (connections.size === 0) allClosed();
    sweepWhenQuiet();
    finishing = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), drainTimeoutMs)));
      const cut = await Promise.race([closed.then(() => false), timedOut]);
      clearTimeout(timer);
      clearTimeout(idleSweep);
      if (cut) {
        log(`shutdown: ${connections.size} connection(s) still open after ${drainTimeoutMs} ms; cutting them`);
        for (const socket of connections.keys()) socket.destroy();
      }
      let code = cut ? 1 : 0;
      try {
        let closeTimer: NodeJS.Timeout | undefined;
        const closeTimedOut = new Promise<never>((_, reject) => (closeTimer = setTimeout(() => reject(new Error(`not done after ${CLOSE_TIMEOUT_MS} ms`)), CLOSE_TIMEOUT_MS)));
        await Promise.race([target.close(), closeTimedOut]).finally(() => clearTimeout(closeTimer));
      } catch (error) {
        log(`shutdown: closing the application failed: ${error instanceof Error ? error.message : String(error)}`);
        code = 1;
      }
      log(code === 0 ? 'shutdown complete' : 'shutdown complete, with connections cut');
      exit(code);
    })();
    return finishing;
  };

  for (const signal of options.signals ?? (['SIGTERM', 'SIGINT'] as const)) {
    process.on(signal, () => void shutdown(signal));
  }
  return { shutdown };
}

/** 503 in the status payload of the version the request was for, and the connection closed after it. */
function refuse(request: IncomingMessage, response: ServerResponse): void {
  const requestId = randomUUID();
  const version = versionOfPath((request.url ?? '/').split('?', 1)[0]);
  const body = JSON.stringify(
    statusInfo('server_busy', 'The server is shutting down; retry the request', version.messageRefInStatus ? { messageRef: requestId } : {}),
  );
  request.resume();
  response.writeHead(503, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Retry-After': RETRY_AFTER_SECONDS,
    'X-Request-Id': requestId,
    Connection: 'close',
  });
  response.end(body);
}
