import { leftOutByMapping, withLeftOut } from './doctor-left-out';
import 'reflect-metadata';
import { SingleBar } from 'cli-progress';
import { resolve } from 'node:path';
import { RosterReader } from '../api/roster-reader';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { checkMappingAgainstSchema } from '../mapping/check-against-schema';
import { compileMappings } from '../mapping/compile-mappings';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { configuredConnection, openConfiguredSource } from '../source/configured-source';
import { readSourceSchema } from '../source/verify-mapping-schema';
import { DoctorCheck } from './doctor-check';
import { withRawE164Inputs } from './doctor-raw-inputs';
import { DoctorReport, formatDoctorReport } from './doctor-report';
import { stampedLastModified, walkOrder, WalkProgress, walkRoster } from './roster-walk';

const USAGE = `usage: npm run doctor [-- --json]

Reads every record of every entity from the configured source (ONEROSTER_SOURCE_URL, else the
demo SQLite; ONEROSTER_MAPPINGS, else mappings/demo) through the same query engine as the server,
exactly as the OneRoster 1.1 API serves it, and applies Microsoft SDS's validation rules: required
fields and formats, unique sourcedIds, usernames and emails, references that resolve, contacts
and their agents, lists of values, user flags, E.164 phone numbers.

Prints a summary table per entity and a table of the rules each breaks (count, up to 3 example
sourcedIds); --json prints one JSON document instead. A progress bar goes to stderr on a terminal.
Exit code 1 when there is any error; warnings and info alone exit 0.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => arg !== '--json');
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  const json = argv.includes('--json');
  const config = loadConfig();
  const mappingsFolder = resolve(config.mappings);
  const { connection } = configuredConnection(config);
  const base = { source: connection.display, mappings: mappingsFolder, entities: [], warnings: 0, info: 0 };

  let mapping;
  try {
    mapping = compileMappings(mappingsFolder);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    return finish({ ...base, mappingProblems: error.diagnostics, errors: error.diagnostics.length }, json);
  }
  const served = walkOrder([...mapping.entities.keys()]);
  const source = await openConfiguredSource(config, { poolMax: 2, log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const diagnostics = checkMappingAgainstSchema(mapping, await readSourceSchema(source, mapping));
    if (diagnostics.length > 0) return finish({ ...base, mappingProblems: diagnostics, errors: diagnostics.length }, json);
    const stamped = stampedLastModified(mapping);
    const check = new DoctorCheck(served, stamped);
    const bar = json || !process.stderr.isTTY ? undefined : new ProgressBars();
    try {
      await walkRoster(new RosterReader(withRawE164Inputs(mapping), source), served, check, { count: bar !== undefined, onProgress: (progress) => bar?.show(progress) });
    } finally {
      bar?.stop();
    }
    const result = withLeftOut(check.result(), await leftOutByMapping(mapping, source));
    return finish({ ...base, ...result, stampedLastModified: stamped }, json);
  } finally {
    await source.close();
  }
}

/** One bar per entity on stderr, left in place when the entity is done. */
class ProgressBars {
  private bar?: SingleBar;
  private entity?: string;

  show(progress: WalkProgress): void {
    if (progress.entity !== this.entity) {
      this.stop();
      this.entity = progress.entity;
      this.bar = new SingleBar({ format: `${progress.entity.padEnd(16)} {bar} {value}/{total} records  {duration_formatted}`, hideCursor: true, barsize: 30 });
      this.bar.start(progress.total ?? progress.read, 0);
    }
    this.bar?.update(progress.read);
    if (progress.done) this.stop();
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}

function finish(found: Omit<DoctorReport, 'ok' | 'version' | 'source' | 'mappings'> & { source: string; mappings: string }, json: boolean): number {
  const { source, mappings, mappingProblems, stampedLastModified: stamped, entities, errors, warnings, info } = found;
  const report: DoctorReport = {
    ok: errors === 0,
    version: '1.1',
    source,
    mappings,
    ...(mappingProblems ? { mappingProblems } : {}),
    ...(stamped?.length ? { stampedLastModified: stamped } : {}),
    errors,
    warnings,
    info,
    entities,
  };
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatDoctorReport(report)}\n`);
  return report.ok ? 0 : 1;
}

/** Exits once stdout has taken everything (a large --json report into a pipe must not be cut off). */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `doctor failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    process.stderr.write(`${message}\n`);
    // Machines reading --json get an answer on stdout too.
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
    exitAfterOutput(1);
  },
);
