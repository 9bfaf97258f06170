import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CodeMinor } from './code-minor';
import { OAuthError } from './oauth-error';
import { OneRosterRequestError } from './oneroster-request-error';
import { SourceUnavailableError } from './source-unavailable-error';
import { statusInfo } from './status-info';
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
      this.logger.warn(`[${requestId}] source database unavailable: ${describeCause(exception.cause)}`);
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
    this.logger.error(`[${requestId}] unexpected error on ${request.method} ${request.path}`, exception instanceof Error ? exception.stack : String(exception));
    this.send(response, 500, 'internal_server_error', `Internal server error (request ${requestId})`, requestId);
  }

  /** In the version of the service the request was for: 1.2's payload has no messageRef and fewer codeMinor tokens. */
  private send(response: Response, status: number, codeMinor: CodeMinor, message: string, requestId: string): void {
    const version = versionOfPath(response.req.path);
    if (version.messageRefInStatus) {
      response.status(status).json(statusInfo(codeMinor, message, { messageRef: requestId }));
      return;
    }
    const info = statusInfo(codeMinorInV1p2(codeMinor), message);
    if (codeMinor === 'unsupportedoperation') info.imsx_codeMajor = 'unsupported';
    response.status(status).json(info);
  }
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

function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${(cause as { code?: string }).code ?? ''} ${cause.message}`.slice(0, 300);
  return String(cause).slice(0, 300);
}
