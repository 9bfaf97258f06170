import type { Command } from 'commander';
import { resolve } from 'node:path';
import { configFromOptions, ConfigOptions, withConfigOptions } from '../config-options';
import { colours, printJson, printText, progressBar } from '../output';
import { walkProgressBars } from '../walk-progress';
import { registerMappingsInit } from './mappings-init';

interface CheckOptions extends ConfigOptions {
  json?: boolean;
  schemaOnly?: boolean;
}

/** `mappings check | schema | init`: the commands an integrator uses while writing a mapping folder. */
export function registerMappings(program: Command): void {
  const mappings = program.command('mappings').description('Draft, check and describe mapping folders');
  registerCheck(mappings);
  registerSchema(mappings);
  registerMappingsInit(mappings);
}

function registerCheck(mappings: Command): void {
  withConfigOptions(
    mappings
      .command('check')
      .description('Check a mapping folder against the source database, without starting the server')
      .option('--schema-only', 'only check that every table and column the mappings name exists; do not read the records')
      .option('--json', 'print the report as one JSON document')
      .addHelpText(
        'after',
        `
1. Every table and column the mappings name exists in the database (as at startup).
2. Unless --schema-only, every record of every entity, read through the mappings as the API serves
   it: duplicate sourcedIds, references to records the API does not serve, empty required fields.
Problems are reported with file:line:column. Exit code 1 when there are errors (warnings alone exit 0).

Example: oneroster-adapter mappings check --mappings mappings/draft --source mysql://reader@sis/district`,
      ),
  ).action(async (options: CheckOptions) => {
    const config = configFromOptions(options);
    const { checkMappings } = await import('../../tools/check-mappings');
    const { formatReport } = await import('../../tools/check-mappings-report');
    const bar = progressBar({ enabled: !options.json, unit: 'records' });
    try {
      const report = await checkMappings(config, { schemaOnly: options.schemaOnly, onProgress: walkProgressBars(bar), log: (line) => process.stderr.write(`${line}\n`) });
      if (options.json) printJson(report);
      else printText(formatReport(report, process.cwd(), colours()));
      process.exitCode = report.ok ? 0 : 1;
    } finally {
      bar.stop();
    }
  });
}

function registerSchema(mappings: Command): void {
  mappings
    .command('schema')
    .description('Write the JSON Schema of the mapping files (for editors: # yaml-language-server: $schema=…)')
    .argument('[file]', 'where to write it (default: mappings/mapping.schema.json of this package)')
    .action(async (file: string | undefined) => {
      const { MAPPING_SCHEMA_FILE, writeMappingSchema } = await import('../../mapping/format/write-mapping-schema');
      const target = file === undefined ? MAPPING_SCHEMA_FILE : resolve(file);
      writeMappingSchema(target);
      printText(`wrote ${target}`);
    });
}
