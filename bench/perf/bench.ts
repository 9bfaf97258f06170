/**
 * Performance benchmark (issue 6): an SDS-style full sync of the demo district at scale, against
 * the raw-driver floor, in one run per database.
 *
 *   npm run bench                                   # MariaDB and SQLite, 100,000 students
 *   npm run bench -- --students 10000 --databases mariadb --collections users,enrollments
 *   npm run bench -- --databases mariadb,postgres,sqlite --throughput-seconds 0
 *
 * Per database: the district is loaded once and kept (skipped when DEMO_GEN_INFO says it holds
 * this scale, seed and schema version; a MariaDB or PostgreSQL database holding another district
 * is replaced only with --reload, since others may be using it); the adapter (`node dist/main.js`) is started on it with a
 * bench client and a temporary tracking store; then the full walk (limit 5000, then 10000 with
 * the adapter's RSS sampled every 100 ms), the floor (hand-written keyset SQL through mysql2 /
 * pg / better-sqlite3 and JSON.stringify), the COUNT queries, a delta walk after touching 1 % of
 * the students and roster rows, first and final page latency, and 8 concurrent clients with
 * autocannon. Prints a table per database with the issue's targets and writes
 * bench/results/bench-<date>.json.
 *
 * Exit 0 when everything ran, targets met or not (it measures, it does not judge); exit 1 on a
 * failed request, a floor that read other records than the adapter served, or a crash.
 * Linux only (/proc). Traffic stays on 127.0.0.1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadBuiltAdapter } from '../support/built-adapter';
import { findProjectRoot } from '../support/project-root';
import type { DatabaseName } from './bench-databases';
import { configuredDatabases, DATABASE_NAMES } from './bench-databases';
import { computeTargets, renderDatabase } from './bench-report';
import { FLOOR_COLLECTIONS } from './floor/floor-collections';
import type { DatabaseResult } from './run-database';
import { runDatabase } from './run-database';

const USAGE = `usage: npm run bench -- [--students N] [--seed N] [--databases mariadb,sqlite,postgres]
                      [--collections orgs,academicSessions,courses,classes,users,enrollments,demographics]
                      [--throughput-seconds 20] [--timeout-seconds 300] [--results-dir bench/results]
                      [--reload]   (replace a server database's district of another scale; it is shared)`;

class UsageError extends Error {}

interface BenchOptions {
  readonly students: number;
  readonly seed: number;
  readonly databases: DatabaseName[];
  readonly collections: string[];
  readonly throughputSeconds: number;
  readonly timeoutSeconds: number;
  readonly resultsDir: string;
  readonly reload: boolean;
}

function readOptions(projectRoot: string, defaultSeed: number): BenchOptions {
  let values;
  try {
    values = parseArgs({
      options: {
        students: { type: 'string' },
        seed: { type: 'string' },
        databases: { type: 'string' },
        collections: { type: 'string' },
        'throughput-seconds': { type: 'string' },
        'timeout-seconds': { type: 'string' },
        'results-dir': { type: 'string' },
        reload: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) throw new UsageError('');
  const integer = (text: string | undefined, fallback: number, name: string, min: number, max: number) => {
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${name}: expected a whole number from ${min} to ${max}, got ${text}`);
    return value;
  };
  const list = <T extends string>(text: string | undefined, fallback: readonly T[], allowed: readonly string[], name: string): T[] => {
    if (text === undefined) return [...fallback];
    const items = text.split(',').map((item) => item.trim()).filter(Boolean);
    const unknown = items.filter((item) => !allowed.includes(item));
    if (unknown.length || items.length === 0) throw new UsageError(`${name}: ${unknown.length ? `unknown ${unknown.join(', ')}; ` : ''}choose from ${allowed.join(', ')}`);
    return [...new Set(items)] as T[];
  };
  const collectionNames = Object.keys(FLOOR_COLLECTIONS);
  return {
    students: integer(values.students, 100_000, '--students', 10, 2_000_000),
    seed: integer(values.seed, defaultSeed, '--seed', 0, 2_147_483_647),
    databases: list<DatabaseName>(values.databases, ['mariadb', 'sqlite'], DATABASE_NAMES, '--databases'),
    collections: list(values.collections, collectionNames, collectionNames, '--collections'),
    throughputSeconds: integer(values['throughput-seconds'], 20, '--throughput-seconds', 0, 3600),
    timeoutSeconds: integer(values['timeout-seconds'], 300, '--timeout-seconds', 1, 3600),
    resultsDir: resolve(projectRoot, values['results-dir'] ?? join('bench', 'results')),
    reload: values.reload ?? false,
  };
}

async function main(): Promise<number> {
  const projectRoot = findProjectRoot();
  const adapter = loadBuiltAdapter(projectRoot);
  const options = readOptions(projectRoot, adapter.DEFAULT_SEED);
  const startedAt = new Date();
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, platform: process.platform };
  log(`bench: ${options.students} students (seed ${options.seed}); ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB, Node ${machine.node}`);

  const scale = { students: options.students, seed: options.seed };
  const { databases, skipped } = configuredDatabases(options.databases, process.env, projectRoot, adapter, scale);
  for (const reason of skipped) log(`bench: skipped ${reason}`);
  const results: DatabaseResult[] = [];
  for (const database of databases) {
    results.push(
      await runDatabase(database, {
        projectRoot,
        adapter,
        scale,
        reload: options.reload,
        collections: options.collections,
        throughputSeconds: options.throughputSeconds,
        throughputConnections: 8,
        requestTimeoutMs: options.timeoutSeconds * 1000,
        log,
      }),
    );
  }

  const failures = results.flatMap((result) => result.failures);
  log('');
  log(`Machine: ${machine.cpus} cores (${machine.cpuModel}), ${machine.memoryGb} GB RAM, Node ${machine.node}; ${options.students} students`);
  const reports = results.map((result) => ({ result, targets: computeTargets(result) }));
  for (const { result, targets } of reports) log(`\n${renderDatabase(result, targets)}`);
  for (const warning of results.flatMap((result) => result.warnings)) log(`warning: ${warning}`);
  for (const reason of skipped) log(`skipped: ${reason}`);
  if (databases.length === 0) failures.push('no database to measure');
  log('');
  log(failures.length === 0 ? 'bench: done' : `bench: FAILED\n${failures.map((failure) => `  - ${failure}`).join('\n')}`);

  mkdirSync(options.resultsDir, { recursive: true });
  const file = join(options.resultsDir, `bench-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const json = {
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    machine,
    options: { ...options, resultsDir: relative(projectRoot, options.resultsDir) },
    skipped,
    databases: reports.map(({ result, targets }) => ({ ...result, targets, walk: result.walk.map(withoutSamples), largeWalk: result.largeWalk.map(withoutSamples), delta: result.delta.map(withoutSamples) })),
    failures,
  };
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
  log(`bench: results in ${relative(projectRoot, file)}`);
  return failures.length === 0 ? 0 : 1;
}

const withoutSamples = <T extends { sampleIds: string[] }>(walk: T): Omit<T, 'sampleIds'> => {
  const { sampleIds: _ignored, ...rest } = walk;
  return rest;
};

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message ? `bench: ${error.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
