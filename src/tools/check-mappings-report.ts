import pc from 'picocolors';
import type { Colors } from 'picocolors/types';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from '../mapping/diagnostics/render-diagnostics';
import type { DataCheckResult, DataFinding } from './roster-data-check';

/** Everything `npm run mappings:check` found; printed as text, or as this object with `--json`. */
export interface MappingsCheckReport {
  /** No errors: the exit code is 0. Warnings do not count. */
  readonly ok: boolean;
  readonly source: string;
  readonly mappings: string;
  /** Entities the mapping folder serves (empty when it does not compile). */
  readonly entities: readonly string[];
  readonly schema: {
    /** Whether the mapping compiled and every table and column it names exists. */
    readonly ok: boolean;
    /** Tables the mapping reads (0 when it did not compile). */
    readonly tables: number;
    readonly description?: string;
    /** Compile problems, or the tables and columns the database lacks. */
    readonly diagnostics: readonly MappingDiagnostic[];
  };
  /** Absent when the schema check failed: the data cannot be read through a broken mapping. */
  readonly data?: DataCheckResult;
  readonly errors: number;
  readonly warnings: number;
}

/** The human-readable report, grouped by entity; `c` colours problems and the result (plain by default). */
export function formatReport(report: MappingsCheckReport, cwd = process.cwd(), c: Colors = pc.createColors(false)): string {
  const out: string[] = [];
  out.push(`Source    ${report.source}`);
  out.push(`Mappings  ${report.mappings}${report.entities.length ? ` (${report.entities.join(', ')})` : ''}`);
  out.push('');
  if (!report.schema.ok) {
    out.push(`Schema    ${c.red('the mappings do not match the database; data not checked')}`);
    out.push(...renderDiagnostics(report.schema.diagnostics, cwd).split('\n').map((line) => `  ${line}`));
  } else {
    out.push(`Schema    ok: the ${report.schema.tables} tables the mappings read and every column they name exist${report.schema.description ? ` in ${report.schema.description}` : ''}`);
  }
  if (report.data) {
    out.push('');
    out.push('Data      every record read through the mappings, as the API serves it');
    const width = Math.max(...report.data.entities.map((entity) => entity.entity.length));
    const countWidth = Math.max(...report.data.entities.map((entity) => entity.records.toLocaleString('en-US').length));
    for (const entity of report.data.entities) {
      const errors = entity.findings.filter((finding) => finding.severity === 'error').length;
      const warnings = entity.findings.length - errors;
      const summary = entity.findings.length === 0 ? 'ok' : [count(errors, 'error'), count(warnings, 'warning')].filter(Boolean).join(', ');
      out.push(`  ${entity.entity.padEnd(width)}  ${entity.records.toLocaleString('en-US').padStart(countWidth)} records  ${summary}`);
      for (const finding of entity.findings) out.push(...formatFinding(finding, c));
    }
  }
  out.push('');
  const verdict = report.errors > 0 ? c.red : report.warnings > 0 ? c.yellow : c.green;
  const counts = report.errors === 0 && report.warnings === 0 ? 'no problems' : [count(report.errors, 'error'), count(report.warnings, 'warning')].filter(Boolean).join(', ');
  out.push(`Result    ${verdict(`${counts} (exit ${report.ok ? 0 : 1})`)}`);
  return out.join('\n');
}

function formatFinding(finding: DataFinding, c: Colors): string[] {
  const severity = finding.severity === 'error' ? c.red : c.yellow;
  const lines = [`    ${severity(finding.severity.padEnd(7))}  ${finding.code}  ${finding.message}`];
  const more = (shown: number, total: number) => (total > shown ? ', …' : '');
  if (finding.examples.length) lines.push(`             e.g. ${finding.examples.join(', ')}${more(finding.examples.length, finding.count)}`);
  if (finding.missing?.length) lines.push(`             not served: ${finding.missing.join(', ')}${more(finding.missing.length, finding.references ?? 0)}`);
  return lines;
}

function count(n: number, noun: string): string {
  return n === 0 ? '' : `${n} ${noun}${n === 1 ? '' : 's'}`;
}
