import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { SourceUnavailableError } from '../errors/source-unavailable-error';
import { compileMappings } from '../mapping/compile-mappings';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { SourceDatabase } from './source-database';
import { SourceReadiness } from './source-readiness';
import { SourceSchemaError } from './verify-mapping-schema';

const unreachable = () => Promise.reject(new SourceSchemaError('cannot connect to the source database mysql://ro:***@db:3306/sis: connect ECONNREFUSED', undefined, true));
const mismatch = () =>
  Promise.reject(new MappingError([{ file: '/nowhere/users.yaml', line: 7, column: 12, code: 'MAPPING_UNKNOWN_COLUMN', message: 'unknown column "STU_MSTR.FRST_NAME"', path: 'sources[0].fields.givenName' }]));

/** A verification that fails as the given steps say, then succeeds; records when it was called. */
function scripted(...steps: Array<() => Promise<unknown>>) {
  const calledAt: number[] = [];
  const verify = jest.fn(() => {
    calledAt.push(Date.now());
    return (steps.shift() ?? (() => Promise.resolve()))();
  });
  return Object.assign(verify, { calledAt });
}

describe('SourceReadiness in the background', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  function waiting(verify: () => Promise<unknown>, lines: string[] = []) {
    return SourceReadiness.waitingFor(verify, { log: (line) => lines.push(line), firstRetryMs: 1000, maxRetryMs: 30000 });
  }

  it('retries with backoff (1 s, 2 s, 4 s … capped at 30 s) until the source answers, then is ready', async () => {
    const verify = scripted(unreachable, unreachable, unreachable, unreachable, unreachable, unreachable, unreachable);
    const lines: string[] = [];
    const start = Date.now();
    const readiness = waiting(verify, lines);
    await jest.advanceTimersByTimeAsync(1000 + 2000 + 4000 + 8000 + 16000 + 30000 + 30000 + 30000);
    expect(verify.calledAt.map((at) => at - start)).toEqual([1000, 3000, 7000, 15000, 31000, 61000, 91000, 121000]);
    expect(readiness.state).toBe('ready');
    expect(readiness.isReady).toBe(true);
    expect(() => readiness.assertReady()).not.toThrow();
    // one line per distinct reason, not one per attempt; never a password
    expect(lines.filter((line) => line.includes('still not ready'))).toHaveLength(1);
    expect(lines.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z source: .*READY, serving$/);
    await jest.advanceTimersByTimeAsync(120000);
    expect(verify).toHaveBeenCalledTimes(8);
  });

  it('answers requests with SourceUnavailableError while waiting, and a request brings the next attempt forward (at most once a second)', async () => {
    const verify = scripted(unreachable, unreachable, unreachable, unreachable);
    const readiness = waiting(verify);
    await jest.advanceTimersByTimeAsync(1000 + 2000 + 4000); // three attempts; the next is due in 8 s
    expect(verify).toHaveBeenCalledTimes(3);
    expect(() => readiness.assertReady()).toThrow(SourceUnavailableError); // the attempt was just now: no new one
    await readiness.settled();
    expect(verify).toHaveBeenCalledTimes(3);
    await jest.advanceTimersByTimeAsync(1000);
    expect(() => readiness.assertReady()).toThrow(SourceUnavailableError);
    await readiness.settled();
    expect(verify).toHaveBeenCalledTimes(4);
    expect(() => readiness.assertReady()).toThrow(SourceUnavailableError); // within the second: no new attempt
    await readiness.settled();
    expect(verify).toHaveBeenCalledTimes(4);
    await jest.advanceTimersByTimeAsync(1000);
    expect(() => readiness.assertReady()).toThrow(SourceUnavailableError); // the fifth attempt succeeds
    await readiness.settled();
    expect(readiness.isReady).toBe(true);
  });

  it('on a schema mismatch once the source answers: logs the diagnostics once, stays not ready, does not crash, re-checks every 30 s', async () => {
    const verify = scripted(unreachable, mismatch, mismatch, mismatch);
    const lines: string[] = [];
    const readiness = waiting(verify, lines);
    await jest.advanceTimersByTimeAsync(1000 + 2000);
    expect(readiness.state).toBe('schema-mismatch');
    expect(() => readiness.assertReady()).toThrow(SourceUnavailableError);
    await jest.advanceTimersByTimeAsync(60000);
    expect(verify).toHaveBeenCalledTimes(4);
    const reports = lines.filter((line) => line.includes('does not match'));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toContain('users.yaml:7:12  MAPPING_UNKNOWN_COLUMN  unknown column "STU_MSTR.FRST_NAME"');
    await jest.advanceTimersByTimeAsync(30000); // fixed: the next check passes
    expect(readiness.isReady).toBe(true);
  });

  it('stops retrying when stopped (the server closes)', async () => {
    const verify = scripted(unreachable, unreachable);
    const readiness = waiting(verify);
    await jest.advanceTimersByTimeAsync(1000);
    readiness.stop();
    await jest.advanceTimersByTimeAsync(120000);
    expect(verify).toHaveBeenCalledTimes(1);
  });
});

describe('SourceReadiness.atStartup', () => {
  const mapping = compileMappings(join(__dirname, '..', '..', 'mappings', 'demo'));
  const options = { poolMax: 2, connectTimeoutMs: 2000, queryTimeoutMs: 30000, timeZone: 'UTC' };

  async function closedPort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it('starts not ready, with a warning naming the source without its password, when a server database cannot be reached', async () => {
    const port = await closedPort();
    const source = new SourceDatabase({ client: 'mysql2', connection: { host: '127.0.0.1', port, user: 'ro', password: 's3cret-pw', database: 'sis' }, display: `mysql://ro:***@127.0.0.1:${port}/sis` }, options);
    const lines: string[] = [];
    try {
      const readiness = await SourceReadiness.atStartup(source, mapping, { log: (line) => lines.push(line) });
      readiness.stop();
      expect(readiness.state).toBe('waiting-for-source');
      expect(lines.join('\n')).toMatch(/WARNING cannot connect to the source database mysql:\/\/ro:\*\*\*@127\.0\.0\.1:\d+\/sis: connect ECONNREFUSED/);
      expect(lines.join('\n')).toMatch(/NOT READY/);
      expect(lines.join('\n')).not.toContain('s3cret-pw');
    } finally {
      await source.close();
    }
  });

  it('still refuses to start on a SQLite file that cannot be opened (a configuration error, not an outage)', async () => {
    const source = new SourceDatabase({ client: 'better-sqlite3', connection: { filename: '/nonexistent/folder/sis.sqlite' }, display: 'sqlite:/nonexistent/folder/sis.sqlite' }, options);
    try {
      await expect(SourceReadiness.atStartup(source, mapping)).rejects.toThrow(/cannot (connect to|read the schema of) the source database/);
    } finally {
      await source.close();
    }
  });
});
