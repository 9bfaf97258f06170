import pino, { Logger } from 'pino';
import type { LoggingConfig } from '../config/app-config';
import { REDACTED_PATHS, REDACTION_CENSOR, serializeError } from './log-redaction';
import { prettyLines } from './pretty-lines';

/** Where log lines go: process.stdout by default; tests pass a collector. */
export interface LogDestination {
  write(line: string): unknown;
  readonly isTTY?: boolean;
}

/**
 * The server's one pino logger. Every line is a JSON object with `level` (a name), `time` (ISO
 * 8601), `msg`, the process's `pid` and `hostname`, and, during a request, its `reqId`. Secrets are
 * redacted by key and errors reduced to type, code, message and stack (log-redaction.ts).
 */
export function createRootLogger(settings: Pick<LoggingConfig, 'level' | 'format'>, destination: LogDestination = process.stdout): Logger {
  const output = settings.format === 'pretty' ? prettyLines(destination, wantsColour(destination)) : destination;
  return pino(
    {
      level: settings.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: [...REDACTED_PATHS], censor: REDACTION_CENSOR },
      serializers: { err: serializeError, error: serializeError },
    },
    output,
  );
}

function wantsColour(destination: LogDestination): boolean {
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return destination.isTTY === true;
}
