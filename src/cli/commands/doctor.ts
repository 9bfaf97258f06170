import type { Command } from 'commander';
import { configFromOptions, ConfigOptions, withConfigOptions } from '../config-options';
import { colours, printJson, printText, progressBar } from '../output';
import { walkProgressBars } from '../walk-progress';

interface DoctorCommandOptions extends ConfigOptions {
  json?: boolean;
}

export function registerDoctor(program: Command): void {
  withConfigOptions(
    program
      .command('doctor')
      .description("Check every record the API serves against Microsoft SDS's validation rules")
      .option('--json', 'print the report as one JSON document')
      .addHelpText(
        'after',
        `
Reads every record of every entity from the configured source through the same query engine as
the server, and applies SDS's rules: required fields and formats, unique sourcedIds, usernames and
emails, references that resolve, contacts and their agents, lists of values, user flags, E.164
phone numbers. Prints a summary table per entity and a table of the rules each breaks (count, up
to 3 example sourcedIds). A progress bar goes to stderr on a terminal.
Exit code 1 when there is any error; warnings and info alone exit 0.`,
      ),
  ).action(async (options: DoctorCommandOptions) => {
    const config = configFromOptions(options);
    const { runDoctor } = await import('../../tools/doctor');
    const { formatDoctorReport } = await import('../../tools/doctor-report');
    const bar = progressBar({ enabled: !options.json, unit: 'records' });
    try {
      const report = await runDoctor(config, { onProgress: walkProgressBars(bar), log: (line) => process.stderr.write(`${line}\n`) });
      if (options.json) printJson(report);
      else printText(formatDoctorReport(report, process.cwd(), colours()));
      process.exitCode = report.ok ? 0 : 1;
    } finally {
      bar.stop();
    }
  });
}
