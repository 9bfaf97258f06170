import { randomUUID } from 'node:crypto';
import { STATUS_CODES, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { requestIdOf } from '../api/request-id';
import { statusPayloadFor } from '../errors/oneroster-exception.filter';

/**
 * Longest request target (path and query string, as sent) the adapter serves; longer is 414. 8 KB
 * is what common proxies accept (nginx's default buffer, Apache's LimitRequestLine), far above any
 * consumer's query, and it bounds what the Link header repeats. Node's parser refuses anything
 * beyond its header limit (16 KB for request line and headers together) before Express sees it;
 * answerMalformedRequests gives those refusals the same spec-shaped body.
 */
export const MAX_URL_LENGTH = 8192;

const URL_TOO_LONG = `The request URL is longer than ${MAX_URL_LENGTH} characters`;

/** Express middleware: 414 with the spec's status payload for a request target over MAX_URL_LENGTH. */
export function refuseOversizedUrls(request: Request, response: Response, next: NextFunction): void {
  if (request.originalUrl.length <= MAX_URL_LENGTH) {
    next();
    return;
  }
  response.status(414).json(statusPayloadFor(request.path, 'invaliddata', URL_TOO_LONG, requestIdOf(request)));
}

type ClientError = Error & { code?: string; rawPacket?: Buffer };

const MESSAGES: Record<number, string> = {
  408: 'The request was not received in time',
  414: URL_TOO_LONG,
  431: 'The request headers are too large',
};

/**
 * Node answers requests its HTTP parser refuses (headers over its limit, bytes no URL may hold, a
 * broken request line) with a bare status line, or with nothing at all on a kept-alive connection.
 * This answers them as every other failure is answered: the spec's status payload, in the version
 * the request line names, with a request id, after any answer still being written on the
 * connection. The socket is half-closed rather than destroyed, so a client still sending a huge
 * request reads the answer instead of meeting a connection reset.
 */
export function answerMalformedRequests(server: Server): void {
  const answered = new WeakSet<Socket>();
  server.on('clientError', (error: ClientError, socket: Socket) => {
    // The parser reports again for every further chunk of a refused request: answer once.
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const requestLine = requestLineOf(error.rawPacket);
    const status = statusFor(error.code, requestLine);
    const respond = (): void => {
      if (!socket.writable) {
        socket.destroy();
        return;
      }
      const requestId = randomUUID();
      const body = JSON.stringify(statusPayloadFor(requestLine?.path ?? '/', 'invaliddata', MESSAGES[status] ?? 'The request is not valid HTTP', requestId));
      socket.end(
        `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
          `X-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.once('end', () => socket.destroy());
      setTimeout(() => socket.destroy(), 5000).unref();
    };
    // A pipelined request before the broken one is still being answered: let it finish first.
    const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
    if (inFlight && !inFlight.writableFinished) inFlight.once('finish', respond);
    else respond();
  });
}

/** The request line at the start of the chunk the parser refused, when the chunk starts one. */
function requestLineOf(packet: Buffer | undefined): { path: string; length: number } | undefined {
  if (!packet) return undefined;
  const head = packet.subarray(0, Math.min(packet.length, MAX_URL_LENGTH + 64)).toString('latin1');
  const match = /^[A-Z]{3,10} (\/[^\s?#]{0,200})/.exec(head);
  if (!match) return undefined;
  const end = packet.indexOf('\r\n');
  return { path: match[1], length: end < 0 ? packet.length : end };
}

function statusFor(code: string | undefined, requestLine: { length: number } | undefined): number {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      // Still inside the request line when the limit was reached: the URL is what is too long.
      return requestLine && requestLine.length > MAX_URL_LENGTH ? 414 : 431;
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    default:
      return 400;
  }
}
