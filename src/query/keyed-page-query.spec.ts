import type { Knex } from 'knex';
import { parseFilter } from '../filter';
import { compileMappingFile } from '../mapping/compile-mapping-file';
import type { EntityMapping } from '../mapping/compiled-mapping';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import { toNativeSql } from './build-collection-query';
import type { CollectionRequest } from './collection-request';
import { DIALECTS } from './dialects/dialect-registry';
import { connectionless } from './testing/connectionless-knex';
import type { SqlDialect } from './dialects/sql-dialect';
import { buildKeyedPageQueries } from './keyed-page-query';
import { sourcePagingKey } from './paging-key';

const ENROLLMENTS = `
version: 1
entity: enrollments
sources:
  - name: students
    table: SECT_STU
    alias: R
    joins:
      - { table: STU_MSTR, alias: S, on: { S.STU_ID: R.STU_ID } }
    where:
      - { column: S.ENR_STAT, in: [A, W] }
    fields:
      sourcedId: { template: "enr-{R.SCH_CD}-{R.SECT_NO}-s{R.STU_ID}" }
      dateLastModified: R.LST_UPD_DT
      user: { template: "stu-{R.STU_ID}" }
      class: { template: "cls-{R.SCH_CD}-{R.SECT_NO}" }
      school: { template: "sch-{R.SCH_CD}" }
      role: student
  - name: teachers
    table: SECT_TCH
    alias: A
    fields:
      sourcedId: { template: "enr-{A.SCH_CD}-{A.SECT_NO}-t{A.STF_ID}" }
      dateLastModified: A.LST_UPD_DT
      user: { template: "stf-{A.STF_ID}" }
      class: { template: "cls-{A.SCH_CD}-{A.SECT_NO}" }
      school: { template: "sch-{A.SCH_CD}" }
      role: teacher
`;

function compile(text: string): EntityMapping {
  const diagnostics: MappingDiagnostic[] = [];
  const mapping = compileMappingFile('enrollments.yaml', text, diagnostics);
  expect(diagnostics).toEqual([]);
  return mapping!;
}


function keyed(dialect: SqlDialect, request: Partial<CollectionRequest> = {}, text = ENROLLMENTS) {
  const full: CollectionRequest = { entity: 'enrollments', limit: 100, offset: 0, ...request };
  return buildKeyedPageQueries(connectionless(dialect), compile(text), full, { dialect, timeZone: 'UTC' });
}

const dialects = Object.values(DIALECTS);

describe(sourcePagingKey.name, () => {
  it('is the columns the sourcedId template reads, in template order', () => {
    const [students, teachers] = compile(ENROLLMENTS).sources;
    expect(sourcePagingKey(students)?.map((column) => `${column.alias}.${column.column}`)).toEqual(['R.SCH_CD', 'R.SECT_NO', 'R.STU_ID']);
    expect(sourcePagingKey(teachers)?.map((column) => `${column.alias}.${column.column}`)).toEqual(['A.SCH_CD', 'A.SECT_NO', 'A.STF_ID']);
  });

  it('is undefined for a sourcedId no column order can stand for (a case over conditions)', () => {
    const text = ENROLLMENTS.replace('sourcedId: { template: "enr-{A.SCH_CD}-{A.SECT_NO}-t{A.STF_ID}" }', 'sourcedId: { case: [{ when: { column: A.PRIM, eq: Y }, then: A.STF_ID }], else: A.SECT_NO }');
    expect(sourcePagingKey(compile(text).sources[1])).toBeUndefined();
    // …and then the whole entity is paged over the UNION, as before.
    expect(keyed(DIALECTS.sqlite, {}, text)).toBeUndefined();
  });
});

