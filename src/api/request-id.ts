import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const REQUEST_ID = Symbol('oneroster.requestId');

/**
 * Gives every request an id, echoed in `X-Request-Id` and in error payloads
 * (imsx_messageRefIdentifier), so a client's bug report leads straight to the server log line.
 * A caller-supplied id is kept only if it is short and plain, so it cannot forge log lines.
 */
export function requestIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  const supplied = request.header('x-request-id');
  const id = supplied && /^[A-Za-z0-9._-]{1,64}$/.test(supplied) ? supplied : randomUUID();
  (request as unknown as Record<symbol, string>)[REQUEST_ID] = id;
  response.setHeader('X-Request-Id', id);
  next();
}

export function requestIdOf(request: Request): string {
  return (request as unknown as Record<symbol, string>)[REQUEST_ID] ?? 'unknown';
}
