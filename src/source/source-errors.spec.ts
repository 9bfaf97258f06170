import { KnexTimeoutError } from 'knex';
import mysql from 'mysql2';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { SourceUnavailableError } from '../errors/source-unavailable-error';
import { SourceDatabase } from './source-database';
import { isSourceUnavailable, translateSourceError } from './source-errors';

/**
 * The drivers' own error objects, produced by the drivers themselves against tiny fake servers on
 * loopback: one that refuses (nothing listens), one that accepts and hangs up, one that answers the
 * handshake with the error packet a real server sends. The situations are those observed against
 * real MariaDB 10/11 and PostgreSQL 15 servers stopped mid-request (see test/e2e/database-faults):
 *
 *   in-flight query, MariaDB stopped (SIGTERM or SIGKILL)  mysql2 PROTOCOL_CONNECTION_LOST
 *   in-flight query, PostgreSQL `pg_ctl stop -m fast`        pg 57P01 "terminating connection due to administrator command"
 *   in-flight query, PostgreSQL `-m immediate`               pg "Connection terminated unexpectedly" (no code)
 *   new connection while PostgreSQL stops / starts          pg 57P03 "shutting down" / "starting up", ECONNRESET
 *   new connection while the server is down                 ECONNREFUSED (both)
 *   frozen server (SIGSTOP)                                 KnexTimeoutError (acquire), mysql2 ETIMEDOUT
 *   query timeout whose cancel could not connect            knex "cancelling of query failed" with ETIMEDOUT
 */

/** node-postgres ships no types (the project has no @types/pg); the little used here. */
interface PgClientLike {
  on(event: 'error', listener: (error: Error) => void): void;
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { Client: PgClient } = require('pg') as { Client: new (config: Record<string, unknown>) => PgClientLike };

type Reply = (socket: Socket) => void;

const sockets = new Set<Socket>();

async function fakeServer(reply: Reply): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    reply(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, server };
}

