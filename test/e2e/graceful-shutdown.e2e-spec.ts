import { Agent, IncomingMessage, request as httpRequest } from 'node:http';
import { describeEachSource, prepareSource } from '../support/source-targets';
import { sourceEnv, SpawnedServer, spawnServer } from '../support/spawned-server';
import { DEMO_CLIENT } from '../support/test-server';

interface Answer {
  readonly status: number;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A GET whose response can be held unread (`held`): the server then has to keep the rest of the
 * body in its socket buffer until the reader resumes, the way a slow consumer makes it.
 */
function get(url: string, token: string, options: { agent?: Agent | false; held?: Promise<void> } = {}): { headers: Promise<IncomingMessage>; done: Promise<Answer> } {
  let onHeaders!: (response: IncomingMessage) => void;
  const headers = new Promise<IncomingMessage>((resolve) => (onHeaders = resolve));
  const done = new Promise<Answer>((resolve, reject) => {
    const request = httpRequest(url, { agent: options.agent ?? false, headers: { Authorization: `Bearer ${token}` } }, (response) => {
      response.pause();
      onHeaders(response);
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
      void (options.held ?? Promise.resolve()).then(() => response.resume());
    });
    request.on('error', reject);
    request.end();
  });
  done.catch(() => undefined);
  return { headers, done };
}

async function accessToken(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { Authorization: `Basic ${Buffer.from(`${DEMO_CLIENT.id}:${DEMO_CLIENT.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded', Connection: 'close' },
    body: 'grant_type=client_credentials',
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

const V1P1 = '/ims/oneroster/v1p1';
const V1P2 = '/ims/oneroster/rostering/v1p2';

/**
 * SIGTERM, as an orchestrator sends it before replacing an instance: answers in progress finish
 * whole (including multi-megabyte pages still being flushed to a slow reader), nothing new is
 * started, and `node dist/main.js` (what `npm start` runs; `npm test` builds it) exits 0.
 */
describeEachSource('graceful shutdown on SIGTERM', (target) => {
  let server: SpawnedServer;

  beforeAll(async () => {
    server = await spawnServer(sourceEnv(await prepareSource(target)));
  });
  afterAll(() => server?.stop(1000));

  it('finishes the answers in progress whole, refuses new work, and exits 0', async () => {
    const token = await accessToken(server.url);
    const total = Number((await fetch(`${server.url}${V1P1}/enrollments?limit=1`, { headers: { Authorization: `Bearer ${token}`, Connection: 'close' } })).headers.get('x-total-count'));
    expect(total).toBeGreaterThan(5000);

    // A keep-alive connection that is idle when the signal comes.
    const keepAlive = new Agent({ keepAlive: true, maxSockets: 1 });
    const warm = await get(`${server.url}${V1P1}/orgs`, token, { agent: keepAlive }).done;
    expect(warm.status).toBe(200);

    let releaseReaders!: () => void;
    const held = new Promise<void>((resolve) => (releaseReaders = resolve));
    // Answers already computed but not yet read: each multi-megabyte body waits in the server's socket buffer.
    const flushing = [0, 7, 11].map((offset) => get(`${server.url}${V1P1}/enrollments?limit=10000&offset=${offset}`, token, { held }));
    await Promise.all(flushing.map((answer) => answer.headers));
    // An answer the server is still computing when the signal arrives.
    const computing = get(`${server.url}${V1P2}/enrollments?limit=10000`, token, { held });
    // Long enough for the (idle) server to have read it, shorter than computing a 10,000-record page here (about a second).
    await new Promise((resolve) => setTimeout(resolve, 300));

    const signalledAt = Date.now();
    server.child.kill('SIGTERM');
    await waitFor(() => /SIGTERM received/.test(server.output()), 'the server to take the signal');

    // A new connection is refused: ECONNREFUSED once the listening socket is closed, ECONNRESET
    // when it reached the kernel's accept queue just before (libuv closes the socket at the end of
    // the event-loop turn that took the signal, which a page being serialized can make long), at
    // worst a 503. Never an answer from the application.
    const fresh = await get(`${server.url}${V1P1}/orgs`, token).done.then(
      (answer) => answer.status,
      (error: NodeJS.ErrnoException) => error.code,
    );
    expect(['ECONNREFUSED', 'ECONNRESET', 503]).toContain(fresh);

    // The idle keep-alive connection: a request on it is not started (503 with Connection: close), or the connection is already closed.
    const late = await get(`${server.url}${V1P2}/orgs`, token, { agent: keepAlive }).done.then(
      (answer) => answer,
      (error: NodeJS.ErrnoException) => error.code,
    );
    if (typeof late === 'object') {
      expect(late.status).toBe(503);
      expect(late.headers.connection).toBe('close');
      expect(late.headers['retry-after']).toBeDefined();
      expect(JSON.parse(late.body)).toMatchObject({ imsx_codeMajor: 'failure', imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldValue: 'server_busy' }] } });
    } else {
      expect(['ECONNRESET', 'ECONNREFUSED', 'EPIPE']).toContain(late);
    }

    releaseReaders();
    const answers = await Promise.all([...flushing, computing].map((answer) => answer.done));
    [0, 7, 11].forEach((offset, index) => {
      expect(answers[index].status).toBe(200);
      expect((JSON.parse(answers[index].body) as { enrollments: unknown[] }).enrollments).toHaveLength(total - offset);
    });
    expect(answers[3].status).toBe(200);
    expect((JSON.parse(answers[3].body) as { enrollments: unknown[] }).enrollments).toHaveLength(total);
    keepAlive.destroy();

    const exit = await server.exited;
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: 0, signal: null });
    expect(exit.at - signalledAt).toBeLessThan(10000);
    expect(server.output()).toContain('shutdown complete');
  });
});
