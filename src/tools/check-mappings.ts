import 'reflect-metadata';
import { resolve } from 'node:path';
import { RosterReader } from '../api/roster-reader';
import { ConfigError } from '../config/config-error';
import { loadConfig } from '../config/load-config';
import { checkMappingAgainstSchema, mappingTableNames } from '../mapping/check-against-schema';
import { compileMappings } from '../mapping/compile-mappings';
import type { CompiledMapping } from '../mapping/compiled-mapping';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import type { EntityName } from '../oneroster/entity-catalogue';
import { configuredConnection, openConfiguredSource } from '../source/configured-source';
import { readSourceSchema } from '../source/verify-mapping-schema';
import { formatReport, MappingsCheckReport } from './check-mappings-report';
import { DataCheckResult, RosterDataCheck } from './roster-data-check';
import { stampedLastModified, walkOrder, walkRoster } from './roster-walk';

const USAGE = `usage: npm run mappings:check [-- --json] [--schema-only]

Checks the mapping files against the configured source (ONEROSTER_SOURCE_URL, else the demo
SQLite; ONEROSTER_MAPPINGS, else mappings/demo) without starting the server:
  1. every table and column the mappings name exists in the database (as at startup);
  2. unless --schema-only, every record of every entity, read through the mappings as the API
     serves it: duplicate sourcedIds, references to records the API does not serve, empty
     required fields.
Exit code 1 when there are errors (warnings alone exit 0); --json prints the report as JSON.`;

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const unknown = argv.filter((arg) => !['--json', '--schema-only'].includes(arg));
  if (unknown.length > 0) {
    process.stderr.write(`unknown argument ${unknown[0]}\n${USAGE}\n`);
    return 2;
  }
  const json = argv.includes('--json');
  const config = loadConfig();
  const mappingsFolder = resolve(config.mappings);
  const { connection } = configuredConnection(config);
  const base = { source: connection.display, mappings: mappingsFolder };

  let mapping: CompiledMapping;
  try {
    mapping = compileMappings(mappingsFolder);
  } catch (error) {
    if (!(error instanceof MappingError)) throw error;
    return finish({ ok: false, ...base, entities: [], schema: { ok: false, tables: 0, diagnostics: error.diagnostics }, errors: error.diagnostics.length, warnings: 0 }, json);
  }
  const entities = [...mapping.entities.keys()];

  const source = await openConfiguredSource(config, { poolMax: 2, log: (line) => process.stderr.write(`${line}\n`) });
  try {
    const schema = await readSourceSchema(source, mapping);
    const diagnostics = checkMappingAgainstSchema(mapping, schema);
    const schemaReport = { ok: diagnostics.length === 0, tables: mappingTableNames(mapping).length, description: schema.description, diagnostics };
    if (diagnostics.length > 0 || argv.includes('--schema-only')) {
      return finish({ ok: diagnostics.length === 0, ...base, entities, schema: schemaReport, errors: diagnostics.length, warnings: 0 }, json);
    }
    const data = await checkData(new RosterReader(mapping, source), entities, stampedLastModified(mapping));
    return finish({ ok: data.errors === 0, ...base, entities, schema: schemaReport, data, errors: data.errors, warnings: data.warnings }, json);
  } finally {
    await source.close();
  }
}

/** Reads every entity through the query engine, page by page in sourcedId order, feeding the checks. */
async function checkData(reader: RosterReader, served: readonly EntityName[], stamped: readonly EntityName[]): Promise<DataCheckResult> {
  const check = new RosterDataCheck(walkOrder(served), stamped);
  await walkRoster(reader, served, check, { onProgress: ({ entity, read }) => progress(`${entity}: ${read} records`) });
  progress('');
  return check.result();
}

function finish(report: MappingsCheckReport, json: boolean): number {
  process.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}

/** A progress line on a terminal only; pipes and CI logs get the report alone. */
function progress(line: string): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${line}`);
}

/** Exits once stdout has taken everything (a large --json report into a pipe must not be cut off). */
function exitAfterOutput(code: number): void {
  process.stdout.write('', () => process.exit(code));
}

main(process.argv.slice(2)).then(
  (code) => exitAfterOutput(code),
  (error: unknown) => {
    const message = error instanceof ConfigError ? error.message : `mappings:check failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    process.stderr.write(`${message}\n`);
    // Machines reading --json get an answer on stdout too.
    if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ ok: false, error: message }, null, 2)}\n`);
    exitAfterOutput(1);
  },
);
