import type { Knex } from 'knex';
import { parseFilter } from '../filter';
import { compileMappingFile } from '../mapping/compile-mapping-file';
import type { EntityMapping } from '../mapping/compiled-mapping';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import { OneRosterRequestError } from '../errors/oneroster-request-error';
import { buildCollectionQueries, toNativeSql } from './build-collection-query';
import { childListQuery } from './child-list-query';
import type { CollectionRequest } from './collection-request';
import { DIALECTS } from './dialects/dialect-registry';
import { connectionless } from './testing/connectionless-knex';
import type { SqlDialect } from './dialects/sql-dialect';

const USERS = `
version: 1
entity: users
sources:
  - name: students
    table: STU_MSTR
    alias: S
    where:
      - { column: S.ENR_STAT, in: [A, W] }
    fields:
      sourcedId: { template: "stu-{S.STU_ID}" }
      status: { case: [{ when: { column: S.DEL_FLG, eq: Y }, then: tobedeleted }], else: active }
      dateLastModified: { latest: [S.LST_UPD_DT, S.CRT_DT], default: '2020-01-01T00:00:00Z' }
      username: S.LOGIN_ID
      enabledUser: { is: { column: S.ENR_STAT, eq: A } }
      givenName: S.FRST_NM
      familyName: S.LST_NM
      role: student
      orgs: [{ template: "sch-{S.SCH_CD}" }]
      agents: { table: STU_CNTCT, alias: L, on: { L.STU_ID: S.STU_ID }, value: { template: "con-{L.CNTCT_ID}" } }
  - name: staff
    table: STF_MSTR
    alias: T
    where:
      - exists: { table: STF_SCH, alias: X, on: { X.STF_ID: T.STF_ID }, where: [{ column: X.ACTV, eq: Y }] }
    fields:
      sourcedId: { template: "stf-{T.STF_ID}" }
      dateLastModified: T.LST_UPD_DT
      username: T.LOGIN_ID
      enabledUser: true
      givenName: T.FRST_NM
      familyName: T.LST_NM
      role: { map: T.STF_TYP, values: { T: teacher, A: administrator, I: aide } }
      orgs: { table: STF_SCH, alias: SS, on: { SS.STF_ID: T.STF_ID, SS.DIST: T.DIST }, value: { template: "sch-{SS.SCH_CD}" } }
`;

function compileUsers(): EntityMapping {
  const diagnostics: MappingDiagnostic[] = [];
  const mapping = compileMappingFile('users.yaml', USERS, diagnostics);
  expect(diagnostics).toEqual([]);
  return mapping!;
}


function build(dialect: SqlDialect, request: Omit<Partial<CollectionRequest>, 'filter'> & { filter?: string }) {
  const { filter, ...rest } = request;
  const full: CollectionRequest = { entity: 'users', limit: 100, offset: 0, ...rest, filter: filter ? parseFilter(filter) : undefined };
  const queries = buildCollectionQueries(connectionless(dialect), compileUsers(), full, { dialect, timeZone: 'UTC' });
  return {
    queries,
    page: queries.page ? toNativeSql(queries.page) : undefined,
    count: queries.count ? toNativeSql(queries.count) : undefined,
  };
}

const dialects = Object.values(DIALECTS);

