import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import knex, { Knex } from 'knex';
import { classUsers, fieldIn, schoolClasses, schoolTerms, STUDENTS } from '../api/route-constraints';
import { compileMappingFile } from '../mapping/compile-mapping-file';
import { compileMappings } from '../mapping/compile-mappings';
import type { EntityMapping } from '../mapping/compiled-mapping';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import type { EntityName } from '../oneroster/entity-catalogue';
import { buildCollectionQueries, toNativeSql } from './build-collection-query';
import type { RouteConstraint } from './collection-request';
import { DIALECTS } from './dialects/dialect-registry';
import type { SqlDialect } from './dialects/sql-dialect';
import { constraintPredicate } from './route-constraint-predicate';

const FILES: Partial<Record<EntityName, string>> = {
  users: 'users.yaml',
  enrollments: 'enrollments.yaml',
  classes: 'classes.yaml',
  academicSessions: 'academic-sessions.yaml',
};

const mappings = new Map<EntityName, EntityMapping>();
function demoMapping(entity: EntityName): EntityMapping {
  if (!mappings.has(entity)) {
    const diagnostics: MappingDiagnostic[] = [];
    const file = FILES[entity]!;
    const mapping = compileMappingFile(file, readFileSync(join(__dirname, '..', '..', 'mappings', 'demo', file), 'utf8'), diagnostics);
    expect(diagnostics).toEqual([]);
    mappings.set(entity, mapping!);
  }
  return mappings.get(entity)!;
}

function build(dialect: (typeof DIALECTS)[keyof typeof DIALECTS], entity: EntityName, constraint: readonly RouteConstraint[]) {
  const db = knex({ client: dialect.knexClient, useNullAsDefault: true });
  const queries = buildCollectionQueries(db, demoMapping(entity), { entity, constraint, limit: 10, offset: 0 }, { dialect, timeZone: 'UTC' }, demoMapping);
  return { page: queries.page && toNativeSql(queries.page), count: queries.count && toNativeSql(queries.count) };
}

