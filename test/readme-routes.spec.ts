import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openApiPath, ROSTERING_ROUTES } from '../src/api/rostering-routes';
import { withRouteTable } from '../src/tools/route-table';
import { loadOas, OAS_V1P2_FILE } from './support/openapi-validator';
import { PROJECT_ROOT } from './support/test-server';

type Operations = Record<string, Record<string, { operationId: string }>>;

/** Gradebook and resources services are out of scope (spec §2.3). */
const OUT_OF_SCOPE = /\/(lineItems|categories|results|resources)(\/|$)/;

function getOperations(file?: string): Map<string, string> {
  const paths = loadOas(file).paths as Operations;
  return new Map(
    Object.entries(paths)
      .filter(([path, item]) => item.get && !OUT_OF_SCOPE.test(path))
      .map(([path, item]) => [path, item.get.operationId]),
  );
}

describe('the rostering route table', () => {
  const ours = new Map(ROSTERING_ROUTES.map((route) => [openApiPath(route.path), route.operationId]));

  it('is exactly the official 1.2 rostering operations: same paths, same operationIds', () => {
    expect(Object.fromEntries([...ours].sort())).toEqual(Object.fromEntries([...getOperations(OAS_V1P2_FILE)].sort()));
  });

  it('covers every rostering GET path of the official 1.1 definition', () => {
    expect([...ours.keys()].sort()).toEqual([...getOperations().keys()].sort());
  });

  it('is the one in README.md (run npm run docs:routes after changing routes)', () => {
    const readme = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
    expect(readme).toBe(withRouteTable(readme));
  });
});
