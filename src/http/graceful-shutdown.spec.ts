import { Agent, createServer, IncomingMessage, request as httpRequest, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { installGracefulShutdown } from './graceful-shutdown';

/** The drain on a plain Node server: no Nest, no signals (shutdown is called directly). */
describe('installGracefulShutdown', () => {
  let server: Server;
  let url: string;
  let release: () => void;
  let released: Promise<void>;
  /** Resolves when the server has started on a /slow request. */
  let arrived: Promise<void>;
  const closed = jest.fn(async () => undefined);
  const exit = jest.fn();

  beforeEach(async () => {
    released = new Promise((resolve) => (release = resolve));
    let onArrival!: () => void;
    arrived = new Promise((resolve) => (onArrival = resolve));
    closed.mockClear();
    exit.mockClear();
    server = createServer((request: IncomingMessage, response: ServerResponse) => {
      // /slow answers once the test releases it; anything else at once.
      const answer = () => response.end(JSON.stringify({ path: request.url }));
      if (request.url === '/slow') {
        onArrival();
        void released.then(answer);
      }
      else answer();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    release();
    server.closeAllConnections();
    server.close();
  });

  const get = (path: string, agent: Agent | false = false) =>
    new Promise<{ status: number; headers: IncomingMessage['headers']; body: string }>((resolve, reject) => {
      httpRequest(`${url}${path}`, { agent }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
        response.on('error', reject);
      })
        .on('error', reject)
        .end();
    });
  const install = (drainTimeoutMs = 5000) => installGracefulShutdown({ app: { getHttpServer: () => server }, close: closed }, { signals: [], exit, drainTimeoutMs });

  it('lets a request in progress finish, refuses new connections, then closes and exits 0', async () => {
    const { shutdown } = install();
    const slow = get('/slow');
    await arrived;
    const done = shutdown('SIGTERM');
    // Refused; reset if it reached the accept queue before libuv closed the listening socket.
    await expect(get('/other')).rejects.toMatchObject({ code: expect.stringMatching(/^ECONN(REFUSED|RESET)$/) });
    expect(exit).not.toHaveBeenCalled();
    release();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(answer.headers.connection).toBe('close');
    await done;
    expect(closed).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('answers a request on an idle kept-alive connection with 503, Connection: close and Retry-After', async () => {
    const { shutdown } = install();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    expect((await get('/first', agent)).status).toBe(200);
    const slow = get('/slow');
    await arrived;
    const done = shutdown('SIGTERM');
    const late = await get('/ims/oneroster/rostering/v1p2/users', agent);
    expect(late.status).toBe(503);
    expect(late.headers).toMatchObject({ connection: 'close', 'retry-after': '5' });
    expect(JSON.parse(late.body)).toEqual({
      imsx_codeMajor: 'failure',
      imsx_severity: 'error',
      imsx_description: 'The server is shutting down; retry the request',
      imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'server_busy' }] },
    });
    release();
    await slow;
    agent.destroy();
    await done;
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('cuts what is still open after the drain limit and exits 1', async () => {
    const { shutdown } = install(200);
    const slow = get('/slow').catch((error: NodeJS.ErrnoException) => error.code);
    await arrived;
    await shutdown('SIGTERM');
    expect(await slow).toBe('ECONNRESET');
    expect(closed).toHaveBeenCalledTimes(1);
    expect(exit).toHaveBeenCalledWith(1);
  });

  it('cuts at once on a second signal', async () => {
    const { shutdown } = install();
    const slow = get('/slow').catch((error: NodeJS.ErrnoException) => error.code);
    await arrived;
    void shutdown('SIGTERM');
    void shutdown('SIGINT');
    expect(exit).toHaveBeenCalledWith(1);
    expect(await slow).toBe('ECONNRESET');
  });
});
