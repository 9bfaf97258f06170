import 'reflect-metadata';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/config-error';
import { MappingError } from '../mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from '../mapping/diagnostics/render-diagnostics';
import { CliError, colours, printJson, USAGE_EXIT } from './output';
import { buildProgram } from './program';

/**
 * Runs the CLI on `args` (without node and the script) and exits with its code: 0 done,
 * 1 a runtime failure or a check that found errors (the command sets process.exitCode),
 * 2 a usage error. A command whose action does not return (serve) keeps the process alive.
 */
export async function runCli(args: readonly string[]): Promise<void> {
  // `oneroster-adapter routes | head`: the reader has all it wants; that is not a failure.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    process.stderr.write(`cannot write the output: ${error.message}\n`);
    process.exit(1);
  });
  const program = buildProgram();
  let running = program.name();
  program.hook('preAction', (_root, action) => {
    running = commandPath(action);
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    exitWhenWritten(typeof process.exitCode === 'number' ? process.exitCode : 0);
  } catch (error) {
    exitWhenWritten(reportFailure(error, running, args.includes('--json')));
  }
}

/** Prints what went wrong as the person (or the machine, with --json) needs it; returns the exit code. */
function reportFailure(error: unknown, command: string, json: boolean): number {
  if (error instanceof CommanderError) {
    // commander has printed the help, the version, or the error and the usage hint.
    return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? 0 : USAGE_EXIT;
  }
  const exitCode = error instanceof CliError ? error.exitCode : 1;
  const message = failureMessage(error, command);
  process.stderr.write(`${colours(process.stderr).red(message)}\n`);
  if (exitCode === USAGE_EXIT) process.stderr.write(`(run ${command} --help for its usage)\n`);
  // A machine reading --json gets an answer on stdout too, not just an exit code.
  else if (json) printJson(error instanceof MappingError ? { ok: false, error: error.message, diagnostics: error.diagnostics } : { ok: false, error: message });
  return exitCode;
}

function failureMessage(error: unknown, command: string): string {
  if (error instanceof CliError || error instanceof ConfigError) return error.message;
  if (error instanceof MappingError) return renderDiagnostics(error.diagnostics);
  // An unexpected error: its first line names the problem; the stack is for developers, not operators.
  const text = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return `${command} failed: ${text}`;
}

/** `oneroster-adapter mappings check` for the mappings group's check command. */
function commandPath(command: Command): string {
  const names: string[] = [];
  for (let current: Command | null = command; current; current = current.parent) names.unshift(current.name());
  return names.join(' ');
}

/** Exits once stdout has taken everything (a large --json report into a pipe must not be cut off). */
function exitWhenWritten(code: number): void {
  process.stdout.write('', () => process.exit(code));
}