describe(buildKeyedPageQueries.name, () => {
  it('is exercised on every dialect', () => {
    expect(dialects.map((dialect) => dialect.name).sort()).toEqual(['mssql', 'mysql', 'postgres', 'sqlite']);
  });

  it('serves only the default order: an explicit sort goes over the UNION', () => {
    expect(keyed(DIALECTS.sqlite, { sort: { field: 'sourcedId', direction: 'asc' } })).toBeUndefined();
  });

  describe.each(dialects)('$name', (dialect) => {
    const native = (query: Knex.Raw) => toNativeSql(query);

    it('orders a source by its key columns, with the dialect’s LIMIT/OFFSET, and no UNION', () => {
      const queries = keyed(dialect)!;
      expect(queries.sources.map((source) => source.index)).toEqual([0, 1]);
      const { sql, bindings } = native(queries.sources[0].page({ offset: 40 }, 20));
      expect(sql).not.toMatch(/UNION/i);
      const quote = (name: string) => (['mysql', 'sqlite'].includes(dialect.name) ? `\`${name}\`` : dialect.name === 'mssql' ? `[${name}]` : `"${name}"`);
      expect(sql).toContain(`ORDER BY ${quote('R')}.${quote('SCH_CD')}, ${quote('R')}.${quote('SECT_NO')}, ${quote('R')}.${quote('STU_ID')}`);
      if (dialect.name === 'mssql') {
        expect(sql).toMatch(/OFFSET @p\d+ ROWS FETCH NEXT @p\d+ ROWS ONLY$/);
        expect(bindings.slice(-2)).toEqual([40, 20]);
      } else {
        expect(sql).toMatch(/LIMIT (\?|\$\d+) OFFSET (\?|\$\d+)$/);
        expect(bindings.slice(-2)).toEqual([20, 40]);
      }
    });

    it('continues after a key with a seekable comparison, every value a binding', () => {
      const { sql, bindings } = native(keyed(dialect)!.sources[0].page({ after: ['002', 17, '0001234'], offset: 999 }, 20));
      const column = (name: string) => (['mysql', 'sqlite'].includes(dialect.name) ? `\`R\`.\`${name}\`` : dialect.name === 'mssql' ? `[R].[${name}]` : `"R"."${name}"`);
      const p = dialect.name === 'mssql' ? '@p\\d+' : dialect.name === 'postgres' ? '\\$\\d+' : '\\?';
      const [a, b, c] = ['SCH_CD', 'SECT_NO', 'STU_ID'].map((name) => column(name).replace(/[[\]$.*`"]/g, '\\$&'));
      if (dialect.seeksRowValues) {
        // PostgreSQL and SQLite seek an index with a row value; as ORs SQLite would scan from the first column's value.
        expect(sql).toMatch(new RegExp(`\\(${a}, ${b}, ${c}\\) > \\(${p}, ${p}, ${p}\\)`));
      } else {
        expect(sql).toMatch(new RegExp(`${a} >= ${p} AND \\(${a} > ${p} OR \\(${a} = ${p} AND \\(${b} > ${p} OR \\(${b} = ${p} AND \\(${c} > ${p}\\)\\)\\)\\)\\)`));
      }
      expect(bindings).toEqual(expect.arrayContaining(['002', 17, '0001234']));
      // A continued page never skips rows: its offset is 0, whatever the client's offset.
      expect(bindings.slice(-2)).toEqual(dialect.name === 'mssql' ? [0, 20] : [20, 0]);
    });

    it('counts per source with the same predicate as the page', () => {
      const queries = keyed(dialect, { filter: parseFilter("role='teacher'") })!;
      // The filter rules out the students' source at compile time: only the teachers' is read and counted.
      expect(queries.sources.map((source) => source.index)).toEqual([1]);
      const { sql } = toNativeSql(queries.counts!);
      expect(sql).toMatch(/^SELECT 1 AS .__source.?, COUNT\(\*\) AS .total.? FROM/);
      expect(sql).not.toMatch(/UNION/);
    });
  });

  it('seeks row values on PostgreSQL and SQLite only', () => {
    expect(dialects.filter((dialect) => dialect.seeksRowValues).map((dialect) => dialect.name).sort()).toEqual(['postgres', 'sqlite']);
  });

  it('on MariaDB/MySQL keeps the base table first and join buffering off for that statement only', () => {
    const { sql } = toNativeSql(keyed(DIALECTS.mysql)!.sources[0].page({ offset: 0 }, 10));
    expect(sql.startsWith('/*M! SET STATEMENT join_cache_level=0 FOR */ SELECT /*+ NO_BNL() */ STRAIGHT_JOIN ')).toBe(true);
  });
});
