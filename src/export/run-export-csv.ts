import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RosterReader } from '../api/roster-reader';
import { configFromOptions } from '../cli/config-options';
import type { ExportCsvOptions } from '../cli/commands/export-csv';
import { colours, fail, printJson, printText, progressBar, USAGE_EXIT } from '../cli/output';
import type { FilterPredicate } from '../filter';
import { compileMappings } from '../mapping/compile-mappings';
import { parseInstant } from '../query/filter-literal';
import { openConfiguredSource } from '../source/configured-source';
import { verifyMappingAgainstSource } from '../source/verify-mapping-schema';
import { openTrackingStore } from '../tracking/open-tracking-store';
import { TrackedRosterReader } from '../tracking/tracked-roster-reader';
import type { TrackingStore } from '../tracking/tracking-store';
import type { WalkProgress } from '../tools/roster-walk';
import { exportRoster, RosterExport } from './export-roster';
import { ZipArchive } from './zip-archive';

/**
 * `export csv`: reads the roster through the configured mappings and query engine and writes the
 * OneRoster 1.1 CSV binding. Bulk reads what a full sync reads (status='active'); delta
 * (`--since`) reads what the API's dateLastModified>'since' filter reads, change tracking
 * included, so deleted records come as tobedeleted rows. Returns the exit code.
 */
export async function runExportCsv(options: ExportCsvOptions): Promise<number> {
  const since = options.since === undefined ? undefined : parseSince(options.since);
  const out = resolve(options.out);
  checkOutput(out);
  const config = configFromOptions(options);
  const mapping = compileMappings(resolve(config.mappings));
  const json = options.json === true;
  const started = Date.now();
  const source = await openConfiguredSource(config, { poolMax: 2, log: (line) => process.stderr.write(`${line}\n`) });
  let store: TrackingStore | undefined;
  try {
    await verifyMappingAgainstSource(source, mapping);
    const reader = new RosterReader(mapping, source);
    if (since) store = await openTrackingStore(config, mapping);
    const pages = since ? new TrackedRosterReader(reader, store, config) : reader;
    const bars = progressBar({ enabled: !json, unit: 'records' });
    const showProgress = !json && process.stderr.isTTY === true;
    const archive = await ZipArchive.create(out);
    // Interrupted (Ctrl-C, a stopped job): no partial file is left beside the target either.
    const interrupted = (signal: NodeJS.Signals) => {
      bars.stop();
      archive.discard();
      process.stderr.write(`export csv interrupted by ${signal}; ${out} was not written\n`);
      process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.once('SIGINT', interrupted).once('SIGTERM', interrupted);
    let result: RosterExport;
    try {
      result = await exportRoster(pages, [...mapping.entities.keys()], archive, {
        since,
        source: { systemName: 'oneroster-adapter', systemCode: packageVersion() },
        count: showProgress,
        onProgress: progressReporter(bars),
      });
      bars.stop();
      await archive.finish();
    } catch (error) {
      bars.stop();
      archive.discard();
      throw error;
    } finally {
      process.off('SIGINT', interrupted).off('SIGTERM', interrupted);
    }
    report({ out, since, result, milliseconds: Date.now() - started }, json);
    return 0;
  } finally {
    await store?.close();
    await source.close();
  }
}

/** The delta's lower bound, read like the API reads a dateLastModified filter value; anything else is a usage error. */
export function parseSince(text: string): Date {
  const predicate = { field: '--since', value: text, valuePosition: { column: 1 } } as FilterPredicate;
  try {
    return parseInstant(text, predicate);
  } catch {
    fail(`--since: expected an ISO 8601 date-time such as 2025-01-31T00:00:00Z, got '${text.slice(0, 40)}'`, USAGE_EXIT);
  }
}

/** Fails before any reading when the zip could not be written where asked. */
function checkOutput(out: string): void {
  const directory = dirname(out);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) fail(`--out: directory ${directory} does not exist`, USAGE_EXIT);
  if (existsSync(out) && statSync(out).isDirectory()) fail(`--out: ${out} is a directory; name the zip file to write`, USAGE_EXIT);
}

/** One bar per entity on a terminal, replaced when the walk moves to the next entity. */
function progressReporter(bars: ReturnType<typeof progressBar>): (progress: WalkProgress) => void {
  let entity: string | undefined;
  return (progress) => {
    if (progress.entity !== entity) {
      entity = progress.entity;
      bars.start(progress.total ?? progress.read, progress.entity);
    }
    bars.update(progress.read, progress.total ?? progress.read);
    if (progress.done) bars.stop();
  };
}

function report(found: { out: string; since?: Date; result: RosterExport; milliseconds: number }, json: boolean): void {
  const { out, since, result, milliseconds } = found;
  const rows = result.files.reduce((sum, file) => sum + file.rows, 0);
  if (json) {
    printJson({ ok: true, out, mode: result.mode, ...(since ? { since: since.toISOString() } : {}), files: result.files, rows, milliseconds, warnings: result.warnings });
    return;
  }
  const c = colours();
  const lines = [`${c.green('wrote')} ${out} (OneRoster 1.1 CSV, ${result.mode}${since ? ` since ${since.toISOString()}` : ''})`];
  for (const file of result.files) lines.push(`  ${file.file.padEnd(22)}${String(file.rows).padStart(9)} rows${file.leftOut ? c.yellow(`  (${file.leftOut} left out)`) : ''}`);
  if (result.files.length === 0) lines.push(`  ${c.dim('no records: every file is absent in the manifest')}`);
  lines.push(`  ${'in all'.padEnd(22)}${String(rows).padStart(9)} rows, ${(milliseconds / 1000).toFixed(1)} s`);
  for (const warning of result.warnings) lines.push(c.yellow(`warning: ${warning}`));
  printText(lines.join('\n'));
}

/** The manifest's source.systemCode: the adapter's version, read from package.json beside dist/ (or src/). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}
