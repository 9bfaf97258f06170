import type { Command } from 'commander';
import type { MappingsInitOptions } from '../../draft/run-mappings-init';

/**
 * `mappings init --source <url>`: drafts a mapping set from a live database (src/draft does the
 * introspection, the guessing and the writing). Loaded on use, so other commands start without it.
 */
export function registerMappingsInit(mappings: Command): void {
  mappings
    .command('init')
    .description('Draft a mapping set from a live SIS database: read its tables, keys and sample values, guess the OneRoster mapping, mark every guess for you to confirm')
    .requiredOption('--source <url>', 'the database to read: sqlite:path, mysql://, mariadb://, postgres:// or mssql:// (only ever read)')
    .option('--out <dir>', 'directory to write the draft mapping files to', 'mappings/draft')
    .option('--force', 'write into --out even when it is not empty (replacing files of an earlier draft)')
    .option('--json', 'print the result as JSON instead of a table')
    .option('--tables <pattern>', 'only read tables matching these comma-separated globs (e.g. "STU_*,SECT_*"); case-insensitive')
    .action(async (options: MappingsInitOptions) => {
      const { runMappingsInit } = await import('../../draft/run-mappings-init');
      process.exitCode = await runMappingsInit(options);
    });
}
