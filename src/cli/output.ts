import { SingleBar } from 'cli-progress';
import pc from 'picocolors';

/** A failure the CLI reports as one line on stderr (no stack) before exiting with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Exit code of a usage error (unknown command or option, bad value): the shell convention. */
export const USAGE_EXIT = 2;

/** Throws a CliError: run.ts prints `message` and exits with `exitCode` (1 = runtime failure, 2 = usage). */
export function fail(message: string, exitCode = 1): never {
  throw new CliError(message, exitCode);
}

/** Whether human output on `stream` is coloured: never with NO_COLOR, always with FORCE_COLOR (not 0), else on a TTY. */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  if ('NO_COLOR' in process.env && process.env.NO_COLOR !== '') return false;
  if (process.env.FORCE_COLOR === '0') return false;
  if (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== '') return true;
  return stream.isTTY === true;
}

/** picocolors' formatters, switched off when `stream` should not be coloured. */
export function colours(stream: NodeJS.WriteStream = process.stdout): ReturnType<typeof pc.createColors> {
  return pc.createColors(useColour(stream));
}

/** Writes `value` as indented JSON plus a newline on stdout: the `--json` form of every command. */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** Writes human text on stdout, adding the final newline. */
export function printText(text: string): void {
  process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

/** A progress bar on stderr; every method is a no-op when the bar is switched off. */
export interface ProgressBar {
  /** False when the bar draws nothing (not a TTY, or --json). */
  readonly live: boolean;
  start(total: number, label?: string): void;
  update(value: number, total?: number): void;
  stop(): void;
}

/** A progress bar on stderr when stderr is a TTY and `enabled` (pass `!json`); otherwise one that does nothing. */
export function progressBar(options: { enabled?: boolean; unit?: string } = {}): ProgressBar {
  if (options.enabled === false || process.stderr.isTTY !== true) return NO_PROGRESS;
  return new TerminalProgress(options.unit ?? 'rows');
}

const NO_PROGRESS: ProgressBar = { live: false, start: () => undefined, update: () => undefined, stop: () => undefined };

class TerminalProgress implements ProgressBar {
  readonly live = true;
  private bar?: SingleBar;

  constructor(private readonly unit: string) {}

  start(total: number, label = ''): void {
    this.stop();
    const name = label === '' ? '' : `${label.padEnd(16)} `;
    this.bar = new SingleBar({ format: `${name}{bar} {value}/{total} ${this.unit}  {duration_formatted}`, hideCursor: true, barsize: 30, stream: process.stderr });
    this.bar.start(total, 0);
  }

  update(value: number, total?: number): void {
    if (total !== undefined) this.bar?.setTotal(total);
    this.bar?.update(value);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
  }
}
