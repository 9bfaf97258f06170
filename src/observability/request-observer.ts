import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { requestIdOf } from '../api/request-id';
import type { AuthenticatedClient } from '../auth/authenticated-client';
import { HttpMetrics } from './http-metrics';
import { recordsServedBy } from './roster-metrics';
import { accessLogRoute, isProbeRoute, methodLabel, routeTemplate } from './route-label';

/**
 * Installs, on the Express app, request logging and HTTP metrics for every request that reaches
 * it. Call right after `requestIdMiddleware`: pino-http takes that middleware's id (one id per
 * request: the X-Request-Id header, the error payload's messageRef and every log line's reqId).
 */
export function observeRequests(app: INestApplication, logger: Logger): void {
  const metrics = app.get(HttpMetrics);
  app.use(
    pinoHttp({
      logger,
      genReqId: (request) => requestIdOf(request as Request),
      // Lines logged during a request carry its reqId only; never the request's headers or URL.
      quietReqLogger: true,
      quietResLogger: true,
      // The access line is ours (below): pino-http's would log the URL with its query string.
      autoLogging: false,
      // Keep the root logger's serializers (log-redaction.ts) instead of pino's standard ones. pino-http
      // still binds the request to a logger it does not use with these options; serialized this small,
      // that costs nothing and the redaction's wildcards never walk the live request object.
      wrapSerializers: false,
      serializers: { req: (request: Request) => ({ method: request.method }) },
    }),
  );
  app.use((request: Request, response: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    let done = false;
    const answered = () => {
      if (done) return;
      done = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const method = methodLabel(request.method);
      metrics.observe({ method, route: routeTemplate(request), status: response.statusCode, seconds });
      logAccess(request, response, seconds, !response.writableFinished);
    };
    response.once('finish', answered);
    response.once('close', answered);
    next();
  });
}

/**
 * The one access line of a request: method, route (template; never the query string), status,
 * duration, the authenticated client's id (never its token) and the records served.
 */
function logAccess(request: Request, response: Response, seconds: number, aborted: boolean): void {
  const status = response.statusCode;
  const route = accessLogRoute(request, status);
  const client = (request as Request & { user?: AuthenticatedClient }).user;
  const line = {
    method: request.method,
    route,
    status,
    durationMs: Math.round(seconds * 10000) / 10,
    ...(client?.clientId ? { clientId: client.clientId } : {}),
    ...(recordsServedBy(response) !== undefined ? { records: recordsServedBy(response) } : {}),
  };
  const message = aborted ? 'request aborted' : 'request completed';
  if (status >= 500) request.log.error(line, message);
  else if (isProbeRoute(route)) request.log.debug(line, message);
  else request.log.info(line, message);
}
