import { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { COMMANDS } from './commands';
import { colours } from './output';

/** The package's version, read from package.json beside dist/ (and beside src/ under ts-jest). */
function packageVersion(): string {
  return (JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The `oneroster-adapter` program with every command. Errors throw instead of exiting (run.ts
 * decides the exit code); subcommands inherit that, the error colouring and the usage hint,
 * because commander copies those settings to commands created after they are set.
 */
export function buildProgram(): Command {
  const program = new Command('oneroster-adapter')
    .description('Serves a legacy SIS database as a OneRoster 1.1/1.2 REST API through declarative YAML mappings')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for this command')
    .exitOverride()
    .showHelpAfterError('(run the command with --help for its usage)')
    .showSuggestionAfterError(true)
    .configureOutput({ outputError: (text, write) => write(colours(process.stderr).red(text)) });
  for (const register of COMMANDS) register(program);
  return program;
}
