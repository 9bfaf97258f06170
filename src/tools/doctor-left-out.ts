import type { CompiledMapping, EntityMapping } from '../mapping/compiled-mapping';
import { NO_TRACKING } from '../mapping/compiled-mapping';
import type { EntityName } from '../oneroster/entity-catalogue';
import { buildCollectionQueries } from '../query/build-collection-query';
import type { SourceDatabase } from '../source/source-database';
import { DoctorFinding, DoctorResult, MAX_DOCTOR_EXAMPLES } from './doctor-check';

export const LEFT_OUT_RULE = 'left-out-by-mapping';

/**
 * The rows each source leaves out for a reason its mapping states (`where: [{ require, because }]`),
 * e.g. contacts without an e-mail, which SDS would reject: for each such condition, the rows that
 * meet the source's other conditions but not this one, counted in SQL with a few example ids.
 */
export async function leftOutByMapping(mapping: CompiledMapping, source: SourceDatabase): Promise<Map<EntityName, DoctorFinding[]>> {
  const findings = new Map<EntityName, DoctorFinding[]>();
  for (const entity of mapping.entities.values()) {
    for (const branch of entity.sources) {
      for (const [index, because] of (branch.whereReasons ?? []).entries()) {
        if (!because) continue;
        const probe: EntityMapping = {
          ...entity,
          tracking: NO_TRACKING,
          sources: [{ ...branch, index: 0, whereReasons: undefined, where: [...branch.where.filter((_, other) => other !== index), { kind: 'not', condition: branch.where[index] }] }],
        };
        const queries = buildCollectionQueries(source.db, probe, { entity: entity.entity, fields: ['sourcedId'], limit: MAX_DOCTOR_EXAMPLES, offset: 0 }, source.context, (name) => mapping.entities.get(name)!);
        if (!queries.page || !queries.count) continue;
        const [rows, counted] = await Promise.all([source.rows(queries.page), source.rows(queries.count)]);
        const count = Number(counted[0]?.total ?? 0);
        if (count === 0) continue;
        const finding: DoctorFinding = {
          rule: LEFT_OUT_RULE,
          severity: 'warning',
          count,
          examples: rows.map((row) => String(row.sourcedId).trimEnd()),
          message: `not served by source ${branch.name}: ${because}`,
        };
        findings.set(entity.entity, [...(findings.get(entity.entity) ?? []), finding]);
      }
    }
  }
  return findings;
}

/** The walk's result with the left-out rows added as warnings of their entity. */
export function withLeftOut(result: DoctorResult, leftOut: Map<EntityName, DoctorFinding[]>): DoctorResult {
  let added = 0;
  const entities = result.entities.map((report) => {
    const extra = leftOut.get(report.entity) ?? [];
    const warnings = extra.reduce((sum, finding) => sum + finding.count, 0);
    added += warnings;
    return extra.length ? { ...report, warnings: report.warnings + warnings, findings: [...report.findings, ...extra] } : report;
  });
  return { ...result, entities, warnings: result.warnings + added };
}
