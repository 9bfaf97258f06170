import { linkHeader } from './link-header';

const rels = (header: string) =>
  Object.fromEntries(header.split(', ').map((part) => {
    const [, url, rel] = /^<(.+)>; rel="(\w+)"$/.exec(part)!;
    return [rel, new URL(url).searchParams.get('offset')];
  }));

describe(linkHeader.name, () => {
  const page = new URL('https://sis.example/ims/oneroster/v1p1/students?filter=status%3D%27active%27&limit=10&offset=20');

  it('gives first, prev, next and last on the client offset grid (the spec example: 503 students)', () => {
    expect(rels(linkHeader(page, 20, 10, 503))).toEqual({ first: '0', prev: '10', next: '30', last: '500' });
  });

  it('leaves out prev on the first page and next on the last', () => {
    expect(rels(linkHeader(page, 0, 10, 25))).toEqual({ first: '0', next: '10', last: '20' });
    expect(rels(linkHeader(page, 20, 10, 25))).toEqual({ first: '0', prev: '10', last: '20' });
  });

  it('keeps the other query parameters', () => {
    expect(linkHeader(page, 0, 10, 25)).toContain("filter=status%3D%27active%27");
  });

  it('still links first and last for an empty collection', () => {
    expect(rels(linkHeader(page, 0, 10, 0))).toEqual({ first: '0', last: '0' });
  });
});
