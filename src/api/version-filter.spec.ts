import { parseFilter } from '../filter';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { V1P1, V1P2 } from '../oneroster/versions';
import { filterForVersion } from './version-filter';

/** The rewritten filter as text, to compare shapes without positions. */
function render(version: typeof V1P1, text: string, entity: 'users' | 'classes' = 'users'): string {
  const walk = (node: ReturnType<typeof parseFilter>): string =>
    node.kind === 'logical' ? `(${node.operands.map(walk).join(` ${node.operator} `)})` : `${node.path.join('.')}${node.operator}${node.value}`;
  return walk(filterForVersion(version, entity, parseFilter(text)));
}

function codeOf(attempt: () => unknown): string | undefined {
  try {
    attempt();
  } catch (error) {
    return error instanceof OneRosterRequestError ? error.codeMinor : 'other';
  }
  return undefined;
}

describe(filterForVersion.name, () => {
  it('maps 1.2 role paths onto the mapped role and orgs', () => {
    expect(render(V1P2, "roles.role='teacher'")).toBe('role=teacher');
    expect(render(V1P2, "roles.org.sourcedId='sch-1'")).toBe('orgs.sourcedId=sch-1');
    expect(render(V1P2, "roles.org='sch-1' AND givenName~'an'")).toBe('(orgs=sch-1 AND givenName~an)');
  });

  it('expands a served value into every mapped value behind it (OR for =, AND for !=)', () => {
    expect(render(V1P1, "role='administrator'")).toBe(
      '(role=administrator OR role=counselor OR role=districtAdministrator OR role=principal OR role=siteAdministrator OR role=systemAdministrator)',
    );
    expect(render(V1P2, "roles.role!='systemAdministrator'")).toBe('(role!=systemAdministrator AND role!=administrator)');
  });

  it('keeps an OR in the client filter an OR over the rewritten operands', () => {
    expect(render(V1P2, "roles.role='student' OR primaryOrg.sourcedId='sch-2'")).toBe('(role=student OR primaryOrg.sourcedId=sch-2)');
  });

  it.each([
    [V1P2, "role='student'"],
    [V1P2, "orgs.sourcedId='sch-1'"],
    [V1P2, "roles.roleType='primary'"],
    [V1P2, "roles='x'"],
    [V1P1, "roles.role='student'"],
    [V1P1, "preferredFirstName='Al'"],
  ])('%s: %s names a field the version does not serve → invalid_filter_field', (version, text) => {
    expect(codeOf(() => filterForVersion(version, 'users', parseFilter(text)))).toBe('invalid_filter_field');
  });

  it("refuses a value the version's vocabulary does not have", () => {
    expect(codeOf(() => filterForVersion(V1P2, 'users', parseFilter("roles.role='administrator'")))).toBe('invaliddata');
  });

  it('leaves fields outside users as they are', () => {
    expect(render(V1P2, "terms.sourcedId='t1' AND classType='homeroom'", 'classes')).toBe('(terms.sourcedId=t1 AND classType=homeroom)');
  });
});
