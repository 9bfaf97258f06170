import { accessLogRoute, isProbeRoute, methodLabel, routeTemplate, UNMATCHED_ROUTE } from './route-label';

const request = (path: string, routePath?: string, baseUrl = '') => ({ method: 'GET', path, baseUrl, route: routePath === undefined ? undefined : { path: routePath } });

describe(routeTemplate.name, () => {
  it.each([
    [request('/ims/oneroster/v1p1/schools/sch-1/classes', '/ims/oneroster/v1p1/schools/:sourcedId/classes'), '/ims/oneroster/v1p1/schools/:sourcedId/classes'],
    [request('/ims/oneroster/v1p1/users/stu-123', '/ims/oneroster/v1p1/users/:sourcedId'), '/ims/oneroster/v1p1/users/:sourcedId'],
    [request('/users/x', '/users/:sourcedId', '/mounted'), '/mounted/users/:sourcedId'],
    [request('/ims/oneroster/v1p1/stu-123'), UNMATCHED_ROUTE],
    [request('/nothing/stu-123', '/{*path}'), UNMATCHED_ROUTE],
    [request('/nothing', '*'), UNMATCHED_ROUTE],
  ])('%j → %s', (req, expected) => {
    expect(routeTemplate(req)).toBe(expected);
  });
});

describe(accessLogRoute.name, () => {
  it('names a matched route by its template, whatever the status', () => {
    expect(accessLogRoute(request('/ims/oneroster/v1p1/users/stu-1', '/ims/oneroster/v1p1/users/:sourcedId'), 404)).toBe('/ims/oneroster/v1p1/users/:sourcedId');
  });

  it('shows an unrouted path only when it was served (the API docs page assets)', () => {
    expect(accessLogRoute(request('/docs/swagger-ui.css'), 200)).toBe('/docs/swagger-ui.css');
    expect(accessLogRoute(request('/ims/oneroster/v1p1/typed-secret-here'), 404)).toBe(UNMATCHED_ROUTE);
    expect(accessLogRoute(request('/anything', '/{*path}'), 401)).toBe(UNMATCHED_ROUTE);
  });
});

describe(methodLabel.name, () => {
  it.each([
    ['get', 'GET'],
    ['DELETE', 'DELETE'],
    ['PROPFIND', 'OTHER'],
  ])('%s → %s', (method, label) => {
    expect(methodLabel(method)).toBe(label);
  });
});

describe(isProbeRoute.name, () => {
  it('is true for health probes and scrapes only', () => {
    expect(['/health/live', '/health/ready', '/metrics'].every(isProbeRoute)).toBe(true);
    expect(['/oauth/token', '/ims/oneroster/v1p1/users', UNMATCHED_ROUTE].some(isProbeRoute)).toBe(false);
  });
});
