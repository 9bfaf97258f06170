import type { LogLevel } from '@nestjs/common';
import { Logger as NestPinoLogger, Params, PinoLogger } from 'nestjs-pino';
import { storage } from 'nestjs-pino/storage';
import type { Logger } from 'pino';
import type { LogLevelName } from '../config/app-config';

/**
 * nestjs-pino's PinoLogger bound to one server's root logger. Out of a request, nestjs-pino's own
 * falls back to the first logger created in the process, which in a test process running several
 * servers is not this one; in a request it is the request's logger (with its reqId) either way.
 */
class ServerPinoLogger extends PinoLogger {
  constructor(
    params: Params,
    private readonly root: Logger,
  ) {
    super(params);
  }

  override get logger(): Logger {
    return storage.getStore()?.logger ?? this.root;
  }
}

/** Nest's start-up narration (a line per module and per route mapped, ~170 lines): debug, not info. */
const CHATTY_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** What Nest's Logger (and so every `new Logger(context)` in the app) writes through: pino, via nestjs-pino. */
class ServerNestLogger extends NestPinoLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && CHATTY_CONTEXTS.has(context)) this.debug(message, ...optionalParams);
    else super.log(message, ...optionalParams);
  }
}

/** The LoggerService a server's Nest application uses (NestFactory.create's `logger`). */
export function nestLoggerFor(root: Logger, params: Params): NestPinoLogger {
  return new ServerNestLogger(new ServerPinoLogger(params, root), params);
}

const NEST_TO_PINO: Record<LogLevel, LogLevelName> = { verbose: 'trace', debug: 'debug', log: 'info', warn: 'warn', error: 'error', fatal: 'fatal' };
const BY_VERBOSITY: readonly LogLevelName[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/**
 * startServer's `logger` option (Nest's vocabulary, kept for the tests that pass it) as a pino
 * level: `false` is silent, a list is its most verbose level, unset is the configured level.
 */
export function logLevelFor(nestLevels: LogLevel[] | false | undefined, configured: LogLevelName): LogLevelName {
  if (nestLevels === undefined) return configured;
  if (nestLevels === false || nestLevels.length === 0) return 'silent';
  const levels = new Set(nestLevels.map((level) => NEST_TO_PINO[level]));
  return BY_VERBOSITY.find((level) => levels.has(level)) ?? 'silent';
}
