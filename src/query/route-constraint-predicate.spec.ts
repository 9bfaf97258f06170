import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import knex from 'knex';
import { classUsers, schoolTerms, STUDENTS } from '../api/route-constraints';
import { compileMappingFile } from '../mapping/compile-mapping-file';
import type { EntityMapping } from '../mapping/compiled-mapping';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import type { EntityName } from '../oneroster/entity-catalogue';
import { buildCollectionQueries, toNativeSql } from './build-collection-query';
import type { RouteConstraint } from './collection-request';
import { DIALECTS } from './dialects/dialect-registry';

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
