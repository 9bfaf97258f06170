/** What route-label needs of an Express request (structural, so the functions are tested with plain objects). */
export interface RoutedRequest {
  readonly method: string;
  /** Without the query string (Express's `req.path`). */
  readonly path: string;
  readonly baseUrl?: string;
  readonly route?: { readonly path?: unknown };
}

/** A request no route of the app answered (404s, requests refused before routing). */
export const UNMATCHED_ROUTE = '(unmatched)';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * The matched route's template (`/ims/oneroster/v1p1/schools/:sourcedId/classes`), or
 * UNMATCHED_ROUTE. Never the path itself: a path carries sourcedIds, and as a metric label every
 * distinct id would be a new time series.
 */
export function routeTemplate(request: RoutedRequest): string {
  const pattern = request.route?.path;
  if (typeof pattern !== 'string' || CATCH_ALL.has(pattern)) return UNMATCHED_ROUTE;
  return `${request.baseUrl ?? ''}${pattern}`;
}

/**
 * Nest mounts app-wide middleware (nestjs-pino's) as a catch-all route; a request no handler
 * matched is left with that as its `req.route`.
 */
const CATCH_ALL = new Set(['/{*path}', '{*path}', '*', '/*']);

/**
 * The route an access log line names: the template when a route matched; otherwise the path, but
 * only for an answer that succeeded (static files of the API docs page). A refused unmatched path
 * is whatever the caller typed, perhaps a sourcedId or a secret pasted in the wrong place. The
 * query string (filter values) is never part of it.
 */
export function accessLogRoute(request: RoutedRequest, status: number): string {
  const template = routeTemplate(request);
  if (template !== UNMATCHED_ROUTE || status >= 400) return template;
  return request.path;
}

/** The method as a metric label: the standard ones, anything else folded into OTHER. */
export function methodLabel(method: string): string {
  const upper = method.toUpperCase();
  return METHODS.has(upper) ? upper : 'OTHER';
}

/** Routes polled by machines every few seconds: their access lines are debug, not info. */
export function isProbeRoute(route: string): boolean {
  return route === '/metrics' || route.startsWith('/health/');
}
