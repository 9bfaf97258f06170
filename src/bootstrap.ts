import 'reflect-metadata';
import { INestApplication, LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { requestIdMiddleware } from './api/request-id';
import type { AppConfig } from './config/app-config';
import { compileMappings } from './mapping/compile-mappings';
import type { CompiledMapping } from './mapping/compiled-mapping';
import { answerMalformedRequests, refuseOversizedUrls } from './http/request-size-limits';
import { setupApiDocs } from './openapi/api-docs';
import { SourceDatabase } from './source/source-database';
import { openTrackingStore } from './tracking/open-tracking-store';
import { openConfiguredSource } from './source/configured-source';
import { SourceReadiness } from './source/source-readiness';
import { logLevelFor, nestLoggerFor } from './observability/nest-logger';
import { observeRequests } from './observability/request-observer';
import { createRootLogger, LogDestination } from './observability/root-logger';

export interface RunningServer {
  readonly app: INestApplication;
  readonly url: string;
  readonly source: SourceDatabase;
  readonly mapping: CompiledMapping;
  readonly usesDemo: boolean;
  /** The server's structured logger (JSON lines on stdout unless `logStream` says otherwise). */
  readonly logger: Logger;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Nest's level names (`false`: silent); unset: `logging.level` from the configuration. */
  logger?: LogLevel[] | false;
  /** Start-up messages (demo generation, source warnings); unset: info lines of the structured log. */
  log?: (line: string) => void;
  /** Where log lines go; unset: process.stdout. */
  logStream?: LogDestination;
}

/**
 * Everything `npm start` does, callable from tests: compile the mappings (fail on any problem),
 * open the source (creating the demo SIS if no source is configured), check the mappings against
 * its schema (or, if it cannot be reached, start not ready and keep trying: SourceReadiness), start
 * Nest, listen.
 */
export async function startServer(config: AppConfig, options: StartOptions = {}): Promise<RunningServer> {
  const logger = createRootLogger({ ...config.logging, level: logLevelFor(options.logger, config.logging.level) }, options.logStream);
  const log = options.log ?? ((line: string) => logger.info(line));
  const mapping = compileMappings(config.mappings);
  const usesDemo = !config.source.url;
  const source = await openConfiguredSource(config, { log });
  // Every table and column the mapping names must exist before anything is served; a source that
  // cannot be reached is waited for in the background, the server answering 503 until then.
  const readiness = await SourceReadiness.atStartup(source, mapping, { log }).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  const tracking = await openTrackingStore(config, mapping);
  // Nest's own logger (and every `new Logger(context)`) writes through pino from the first line on.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, mapping, source, tracking, readiness, logger), {
    logger: nestLoggerFor(logger, { pinoHttp: { logger } }),
  });
  app.set('query parser', 'simple');
  app.set('trust proxy', config.server.trustProxy);
  app.disable('x-powered-by');
  app.use(requestIdMiddleware);
  observeRequests(app, logger);
  app.use(refuseOversizedUrls);
  answerMalformedRequests(app.getHttpServer());
  app.use(collapseSlashes);
  setupApiDocs(app, config);
  await app.listen(config.server.port, '0.0.0.0');
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.server.port;
  const url = `http://localhost:${port}`;
  return {
    app,
    url,
    source,
    mapping,
    usesDemo,
    logger,
    close: async () => {
      await app.close();
      await source.close();
      await tracking?.close();
    },
  };
}

/** Some consumers build URLs with a doubled slash (`…/v1p1//classes`); route them as intended. */
function collapseSlashes(request: Request, _response: Response, next: NextFunction): void {
  if (request.url.includes('//')) {
    const [path, query] = request.url.split('?', 2);
    request.url = path.replace(/\/{2,}/g, '/') + (query !== undefined ? `?${query}` : '');
  }
  next();
}
