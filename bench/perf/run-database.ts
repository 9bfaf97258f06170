import type { BuiltAdapter } from '../support/built-adapter';
import { readProcessMemory } from '../support/process-memory';
import { fetchToken } from '../support/token';
import type { AdapterRun } from './adapter-run';
import { startAdapterRun } from './adapter-run';
import type { BenchDatabase, DistrictScale, Touch } from './bench-databases';
import { ensureDistrict, touchForDelta } from './bench-databases';
import { FLOOR_COLLECTIONS } from './floor/floor-collections';
import type { FloorFidelity } from './floor/floor-fidelity';
import { checkFloorFidelity } from './floor/floor-fidelity';
import type { FloorWalk } from './floor/floor-walk';
import { walkFloor } from './floor/floor-walk';
import type { OneRosterRecord } from './floor/record-format';
import { errorCode, TokenSource, V1P1 } from './http-client';
import type { HttpWalk } from './http-walk';
import { walkHttp } from './http-walk';
import type { CountCost } from './measure-count';
import { measureCountCost } from './measure-count';
import { coldFinalPageTimes, collectionTotal, finalPageOffset, firstPageTimes, walkedFinalPageTimes } from './measure-latency';
import type { Throughput } from './measure-throughput';
import { measureThroughput, throughputPaths } from './measure-throughput';
import { sampleMemory } from './memory-sampler';

export const PAGE_LIMIT = 5000;
export const LARGE_PAGE_LIMIT = 10000;
/** The collection whose first and final pages are timed. */
export const LATENCY_COLLECTION = 'enrollments';
const FIDELITY_SAMPLES = 10;

export interface RunSettings {
  readonly projectRoot: string;
  readonly adapter: BuiltAdapter;
  readonly scale: DistrictScale;
  /** Replace a server database's demo district of another scale, seed or schema version. */
  readonly reload: boolean;
  readonly collections: readonly string[];
  readonly throughputSeconds: number;
  readonly throughputConnections: number;
  readonly requestTimeoutMs: number;
  readonly log: (line: string) => void;
}

