/**
 * RFC 8288 `Link` header for a page: first, prev, next, last, each keeping every other query
 * parameter (filter, sort, fields…) so a consumer that follows links keeps its query.
 */
export function linkHeader(pageUrl: URL, offset: number, limit: number, total: number): string {
  const links: Array<[string, number]> = [['first', 0]];
  if (offset > 0) links.push(['prev', Math.max(0, offset - limit)]);
  if (offset + limit < total) links.push(['next', offset + limit]);
  // The last page keeps the client's offset grid (offset + k·limit).
  links.push(['last', offset + Math.floor(Math.max(total - offset - 1, 0) / limit) * limit]);
  return links
    .map(([rel, at]) => {
      const url = new URL(pageUrl.toString());
      url.searchParams.set('limit', String(limit));
      url.searchParams.set('offset', String(at));
      return `<${url.toString()}>; rel="${rel}"`;
    })
    .join(', ');
}
