import type { Request } from 'express';

export const ONEROSTER_V1P1_PATH = '/ims/oneroster/v1p1';

/** Where clients reach us (scheme, host, any proxy prefix): the configured public URL, else the request's host. */
export function publicOrigin(request: Request, configured: string | undefined): string {
  if (configured) return configured.replace(/\/+$/, '');
  return `${request.protocol}://${request.get('host') ?? 'localhost'}`;
}

/** The URL of this request as the client sees it (for Link headers). */
export function requestUrl(request: Request, configured: string | undefined): URL {
  return new URL(`${publicOrigin(request, configured)}${request.originalUrl}`);
}