export interface DatabaseResult {
  readonly name: string;
  readonly display: string;
  version?: string;
  load?: { loaded: boolean; seconds: number };
  snapshotPassMs?: number;
  walk: HttpWalk[];
  walkPeakRssMb?: number;
  largeWalk: HttpWalk[];
  largeWalkPeakRssMb?: number;
  processHwmMb?: number;
  floor: FloorWalk[];
  fidelity: FloorFidelity[];
  counts: CountCost[];
  touch?: Touch;
  delta: HttpWalk[];
  latency?: { collection: string; limit: number; finalOffset: number; finalRecords?: number; firstMs: number[]; walkedFinalMs: number[]; coldFinalMs: number[] };
  throughput?: Throughput;
  serverExit?: { code: number | null; signal: NodeJS.Signals | null; ms: number };
  readonly failures: string[];
  readonly warnings: string[];
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/**
 * Every measurement on one database, in one adapter process: cold final pages first (nothing
 * walked yet), then the full walk at 5000 and at 10000 with the adapter's memory sampled, the
 * floor by the raw driver, the COUNT queries, the delta after touching 1 %, and the concurrent
 * clients last (their deep pages would otherwise warm what the walks measure).
 */
export async function runDatabase(database: BenchDatabase, settings: RunSettings): Promise<DatabaseResult> {
  const { log } = settings;
  const result: DatabaseResult = { name: database.name, display: database.display, walk: [], largeWalk: [], floor: [], fidelity: [], counts: [], delta: [], failures: [], warnings: [] };
  log(`${database.name}: ${database.display}`);
  try {
    result.load = await ensureDistrict(database, settings.adapter, settings.scale, { reload: settings.reload, log });
  } catch (error) {
    result.failures.push(`${database.name}: ${(error as Error).message}`);
    return result;
  }
  log(`${database.name}: ${result.load.loaded ? `loaded in ${result.load.seconds.toFixed(0)} s` : `already holds ${settings.scale.students} students (seed ${settings.scale.seed}): not reloaded`}`);

  let run: AdapterRun;
  try {
    run = await startAdapterRun(settings.projectRoot, database.adapterUrl, log);
  } catch (error) {
    // The server's own output ends with why it did not start; its last lines are enough.
    result.failures.push(`${database.name}: ${(error as Error).message.split('\n').slice(-20).join('\n')}`);
    return result;
  }
  try {
    result.snapshotPassMs = run.snapshotPassMs;
    log(`${database.name}: adapter pid ${run.adapter.pid} ready (startup snapshot pass ${seconds(run.snapshotPassMs)})`);
    await measureWithAdapter(database, settings, run, result);
  } catch (error) {
    const code = errorCode(error);
    result.failures.push(`${database.name}: ${(error as Error).message}${code ? ` (${code})` : ''}`);
  } finally {
    try {
      result.processHwmMb = readProcessMemory(run.adapter.pid).hwmMb;
    } catch {
      // Already gone: the failure says why.
    }
    result.serverExit = await run.close();
    if (result.serverExit.code !== 0) result.warnings.push(`${database.name}: the adapter did not exit 0 on SIGTERM (${result.serverExit.code ?? result.serverExit.signal})`);
  }
  return result;
}

async function measureWithAdapter(database: BenchDatabase, settings: RunSettings, run: AdapterRun, result: DatabaseResult): Promise<void> {
  const { log, collections, requestTimeoutMs: timeoutMs } = settings;
  const url = run.adapter.url;
  const tokens = new TokenSource(url, run.credentials);

  if (collections.includes(LATENCY_COLLECTION)) {
    const total = await collectionTotal(url, tokens, LATENCY_COLLECTION, timeoutMs);
    const finalOffset = finalPageOffset(total, PAGE_LIMIT);
    log(`${database.name}: ${LATENCY_COLLECTION} final page cold (offset ${finalOffset}, new token each, ×3)…`);
    const coldFinalMs = await coldFinalPageTimes(url, run.credentials, LATENCY_COLLECTION, PAGE_LIMIT, finalOffset, timeoutMs);
    const firstMs = await firstPageTimes(url, tokens, LATENCY_COLLECTION, PAGE_LIMIT, timeoutMs);
    result.latency = { collection: LATENCY_COLLECTION, limit: PAGE_LIMIT, finalOffset, firstMs, walkedFinalMs: [], coldFinalMs };
  }

  const walkAll = async (limit: number, target: HttpWalk[], query?: string) => {
    for (const collection of collections) {
      const walk = await walkHttp(url, tokens, collection, { limit, query, timeoutMs, sampleEvery: 101 });
      target.push(walk);
      log(`  ${collection.padEnd(16)} ${String(walk.records).padStart(8)} records ${String(walk.pages).padStart(4)} pages ${seconds(walk.ms).padStart(9)}`);
      result.failures.push(...walk.errors.map((error) => `${database.name}: ${error}`));
    }
  };

  log(`${database.name}: full walk, limit=${PAGE_LIMIT}`);
  let memory = sampleMemory(run.adapter.pid);
  await walkAll(PAGE_LIMIT, result.walk);
  result.walkPeakRssMb = memory.stop().peakRssMb;

  const walked = result.walk.find((walk) => walk.collection === LATENCY_COLLECTION);
  if (result.latency && walked && walked.errors.length === 0) {
    if (walked.lastPage.offset !== result.latency.finalOffset) result.failures.push(`${database.name}: the walk of ${LATENCY_COLLECTION} ended at offset ${walked.lastPage.offset}, X-Total-Count said ${result.latency.finalOffset}`);
    result.latency.finalRecords = walked.lastPage.records;
    result.latency.walkedFinalMs = await walkedFinalPageTimes(url, tokens, LATENCY_COLLECTION, PAGE_LIMIT, walked.lastPage.offset, walked.lastPage.ms, timeoutMs);
  }

  log(`${database.name}: full walk, limit=${LARGE_PAGE_LIMIT} (memory)`);
  memory = sampleMemory(run.adapter.pid);
  await walkAll(LARGE_PAGE_LIMIT, result.largeWalk);
  result.largeWalkPeakRssMb = memory.stop().peakRssMb;

  await measureFloor(database, settings, run, tokens, result);

  log(`${database.name}: touching 1 % of the students and of the roster rows`);
  result.touch = await touchForDelta(database);
  log(`  ${result.touch.students} students, ${result.touch.rosterRows} SECT_STU rows; delta since ${result.touch.since}`);
  log(`${database.name}: delta walk, limit=${PAGE_LIMIT}`);
  await walkAll(PAGE_LIMIT, result.delta, `filter=${encodeURIComponent(`dateLastModified>'${result.touch.since}'`)}`);

  if (settings.throughputSeconds > 0) {
    log(`${database.name}: ${settings.throughputConnections} concurrent clients for ${settings.throughputSeconds} s`);
    const totals = Object.fromEntries(result.walk.map((walk) => [walk.collection, walk.records]));
    const sampleIds = Object.fromEntries(result.walk.map((walk) => [walk.collection, walk.sampleIds]));
    const clientTokens: string[] = [];
    for (let index = 0; index < settings.throughputConnections; index += 1) clientTokens.push((await fetchToken(url, run.credentials)).token);
    result.throughput = await measureThroughput(url, clientTokens, throughputPaths(totals, sampleIds), settings.throughputSeconds, timeoutMs / 1000);
    if (result.throughput.errors > 0) result.failures.push(`${database.name}: ${result.throughput.errors} failed requests under concurrent load (${result.throughput.non2xx} non-2xx, ${result.throughput.timeouts} timeouts)`);
  }
}

/** The raw-driver floor for every collection, whether it returned what the adapter did, and the COUNT queries' cost. */
async function measureFloor(database: BenchDatabase, settings: RunSettings, run: AdapterRun, tokens: TokenSource, result: DatabaseResult): Promise<void> {
  const { log } = settings;
  log(`${database.name}: floor (raw driver, JSON.stringify), limit=${PAGE_LIMIT}`);
  const connection = await database.openFloor();
  try {
    result.version = await connection.version();
    const context = { base: `${run.adapter.url}${V1P1}`, exportedAt: new Date().toISOString() };
    for (const collection of settings.collections) {
      const walked = result.walk.find((walk) => walk.collection === collection);
      const every = Math.max(1, Math.ceil((walked?.records ?? 1) / FIDELITY_SAMPLES));
      const samples: OneRosterRecord[] = [];
      let seen = 0;
      const floor = await walkFloor(connection, FLOOR_COLLECTIONS[collection], context, PAGE_LIMIT, (page) => {
        for (const record of page) if (seen++ % every === 0) samples.push(record);
      });
      result.floor.push(floor);
      const ratio = walked ? walked.ms / floor.ms : Number.NaN;
      log(`  ${collection.padEnd(16)} ${String(floor.records).padStart(8)} records ${String(floor.pages).padStart(4)} pages ${seconds(floor.ms).padStart(9)}   walk ÷ floor ${ratio.toFixed(2)}`);
      const mismatch =
        !walked || walked.errors.length > 0
          ? undefined
          : floor.records !== walked.records
            ? `the floor read ${floor.records} records, the adapter served ${walked.records}`
            : floor.checksum !== walked.checksum
              ? `the floor and the adapter served ${floor.records} records each, but not the same sourcedIds`
              : undefined;
      if (mismatch) {
        log(`  WARNING ${collection}: ${mismatch}`);
        result.failures.push(`${database.name}: ${collection}: ${mismatch}`);
      }
      // The floor writes the adapter's records byte for byte (store dates have the same length): a size that differs means other work.
      if (!mismatch && walked && walked.errors.length === 0 && floor.bytes !== walked.bytes) {
        result.warnings.push(`${database.name}: ${collection}: the floor serialised ${floor.bytes} bytes, the adapter served ${walked.bytes}`);
      }
      const fidelity = await checkFloorFidelity(run.adapter.url, tokens, collection, samples, settings.requestTimeoutMs);
      result.fidelity.push(fidelity);
      if (fidelity.identical < fidelity.compared) result.warnings.push(`${database.name}: ${collection}: ${fidelity.compared - fidelity.identical} of ${fidelity.compared} floor records differ from the adapter's, e.g. ${fidelity.example}`);
    }
    log(`${database.name}: X-Total-Count cost (the adapter's page and COUNT queries, raw driver, median of 3)`);
    for (const collection of settings.collections) {
      const cost = await measureCountCost(settings.projectRoot, run.env, connection, collection, PAGE_LIMIT);
      result.counts.push(cost);
      log(`  ${collection.padEnd(16)} page ${cost.pageMs.toFixed(0).padStart(6)} ms  count ${cost.countMs.toFixed(0).padStart(6)} ms  count ÷ page ${cost.ratio.toFixed(2)}`);
      const walked = result.walk.find((walk) => walk.collection === collection);
      if (walked?.totalCount !== undefined && cost.total !== walked.totalCount) result.failures.push(`${database.name}: ${collection}: the COUNT query says ${cost.total}, X-Total-Count said ${walked.totalCount}`);
    }
  } finally {
    await connection.close();
  }
}

