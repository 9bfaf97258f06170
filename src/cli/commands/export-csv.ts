import type { Command } from 'commander';
import { ConfigOptions, withConfigOptions } from '../config-options';

/** Options of `export csv`, as commander parses them. */
export interface ExportCsvOptions extends ConfigOptions {
  out: string;
  since?: string;
  json?: boolean;
}

/**
 * `export csv --out district.zip [--since <dateTime>]`: the OneRoster 1.1 CSV binding, bulk or
 * delta, read through the same mappings and query engine as the API. The work is in src/export.
 */
export function registerExport(program: Command): void {
  const group = program.command('export').description('Export the roster the adapter serves as files');
  withConfigOptions(
    group
      .command('csv')
      .description('Write the OneRoster 1.1 CSV binding as a zip: every active record (bulk), or what changed since a time (delta, deletions as tobedeleted rows)')
      .requiredOption('--out <file.zip>', 'zip file to write; replaced only once complete, so a failed export leaves no partial file under this name')
      .option('--since <dateTime>', "delta: only records whose dateLastModified is after this ISO 8601 date-time (e.g. 2025-01-31T00:00:00Z), as the API's dateLastModified>'…' filter")
      .option('--json', 'print a JSON summary instead of a table')
      .addHelpText('after', '\nThe zip holds manifest.csv plus one file per entity that has rows (orgs.csv, academicSessions.csv, courses.csv,\nclasses.csv, users.csv, enrollments.csv, demographics.csv); the manifest names the others absent.'),
  ).action(async (options: ExportCsvOptions) => {
    const { runExportCsv } = await import('../../export/run-export-csv');
    process.exitCode = await runExportCsv(options);
  });
}
