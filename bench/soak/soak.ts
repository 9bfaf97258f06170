/**
 * Soak test: sustained mixed load on the real server process, watching its memory and handles.
 *
 *   npm run soak                          # 3 minutes against the demo SQLite
 *   npm run soak -- --minutes 1           # or SOAK_MINUTES=1
 *   ONEROSTER_SOURCE_URL='mysql://…' npm run soak   # a MariaDB holding the demo district
 *                                         # (load it with npm run demo:generate -- --url …)
 *
 * Starts `node dist/main.js` (built by the npm script) on a free loopback port, then runs
 * `--clients` (32) concurrent clients, each with its own token from the token endpoint: most are
 * walking clients (fetch loops: whole collections with limit 500…5000, single objects,
 * relationship routes, dateLastModified deltas, both versions; every page checked), the rest
 * autocannon connections cycling through fixed URLs. A warm-up (not counted) comes first. The
 * server's RSS (/proc/<pid>/status VmRSS) and open fds (/proc/<pid>/fd, split into HTTP sockets
 * and source handles) are sampled every few seconds, and once idle before and after the load.
 *
 * Fails (exit 1) on any failed request (non-2xx, network error, a page of the wrong size), on
 * RSS growth from the first to the last third of the run beyond the tolerances (15 %, 40 MB), on
 * more open fds once idle after the load than before it (database connections aside: the pool
 * grows to its size under load and keeps idle connections a while), or when the server does not
 * exit 0 on SIGTERM.
 * Writes bench/results/soak-<date>.json. Linux only (/proc). Traffic stays on 127.0.0.1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { discoverDistrict, District, fetchToken, fetchTokens, Recorder, runFixedLoad, runWalker } from './soak-load';
import { renderTable, summarise, Tolerances } from './soak-report';
import { findProjectRoot } from '../support/project-root';
import { ProcessSample, sampleProcess, SoakServer, startSoakServer } from './soak-server';

/** Long enough for idle keep-alive connections to be closed on both sides (undici 4 s, Node's server 5 s). */
const IDLE_SETTLE_MS = 7000;
/** autocannon runs in segments of at most this long, each with fresh tokens (tokens last an hour). */
const FIXED_SEGMENT_SECONDS = 1800;

interface SoakOptions {
  readonly minutes: number;
  readonly clients: number;
  readonly fixedConnections: number;
  readonly warmupSeconds: number;
  readonly sampleSeconds: number;
  readonly requestTimeoutSeconds: number;
  readonly tolerances: Tolerances;
  readonly credentials: { id: string; secret: string };
  readonly resultsDir: string;
}

