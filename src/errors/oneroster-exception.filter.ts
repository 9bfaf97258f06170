import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CodeMinor } from './code-minor';
import { OAuthError } from './oauth-error';
import { OneRosterRequestError } from './oneroster-request-error';
import { SourceUnavailableError } from './source-unavailable-error';
import { statusInfo, StatusInfo } from './status-info';
import { requestIdOf } from '../api/request-id';
import { versionOfPath } from '../oneroster/versions';

const RETRY_AFTER_SECONDS = '5';

/**
 * The one place where failures become HTTP answers. Every OneRoster failure is the spec's status
 * payload; nothing a client sees carries a stack, SQL or driver text. Unknown errors are logged
 * once, with the request id the client also receives.
 */
@Catch()
export class OneRosterExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    if (response.headersSent) {
      response.destroy();
      return;
    }
    const requestId = requestIdOf(request);

    if (exception instanceof OAuthError) {
      response.setHeader('Cache-Control', 'no-store');
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
      if (exception.error === 'invalid_client') response.setHeader('WWW-Authenticate', 'Basic realm="oneroster"');
      response.status(exception.httpStatus).json({ error: exception.error, error_description: exception.description });
      return;
    }
    if (exception instanceof OneRosterRequestError) {
      for (const [name, value] of Object.entries(exception.headers)) response.setHeader(name, value);
      this.send(response, exception.httpStatus, exception.codeMinor, exception.message, requestId);
      return;
    }
    if (exception instanceof SourceUnavailableError) {
      // The request's reqId is on the line already (nestjs-pino binds the request's logger).
      this.logger.warn({ msg: 'source database unavailable', cause: describeCause(exception.cause) });
      response.setHeader('Retry-After', RETRY_AFTER_SECONDS);
      this.send(response, 503, 'server_busy', 'The source database is temporarily unavailable; retry later', requestId);
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const { codeMinor, message } = translateHttpException(status, request);
      this.send(response, status, codeMinor, message, requestId);
      return;
    }
    // err is reduced to type, code, message and stack (observability/log-redaction.ts): a driver error's SQL and bindings stay out.
    this.logger.error({ msg: 'unexpected error', method: request.method, route: routeOf(request), err: exception instanceof Error ? exception : { message: String(exception) } });
    this.send(response, 500, 'internal_server_error', `Internal server error (request ${requestId})`, requestId);
  }

  private send(response: Response, status: number, codeMinor: CodeMinor, message: string, requestId: string): void {
    response.status(status).json(statusPayloadFor(response.req.path, codeMinor, message, requestId));
  }
}

/**
 * A failure's status payload in the version of the service the request path belongs to: 1.2's has
 * no messageRef and fewer codeMinor tokens. Also used for refusals answered before Nest routes a
 * request (http/request-size-limits.ts).
 */
export function statusPayloadFor(path: string, codeMinor: CodeMinor, message: string, requestId: string): StatusInfo {
  const version = versionOfPath(path);
  if (version.messageRefInStatus) return statusInfo(codeMinor, message, { messageRef: requestId });
  const info = statusInfo(codeMinorInV1p2(codeMinor), message);
  if (codeMinor === 'unsupportedoperation') info.imsx_codeMajor = 'unsupported';
  return info;
}

function translateHttpException(status: number, request: Request): { codeMinor: CodeMinor; message: string } {
  switch (status) {
    case 404:
      return { codeMinor: 'unknownobject', message: `Unknown Object: no endpoint ${request.method} ${request.path}` };
    case 405:
      return { codeMinor: 'unsupportedoperation', message: `${request.method} is not supported on ${request.path}` };
    case 401:
      return { codeMinor: 'unauthorisedrequest', message: 'A valid bearer token is required' };
    case 403:
      return { codeMinor: 'forbidden', message: 'The token does not grant access to this resource' };
    case 413:
      return { codeMinor: 'invaliddata', message: 'The request is too large' };
    case 414:
    case 431:
      return { codeMinor: 'invaliddata', message: 'The request URL or headers are too large' };
    default:
      return status >= 500
        ? { codeMinor: 'internal_server_error', message: 'Internal server error' }
        : { codeMinor: 'invaliddata', message: 'The request could not be understood' };
  }
}

/**
 * 1.2's imsx_codeMinorFieldValue enum has no blank-selection, sort or unsupported-operation token
 * (oneroster-spec §8.2); the nearest one it has, with the HTTP status unchanged.
 */
export function codeMinorInV1p2(code: CodeMinor): CodeMinor {
  switch (code) {
    case 'invalid_blank_selection_field':
      return 'invalid_selection_field';
    case 'invalid_sort_field':
    case 'unsupportedoperation':
      return 'invaliddata';
    default:
      return code;
  }
}

/** The matched route's pattern (`/ims/oneroster/v1p1/users/:sourcedId`), not the path: a sourcedId in it is a SQL parameter, kept out of logs. */
function routeOf(request: Request): string {
  const pattern = (request.route as { path?: unknown } | undefined)?.path;
  return typeof pattern === 'string' ? pattern : '(no matching route)';
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${(cause as { code?: string }).code ?? ''} ${cause.message}`.slice(0, 300);
  return String(cause).slice(0, 300);
}