describe(buildCollectionQueries.name, () => {
  it('is exercised on every dialect (a floor, so an empty dialect list cannot pass vacuously)', () => {
    expect(dialects.map((dialect) => dialect.name).sort()).toEqual(['mssql', 'mysql', 'postgres', 'sqlite']);
  });

  describe.each(dialects)('$name', (dialect) => {
    it('orders every page by sourcedId last, so pages are stable and SQL Server OFFSET has its ORDER BY', () => {
      const { page } = build(dialect, { sort: { field: 'familyName', direction: 'desc' }, offset: 200, limit: 50 });
      expect(page!.sql).toMatch(/order by .*familyName.* desc, .*sourcedId.* asc/i);
      if (dialect.name === 'mssql') expect(page!.sql).toMatch(/order by .* offset @p\d+ rows fetch next @p\d+ rows only$/);
      else expect(page!.sql).toMatch(/limit (\?|\$\d+) offset (\?|\$\d+)$/);
      expect(page!.bindings.slice(-2).sort()).toEqual([200, 50].sort());
    });

    it('ignores a sort on a field no source maps (no union column to order by), keeping the sourcedId order', () => {
      const { page } = build(dialect, { sort: { field: 'pronouns', direction: 'desc' } });
      expect(page!.sql).not.toMatch(/pronouns/);
      expect(page!.sql).toMatch(/order by .{1,3}e.{1,3}\..{1,3}sourcedId.{1,3} asc/i);
    });

    it('keeps the mapping conditions and the client filter in separate groups', () => {
      const { page } = build(dialect, { filter: "givenName='a' OR givenName='b'" });
      expect(page!.sql).toMatch(/WHERE \(.*ENR_STAT.* IN \(.*\)\) AND \(\(.*FRST_NM.*\) OR \(.*FRST_NM.*\)\)/);
    });

    it('pushes a value-mapped enum filter down as the legacy codes (role=aide → STF_TYP IN (I))', () => {
      const { page, count } = build(dialect, { filter: "role='aide'" });
      expect(page!.sql).not.toMatch(/STU_MSTR/);
      expect(page!.sql).toMatch(/STF_TYP.{1,3} IN \(/);
      expect(page!.bindings).toContain('I');
      expect(count!.sql).toMatch(/STF_TYP.{1,3} IN \(/);
    });

    it('folds a filter on a constant: role=student drops the staff source, role=pupil asks nothing', () => {
      expect(build(dialect, { filter: "role='student'" }).page!.sql).not.toMatch(/STF_MSTR/);
      const none = build(dialect, { filter: "role='pupil'" });
      expect(none.page).toBeUndefined();
      expect(none.count).toBeUndefined();
    });

    it('inverts an id template: sourcedId=stu-0000123 becomes a key lookup', () => {
      const { page } = build(dialect, { filter: "sourcedId='stu-0000123'" });
      expect(page!.sql).toMatch(/STU_ID.{1,3} = (\?|\$\d+|@p\d+)/);
      expect(page!.bindings).toContain('0000123');
      expect(page!.sql).not.toMatch(/STF_MSTR/);
    });

    it('splits a delta on the latest of several columns into comparisons an index can serve', () => {
      const { page } = build(dialect, { filter: "dateLastModified>'2025-01-31T10:00:00.000Z'" });
      expect(page!.sql).toMatch(/LST_UPD_DT.{1,3} > (\?|\$\d+|@p\d+)\) OR \(.*CRT_DT.{1,3} > /);
      expect(page!.bindings).toContain('2025-01-31 10:00:00');
    });

    it('escapes LIKE wildcards in ~ so they match literally', () => {
      const { page } = build(dialect, { filter: "givenName~'50%_[x]!'" });
      const pattern = page!.bindings.find((binding) => typeof binding === 'string' && binding.startsWith('%'));
      const expected = dialect.name === 'mssql' ? '%50!%!_![x]!!%' : '%50!%!_[x]!!%';
      expect(pattern).toBe(dialect.lowerCasesPattern ? expected.toLowerCase() : expected);
      expect(page!.sql).toContain("ESCAPE '!'");
    });

    it('sends client values only as bindings, never as SQL text', () => {
      const hostile = "x'; DROP TABLE STU_MSTR; --";
      const { page, count } = build(dialect, { filter: `givenName='${hostile.replace(/'/g, "''")}'` });
      expect(page!.sql).not.toContain('DROP');
      expect(count!.sql).not.toContain('DROP');
      expect(page!.bindings).toContain(hostile);
    });

    it('renders an exists condition of the mapping as a correlated EXISTS in the source WHERE', () => {
      const { page } = build(dialect, { filter: "role='teacher'" });
      expect(page!.sql).toMatch(/WHERE \(EXISTS \(SELECT 1 FROM .STF_SCH. AS .X. WHERE \(.X.\..STF_ID. = .T.\..STF_ID.\) AND \(.X.\..ACTV. = /);
    });

    it('filters a child-table list with a correlated EXISTS', () => {
      const { page } = build(dialect, { filter: "agents.sourcedId='con-42'" });
      expect(page!.sql).toMatch(/EXISTS \(SELECT 1 FROM .*STU_CNTCT.* WHERE .*STU_ID.* = .*STU_ID.*CNTCT_ID.{1,3} = /);
      expect(page!.bindings).toContain('42');
    });

    it('selects only the requested fields plus what paging needs', () => {
      const { page } = build(dialect, { fields: ['givenName'] });
      expect(page!.sql).toMatch(/FRST_NM/);
      expect(page!.sql).not.toMatch(/LST_NM|STU_CNTCT/);
    });

    it('batches a child list for a page in one IN query, composite keys as OR of ANDs', () => {
      const mapping = compileUsers();
      const agents = mapping.sources[0].fields.get('agents');
      const orgs = mapping.sources[1].fields.get('orgs');
      if (agents?.kind !== 'list' || agents.list.kind !== 'child' || orgs?.kind !== 'list' || orgs.list.kind !== 'child') throw new Error('fixture changed');
      const single = toNativeSql(childListQuery(connectionless(dialect), agents.list, [['1'], ['2'], ['3']], { dialect, timeZone: 'UTC' }));
      expect(single.sql).toMatch(/STU_ID.{1,3} IN \((\?|\$\d+|@p\d+), (\?|\$\d+|@p\d+), (\?|\$\d+|@p\d+)\)/);
      const composite = toNativeSql(childListQuery(connectionless(dialect), orgs.list, [[1, 'a'], [2, 'b']], { dialect, timeZone: 'UTC' }));
      expect(composite.sql).toMatch(/\(\(.*STF_ID.* = .* AND .*DIST.* = .*\) OR \(.*STF_ID.* = .* AND .*DIST.* = .*\)\)/);
    });
  });

  it('refuses an unknown filter field with invalid_filter_field, before any SQL is built', () => {
    expect(() => build(DIALECTS.sqlite, { filter: "famlyName='x'" })).toThrow(OneRosterRequestError);
    try {
      build(DIALECTS.sqlite, { filter: "givenName='x' AND famlyName='x'" });
    } catch (error) {
      expect((error as OneRosterRequestError).codeMinor).toBe('invalid_filter_field');
      expect((error as OneRosterRequestError).message).toContain('column 19');
    }
  });

  it('binds timestamps as wall-clock time of the source time zone', () => {
    const queries = buildCollectionQueries(
      connectionless(DIALECTS.mysql),
      compileUsers(),
      { entity: 'users', limit: 10, offset: 0, filter: parseFilter("dateLastModified>'2025-07-01T12:00:00.000Z'") },
      { dialect: DIALECTS.mysql, timeZone: 'America/Chicago' },
    );
    expect(toNativeSql(queries.page!).bindings).toContain('2025-07-01 07:00:00');
  });
});