function readOptions(projectRoot: string): SoakOptions {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      clients: { type: 'string' },
      'fixed-connections': { type: 'string' },
      'warmup-seconds': { type: 'string' },
      'sample-seconds': { type: 'string' },
      'rss-tolerance-percent': { type: 'string' },
      'rss-tolerance-mb': { type: 'string' },
      'fd-tolerance': { type: 'string' },
      'results-dir': { type: 'string' },
    },
  });
  const env = process.env;
  const number = (text: string | undefined, fallback: number, name: string, min = 0) => {
    if (text === undefined || text === '') return fallback;
    const value = Number(text);
    if (!Number.isFinite(value) || value < min) throw new Error(`${name}: expected a number ≥ ${min}, got ${text}`);
    return value;
  };
  const minutes = number(values.minutes ?? env.SOAK_MINUTES, 3, '--minutes', 0.1);
  const clients = Math.round(number(values.clients ?? env.SOAK_CLIENTS, 32, '--clients', 1));
  const fixedConnections = Math.min(clients - 1, Math.round(number(values['fixed-connections'] ?? env.SOAK_FIXED_CONNECTIONS, Math.round(clients / 4), '--fixed-connections')));
  return {
    minutes,
    clients,
    fixedConnections,
    warmupSeconds: number(values['warmup-seconds'] ?? env.SOAK_WARMUP_SECONDS, 30, '--warmup-seconds'),
    sampleSeconds: number(values['sample-seconds'] ?? env.SOAK_SAMPLE_SECONDS, 3, '--sample-seconds', 0.5),
    requestTimeoutSeconds: 120,
    tolerances: {
      rssGrowthFraction: number(values['rss-tolerance-percent'] ?? env.SOAK_RSS_TOLERANCE_PERCENT, 15, '--rss-tolerance-percent') / 100,
      rssGrowthMb: number(values['rss-tolerance-mb'] ?? env.SOAK_RSS_TOLERANCE_MB, 40, '--rss-tolerance-mb'),
      fdGrowth: number(values['fd-tolerance'] ?? env.SOAK_FD_TOLERANCE, 2, '--fd-tolerance'),
    },
    credentials: { id: env.SOAK_CLIENT_ID ?? 'demo-client', secret: env.SOAK_CLIENT_SECRET ?? 'demo-secret' },
    resultsDir: resolve(projectRoot, values['results-dir'] ?? join('bench', 'results')),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * All clients at once, without a pause: `warmupSeconds` first (then `onWarm`), then `seconds`
 * more. Walkers plus the autocannon connections. (A pause after the warm-up would let V8 shrink
 * the heap again and the measured run would start by regrowing it.)
 */
async function runLoad(server: SoakServer, district: District, options: SoakOptions, recorder: Recorder, seconds: number, onWarm: () => void): Promise<void> {
  const walkerCount = options.clients - options.fixedConnections;
  const tokens = await fetchTokens(server.url, options.credentials, options.clients, recorder);
  const deadline = Date.now() + (options.warmupSeconds + seconds) * 1000;
  const until = () => Date.now() >= deadline;
  const warm = setTimeout(onWarm, options.warmupSeconds * 1000);
  const walkers = tokens.slice(0, walkerCount).map((token, index) =>
    runWalker({ url: server.url, credentials: options.credentials, token, district, recorder, seed: index + 1, until, requestTimeoutMs: options.requestTimeoutSeconds * 1000 }).catch((error: Error) =>
      recorder.error('walk', 0, `a walking client stopped: ${error.message}`),
    ),
  );
  const fixed = (async () => {
    let fixedTokens = tokens.slice(walkerCount).map(({ token }) => token);
    for (let left = Math.round((deadline - Date.now()) / 1000); left > 0; left = Math.round((deadline - Date.now()) / 1000)) {
      await runFixedLoad({ url: server.url, tokens: fixedTokens, district, recorder, seconds: Math.min(left, FIXED_SEGMENT_SECONDS), timeoutSeconds: options.requestTimeoutSeconds });
      // Tokens last an hour: a long run's next segment gets fresh ones.
      if (Date.now() < deadline) fixedTokens = (await fetchTokens(server.url, options.credentials, fixedTokens.length, recorder)).map(({ token }) => token);
    }
  })().catch((error: Error) => recorder.error('fixed', 0, `autocannon stopped: ${error.message}`));
  await Promise.all([...walkers, fixed]);
  clearTimeout(warm);
}

async function main(): Promise<number> {
  const projectRoot = findProjectRoot();
  const options = readOptions(projectRoot);
  const startedAt = new Date();
  const server = await startSoakServer(projectRoot, {});
  const log = (line: string) => process.stdout.write(`${line}\n`);
  let serverExit: { code: number | null; signal: NodeJS.Signals | null; ms: number } | undefined;
  try {
    log(`soak: server pid ${server.pid} on ${server.url}, source ${server.source}`);
    log(
      `soak: ${options.clients} clients (${options.clients - options.fixedConnections} walking, ${options.fixedConnections} autocannon connections), ` +
        `${options.warmupSeconds} s warm-up, then ${options.minutes} min measured, samples every ${options.sampleSeconds} s`,
    );
    const district = await discoverDistrict(server.url, (await fetchToken(server.url, options.credentials)).token);
    log(`soak: district of ${district.ids.users.length} users, ${district.ids.classes.length} classes, ${district.ids.enrollments.length} enrollments`);

    const recorder = new Recorder();
    // Idle baseline: the district discovery above has opened what opens lazily (the source pool).
    await sleep(IDLE_SETTLE_MS);
    const idleBefore = sampleProcess(server.pid, server.port, 0);

    const samples: ProcessSample[] = [];
    let measuredStart = Date.now();
    let sampler: NodeJS.Timeout | undefined;
    let warmupErrors = 0;
    const warmupExamples: string[] = [];
    const take = () => {
      try {
        samples.push(sampleProcess(server.pid, server.port, (Date.now() - measuredStart) / 1000));
      } catch {
        recorder.error('walk', 0, 'the server process is gone');
      }
    };
    await runLoad(server, district, options, recorder, options.minutes * 60, () => {
      // Warm-up over: its requests are not counted (their errors are), and sampling starts; the
      // first sample comes one interval into the measured load, so "start" is the warmed-up server under load.
      warmupErrors = [...recorder.errors.values()].reduce((sum, count) => sum + count, 0);
      warmupExamples.push(...recorder.examples);
      recorder.reset();
      measuredStart = Date.now();
      sampler = setInterval(take, options.sampleSeconds * 1000);
    });
    clearInterval(sampler);
    recorder.enabled = false;
    await sleep(IDLE_SETTLE_MS);
    const idleAfter = sampleProcess(server.pid, server.port, (Date.now() - measuredStart) / 1000);
    serverExit = await server.stop();

    const summary = summarise(recorder, samples, idleBefore, idleAfter, options.tolerances);
    const failures = [...summary.failures];
    if (warmupErrors > 0) failures.push(`${warmupErrors} request(s) failed during the warm-up`);
    if (serverExit.code !== 0) failures.push(`the server did not exit 0 on SIGTERM (${serverExit.code ?? serverExit.signal})`);

    log('');
    log(renderTable(summary));
    log(`server shutdown on SIGTERM: exit ${serverExit.code ?? serverExit.signal} after ${serverExit.ms} ms`);
    for (const example of [...warmupExamples, ...recorder.examples].slice(0, 20)) log(`  error: ${example}`);
    log('');
    log(failures.length === 0 ? 'soak: PASS' : `soak: FAIL\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);

    mkdirSync(options.resultsDir, { recursive: true });
    const file = join(options.resultsDir, `soak-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    const result = {
      startedAt: startedAt.toISOString(),
      passed: failures.length === 0,
      failures,
      machine: { node: process.version, platform: process.platform, cpus: cpus().length, memoryGb: Math.round(totalmem() / 2 ** 30) },
      source: server.source,
      options: { ...options, credentials: { id: options.credentials.id }, resultsDir: relative(projectRoot, options.resultsDir) },
      requests: summary.rows,
      rss: summary.rss,
      fds: summary.fds,
      httpSockets: summary.httpSockets,
      sourceHandles: summary.sourceHandles,
      serverExit,
      errors: [...warmupExamples, ...recorder.examples],
      samples: samples.map((sample) => ({ ...sample, rssMb: Math.round(sample.rssMb * 10) / 10, t: Math.round(sample.t * 10) / 10 })),
    };
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    log(`soak: results in ${relative(projectRoot, file)}`);
    return failures.length === 0 ? 0 : 1;
  } finally {
    if (!serverExit) await server.stop(5000);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