describe('route constraints', () => {
  it.each(Object.values(DIALECTS))('/classes/{id}/students is one statement per query that reads the student enrollments ($name)', (dialect) => {
    const { page, count } = build(dialect, 'users', classUsers('cls-001-2026-0001', 'student'));
    for (const query of [page!, count!]) {
      expect(query.sql).toContain('SECT_STU');
      // role='student' folds the teacher enrollments and every staff source away.
      expect(query.sql).not.toContain('SECT_TCH');
      expect(query.sql).not.toContain('STF_MSTR');
      expect(query.sql).toMatch(/ IN \(SELECT /);
      expect(query.bindings).toContain('cls-001-2026-0001');
      expect((query.sql.match(/;/g) ?? []).length).toBe(0);
    }
  });

  it('/schools/{id}/terms reads the class terms child table inside the same statement', () => {
    const { page } = build(DIALECTS.postgres, 'academicSessions', schoolTerms('sch-001'));
    // Only the TRM_MSTR source can be type term; its ids are compared with the classes' SECT_TRM rows.
    expect(page!.sql).toContain('"SECT_TRM"');
    expect(page!.sql).toContain('"SECT_MSTR"');
    expect(page!.sql).not.toContain('FROM "SCH_YR" AS "Y" WHERE');
  });

  it('a subtype folds sources that cannot match: /students never reads staff', () => {
    const { page } = build(DIALECTS.sqlite, 'users', STUDENTS);
    expect(page!.sql).not.toContain('STF_MSTR');
  });
});

/**
 * `/schools/{id}/terms` over classes whose terms are delimited columns (`{ split: …, separator }`):
 * the semi-join cannot select the list's elements, so it searches the lists with LIKE.
 * Fixture: test/fixtures/mappings/split-semijoin (two split separators and a one-column list).
 */
describe('semi-joins whose other side is a delimited list', () => {
  const splitMapping = compileMappings(join(__dirname, '..', '..', 'test', 'fixtures', 'mappings', 'split-semijoin'));
  const splitMappings = (entity: EntityName): EntityMapping => {
    const mapping = splitMapping.entities.get(entity);
    if (!mapping) throw new Error(`the split-semijoin fixture does not map ${entity}`);
    return mapping;
  };
  const termsSource = splitMappings('academicSessions').sources.find((source) => source.name === 'terms')!;
  const inClassTerms = (school: string): RouteConstraint[] => [fieldIn('sourcedId', 'classes', 'terms', schoolClasses(school))];

  function predicateSql(dialect: SqlDialect, constraint: readonly RouteConstraint[], source = termsSource) {
    const predicate = constraintPredicate(constraint, 'academicSessions', source, { dialect, timeZone: 'UTC' }, splitMappings);
    if (typeof predicate === 'boolean') throw new Error(`expected SQL, got ${predicate}`);
    return predicate;
  }

  it('is compiled on every dialect (a floor, so an empty dialect list cannot pass vacuously)', () => {
    expect(Object.keys(DIALECTS).sort()).toEqual(['mssql', 'mysql', 'postgres', 'sqlite']);
  });

  it('on SQLite: the IN over the single values OR one EXISTS per separator, the subject LIKE-escaped in SQL', () => {
    const predicate = predicateSql(DIALECTS.sqlite, inClassTerms('sch-1'));
    const native = knex({ client: 'better-sqlite3', useNullAsDefault: true }).raw(predicate.sql, predicate.bindings as Knex.RawBinding[]).toSQL().toNative();
    const lists = (table: string, alias: string) =>
      `EXISTS (SELECT 1 FROM (SELECT ? || \`${alias}\`.\`TRM_IDS\` || ? AS \`v\` FROM \`${table}\` AS \`${alias}\` WHERE \`${alias}\`.\`SCH_CD\` = ?) AS \`split-lists\`` +
      ` WHERE \`split-lists\`.\`v\` LIKE ? || REPLACE(REPLACE(REPLACE(\`K\`.\`TRM_ID\`, '!', '!!'), '%', '!%'), '_', '!_') || ? ESCAPE '!')`;
    expect(native.sql).toBe(
      "(`K`.`TRM_ID` IN (SELECT `v` FROM (SELECT `O`.`TRM_ID` AS `v` FROM `OLD_SECT` AS `O` WHERE `O`.`SCH_CD` = ?) AS `s`))" +
        ` OR (${lists('SECT', 'K')}) OR (${lists('BLK', 'B')})`,
    );
    expect(native.bindings).toEqual(['1', ',', ',', '1', '%,', ',%', ';', ';', '1', '%;', ';%']);
  });

  it.each(Object.values(DIALECTS))('$name: /schools/{id}/terms compiles to one statement per query, escaping what its LIKE treats specially', (dialect) => {
    const db = knex({ client: dialect.knexClient, useNullAsDefault: true });
    const queries = buildCollectionQueries(db, splitMappings('academicSessions'), { entity: 'academicSessions', constraint: schoolTerms('sch-1'), limit: 10, offset: 0 }, { dialect, timeZone: 'UTC' }, splitMappings);
    for (const query of [toNativeSql(queries.page!), toNativeSql(queries.count!)]) {
      // Two sources of terms, each with an EXISTS for ',' lists and one for ';' lists.
      expect(query.sql.match(/EXISTS \(SELECT 1 FROM \(SELECT /g)).toHaveLength(4);
      expect(query.sql.match(/ IN \(SELECT /g)).toHaveLength(2);
      expect(query.sql.match(/ LIKE /g)).toHaveLength(4);
      expect(query.sql.match(/ ESCAPE '!'/g)).toHaveLength(4);
      expect(query.sql).toContain("'!', '!!'");
      expect(query.sql).toContain("'%', '!%'");
      expect(query.sql).toContain("'_', '!_'");
      // `[` opens a character class in T-SQL's LIKE only.
      expect(query.sql.includes("'[', '!['")).toBe(dialect.name === 'mssql');
      expect(query.sql.match(/REPLACE\(/g)).toHaveLength(4 * (dialect.name === 'mssql' ? 4 : 3));
      for (const binding of ['%,', ',%', '%;', ';%', '1']) expect(query.bindings).toContain(binding);
      expect(query.sql).not.toContain(';');
    }
  });

  it('escapes a separator LIKE treats specially, in the bound pattern (the list side compares it as text)', () => {
    const sections = splitMappings('classes').sources[0];
    const percentList = { ...sections, fields: new Map(sections.fields).set('terms', { kind: 'list', list: { kind: 'split', input: { kind: 'column', alias: 'K', column: 'TRM_IDS' }, separator: '%' } }) } as typeof sections;
    const classes = { ...splitMappings('classes'), sources: [percentList] };
    const predicate = constraintPredicate(inClassTerms('sch-1'), 'academicSessions', termsSource, { dialect: DIALECTS.sqlite, timeZone: 'UTC' }, (entity) =>
      entity === 'classes' ? classes : splitMappings(entity),
    );
    if (typeof predicate === 'boolean') throw new Error(`expected SQL, got ${predicate}`);
    // The list wrapped in its separator as is; the pattern around the subject with `%` escaped.
    expect(predicate.bindings).toEqual(['%', 'K.TRM_IDS', '%', 'v', 'SECT', 'K', 'K.SCH_CD', '1', 'split-lists', 'split-lists.v', '%!%', 'K.TRM_ID', '!%%']);
  });

  it('is false without asking the database when no class source can match', () => {
    expect(constraintPredicate(inClassTerms('sch-1'), 'academicSessions', termsSource, { dialect: DIALECTS.sqlite, timeZone: 'UTC' }, (entity) =>
      entity === 'classes' ? { ...splitMappings('classes'), sources: [] } : splitMappings(entity),
    )).toBe(false);
  });

  /**
   * The statements run: SQLite in memory always; MariaDB and PostgreSQL when the e2e variables
   * name them (`eval "$(bash .ci/start-databases.sh)"`). The tables are TEMPORARY, so a shared
   * test database is left as it was.
   */
  const targets: Array<{ name: string; dialect: SqlDialect; connect?: () => Knex }> = [
    { name: 'sqlite', dialect: DIALECTS.sqlite, connect: () => knex({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true }) },
    { name: 'mariadb', dialect: DIALECTS.mysql, connect: serverConnection('mysql2', process.env.ONEROSTER_TEST_MYSQL_URL) },
    { name: 'postgres', dialect: DIALECTS.postgres, connect: serverConnection('pg', process.env.ONEROSTER_TEST_PG_URL) },
  ];

  describe.each(targets.filter((target) => target.connect))('executed on $name', ({ dialect, connect }) => {
    let db: Knex;

    beforeAll(async () => {
      db = connect!();
      const create = async (table: string, columns: Record<string, string>) => {
        const names = Object.keys(columns);
        await db.raw(`CREATE TEMPORARY TABLE ?? (${names.map((name) => `?? ${columns[name]}`).join(', ')})`, [table, ...names]);
      };
      await create('TRM', { TRM_ID: 'VARCHAR(40)' });
      await create('QTR', { QTR_NO: 'INTEGER' });
      await create('SECT', { SECT_ID: 'VARCHAR(40)', SCH_CD: 'VARCHAR(10)', TRM_IDS: 'VARCHAR(200)' });
      await create('BLK', { BLK_ID: 'VARCHAR(40)', SCH_CD: 'VARCHAR(10)', TRM_IDS: 'VARCHAR(200)' });
      await create('OLD_SECT', { SECT_ID: 'VARCHAR(40)', SCH_CD: 'VARCHAR(10)', TRM_ID: 'VARCHAR(40)' });
      const terms = ['t1', 't10', 't3', 'a_b', 'a%b', 'axb', 'azzb', 'c!d', 'e[f', 'x%y', 'xzy', 'lonely'];
      await db('TRM').insert(terms.map((id) => ({ TRM_ID: id })));
      await db('QTR').insert([{ QTR_NO: 7 }, { QTR_NO: 70 }]);
      await db('SECT').insert([
        { SECT_ID: 'k1', SCH_CD: '1', TRM_IDS: 't10,axb' },
        { SECT_ID: 'k2', SCH_CD: '1', TRM_IDS: 'azzb,c!d,e[f' },
        { SECT_ID: 'k3', SCH_CD: '1', TRM_IDS: 'q-70' },
        { SECT_ID: 'k4', SCH_CD: '1', TRM_IDS: null },
        { SECT_ID: 'k5', SCH_CD: '2', TRM_IDS: 't1,a_b,a%b,lonely' },
      ]);
      await db('BLK').insert([{ BLK_ID: 'b1', SCH_CD: '1', TRM_IDS: 'x%y;t3' }]);
      await db('OLD_SECT').insert([
        { SECT_ID: 'o1', SCH_CD: '1', TRM_ID: 'q-7' },
        { SECT_ID: 'o2', SCH_CD: '2', TRM_ID: 'xzy' },
      ]);
    });

    afterAll(async () => {
      await db?.destroy();
    });

    async function schoolTermIds(school: string): Promise<{ ids: string[]; total: number }> {
      const queries = buildCollectionQueries(db, splitMappings('academicSessions'), { entity: 'academicSessions', constraint: schoolTerms(school), limit: 100, offset: 0 }, { dialect, timeZone: 'UTC' }, splitMappings);
      const rows = (await queries.page!) as Array<{ sourcedId: unknown }>;
      const counted = await queries.count!;
      // better-sqlite3 answers rows, pg a result with rows, mysql2 [rows, fields].
      const countRows = (Array.isArray(counted) ? (Array.isArray(counted[0]) ? counted[0] : counted) : counted.rows) as Array<{ total: unknown }>;
      return { ids: rows.map((row) => String(row.sourcedId)).sort(), total: Number(countRows[0].total) };
    }

    it('finds exactly the terms listed by the school\'s classes: no prefix matches, wildcards in ids are literal', async () => {
      // t1 is a prefix of t10 and q-7 of q-70; a_b and a%b would match axb and azzb as patterns; xzy is
      // listed by another school. q-7 comes from the one-column list, the rest from the delimited ones.
      expect(await schoolTermIds('sch-1')).toEqual({ ids: ['axb', 'azzb', 'c!d', 'e[f', 'q-7', 'q-70', 't10', 't3', 'x%y'].sort(), total: 9 });
    });

    it('matches ids with wildcards, first and last elements, and nothing from other schools', async () => {
      expect(await schoolTermIds('sch-2')).toEqual({ ids: ['a%b', 'a_b', 'lonely', 't1', 'xzy'].sort(), total: 5 });
    });

    it('is empty for a school without classes', async () => {
      expect(await schoolTermIds('sch-9')).toEqual({ ids: [], total: 0 });
    });
  });
});

/** A single-connection client (TEMPORARY tables live in one session), or undefined when not configured. */
function serverConnection(client: 'mysql2' | 'pg', url: string | undefined): (() => Knex) | undefined {
  return url ? () => knex({ client, connection: url, pool: { min: 1, max: 1 } }) : undefined;
}