async function closedPort(): Promise<number> {
  const { port, server } = await fakeServer(() => undefined);
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A MySQL ERR packet (sequence 0), as a server sends it instead of its greeting. */
function mysqlErrorPacket(errno: number, sqlState: string, message: string): Buffer {
  const payload = Buffer.concat([Buffer.from([0xff, errno & 0xff, errno >> 8]), Buffer.from(`#${sqlState}${message}`)]);
  const header = Buffer.from([payload.length & 0xff, (payload.length >> 8) & 0xff, payload.length >> 16, 0]);
  return Buffer.concat([header, payload]);
}

/** A PostgreSQL ErrorResponse, as a server answers a startup message it will not serve. */
function pgErrorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0VFATAL\0C${code}\0M${message}\0\0`);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(fields.length + 4, 1);
  return Buffer.concat([header, fields]);
}

function mysqlConnectError(port: number): Promise<Error & { code?: string; errno?: number }> {
  return new Promise((resolve) => {
    const connection = mysql.createConnection({ host: '127.0.0.1', port, user: 'u', password: 'p', connectTimeout: 500 });
    connection.on('error', () => undefined);
    connection.connect((error) => {
      resolve(error as Error);
      connection.destroy();
    });
  });
}

async function pgConnectError(port: number): Promise<Error & { code?: string }> {
  const client = new PgClient({ host: '127.0.0.1', port, user: 'u', password: 'p', database: 'd', connectionTimeoutMillis: 500 });
  client.on('error', () => undefined);
  return client.connect().then(
    () => {
      throw new Error('connected to a fake server');
    },
    (error: Error) => error,
  );
}

const servers: Server[] = [];
async function serve(reply: Reply): Promise<number> {
  const { port, server } = await fakeServer(reply);
  servers.push(server);
  return port;
}

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
});

function expectUnavailable(error: unknown): void {
  expect(isSourceUnavailable(error)).toBe(true);
  expect(() => translateSourceError(error)).toThrow(SourceUnavailableError);
  try {
    translateSourceError(error);
  } catch (translated) {
    expect((translated as SourceUnavailableError).cause).toBe(error);
  }
}

function expectRethrown(error: unknown): void {
  expect(isSourceUnavailable(error)).toBe(false);
  try {
    translateSourceError(error);
    throw new Error('not rethrown');
  } catch (rethrown) {
    expect(rethrown).toBe(error);
  }
}

describe('mysql2 errors', () => {
  it('a refused connection (the server is down) is an outage', async () => {
    const error = await mysqlConnectError(await closedPort());
    expect(error.code).toBe('ECONNREFUSED');
    expectUnavailable(error);
  });

  it('a connection the server closes (stopped mid-request) is an outage', async () => {
    const error = await mysqlConnectError(await serve((socket) => socket.destroy()));
    expect(error.code).toBe('PROTOCOL_CONNECTION_LOST');
    expectUnavailable(error);
  });

  it('a server that never greets (frozen) times out, an outage', async () => {
    const error = await mysqlConnectError(await serve(() => undefined));
    expect(error.code).toBe('ETIMEDOUT');
    expectUnavailable(error);
  });

  it.each([
    [1053, '08S01', 'Server shutdown in progress', 'ER_SERVER_SHUTDOWN'],
    [1040, '08004', 'Too many connections', 'ER_CON_COUNT_ERROR'],
    [1927, '70100', 'Connection was killed', undefined],
  ])('the server error %s (%s) is an outage', async (errno, sqlState, message, code) => {
    const error = await mysqlConnectError(await serve((socket) => socket.end(mysqlErrorPacket(errno, sqlState, message))));
    expect(error.errno).toBe(errno);
    expect(error.code).toBe(code);
    expectUnavailable(error);
  });

  it.each([
    [1045, '28000', "Access denied for user 'u'@'localhost' (using password: YES)"],
    [1049, '42000', "Unknown database 'sis'"],
    [1146, '42S02', "Table 'sis.STU_MSTR' doesn't exist"],
  ])('the server error %s (%s) is not an outage: rethrown as is', async (errno, sqlState, message) => {
    const error = await mysqlConnectError(await serve((socket) => socket.end(mysqlErrorPacket(errno, sqlState, message))));
    expect(error.errno).toBe(errno);
    expectRethrown(error);
  });

  it('a command on a connection that died is an outage', async () => {
    const connection = mysql.createConnection({ host: '127.0.0.1', port: await closedPort(), user: 'u', connectTimeout: 2000 });
    connection.on('error', () => undefined);
    await new Promise((resolve) => connection.connect(resolve));
    const error = await new Promise<Error>((resolve) => connection.query('SELECT 1', (failure) => resolve(failure as Error)));
    expect(error.message).toMatch(/closed state/);
    expectUnavailable(error);
  });
});

describe('node-postgres errors', () => {
  it('a refused connection (the server is down) is an outage', async () => {
    const error = await pgConnectError(await closedPort());
    expect(error.code).toBe('ECONNREFUSED');
    expectUnavailable(error);
  });

  it('a connection the server closes (stopped immediately) is an outage', async () => {
    const error = await pgConnectError(await serve((socket) => socket.destroy()));
    expect(error.message).toMatch(/Connection terminated unexpectedly/);
    expectUnavailable(error);
  });

  it('a server that never answers (frozen) times out, an outage', async () => {
    const error = await pgConnectError(await serve(() => undefined));
    expect(error.message).toMatch(/timeout/);
    expectUnavailable(error);
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P03', 'the database system is starting up'],
    ['57P03', 'the database system is shutting down'],
    ['53300', 'sorry, too many clients already'],
    ['08006', 'connection failure'],
  ])('the server error %s (%s) is an outage', async (code, message) => {
    const error = await pgConnectError(await serve((socket) => socket.once('data', () => socket.end(pgErrorResponse(code, message)))));
    expect(error.code).toBe(code);
    expectUnavailable(error);
  });

  it.each([
    ['28P01', 'password authentication failed for user "u"'],
    ['3D000', 'database "d" does not exist'],
    ['42P01', 'relation "STU_MSTR" does not exist'],
  ])('the server error %s (%s) is not an outage: rethrown as is', async (code, message) => {
    const error = await pgConnectError(await serve((socket) => socket.once('data', () => socket.end(pgErrorResponse(code, message)))));
    expect(error.code).toBe(code);
    expectRethrown(error);
  });

  it('a query on a client that was closed is an outage', async () => {
    const client = new PgClient({ host: '127.0.0.1', port: await closedPort(), user: 'u', database: 'd' });
    client.on('error', () => undefined);
    await client.end().catch(() => undefined);
    const error = await client.query('SELECT 1').then(
      () => new Error('answered'),
      (failure: Error) => failure,
    );
    expect(error.message).toMatch(/not queryable/);
    expectUnavailable(error);
  });
});

describe('knex and other errors', () => {
  it('a pool that cannot hand out a connection in time is an outage', () => {
    expectUnavailable(new KnexTimeoutError('Knex: Timeout acquiring a connection. The pool is probably full.'));
  });

  it('refusals from both loopback addresses (AggregateError) are an outage', () => {
    const refused = (address: string) => Object.assign(new Error(`connect ECONNREFUSED ${address}`), { code: 'ECONNREFUSED' });
    expectUnavailable(new AggregateError([refused('::1:3306'), refused('127.0.0.1:3306')]));
  });

  it('a query error, a bug or a non-error is not an outage', () => {
    expectRethrown(Object.assign(new Error('syntax error at or near "FROM"'), { code: '42601' }));
    expectRethrown(new TypeError("Cannot read properties of undefined (reading 'rows')"));
    expectRethrown('a string');
    expectRethrown(undefined);
  });

  it('an error already translated stays as it is', () => {
    const unavailable = new SourceUnavailableError('source database unavailable');
    expect(() => translateSourceError(unavailable)).toThrow(unavailable);
  });
});

describe('SourceDatabase during an outage', () => {
  const options = { poolMax: 2, connectTimeoutMs: 10000, queryTimeoutMs: 30000, timeZone: 'UTC' };
  const connection = (port: number) => ({ client: 'mysql2' as const, connection: { host: '127.0.0.1', port, user: 'u', password: 'p', database: 'd' }, display: 'fake' });

  it('fails fast with SourceUnavailableError when the connection is refused, not after the acquire timeout', async () => {
    const source = new SourceDatabase(connection(await closedPort()), options);
    try {
      const started = Date.now();
      await expect(source.rows(source.db.raw('SELECT 1'))).rejects.toBeInstanceOf(SourceUnavailableError);
      await expect(source.ping(2000)).rejects.toBeInstanceOf(SourceUnavailableError);
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await source.close();
    }
  });

  it('ping gives up after its own timeout when the server does not answer', async () => {
    const source = new SourceDatabase(connection(await serve(() => undefined)), { ...options, connectTimeoutMs: 1000 });
    try {
      const started = Date.now();
      await expect(source.ping(300)).rejects.toThrow(/did not answer within 300 ms/);
      expect(Date.now() - started).toBeLessThan(1500);
    } finally {
      await source.close();
    }
  });
});
