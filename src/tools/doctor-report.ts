import pc from 'picocolors';
import type { Colors } from 'picocolors/types';
import type { MappingDiagnostic } from '../mapping/diagnostics/mapping-diagnostic';
import { renderDiagnostics } from '../mapping/diagnostics/render-diagnostics';
import type { DoctorFinding, DoctorResult } from './doctor-check';

/** Everything `npm run doctor` found; printed as tables, or as this object with `--json`. */
export interface DoctorReport {
  /** No errors: the exit code is 0. Warnings and info do not count. */
  readonly ok: boolean;
  /** The OneRoster version whose records were checked. */
  readonly version: '1.1';
  readonly source: string;
  readonly mappings: string;
  /** Present when the mappings do not compile or do not match the database: no data was read. */
  readonly mappingProblems?: readonly MappingDiagnostic[];
  /**
   * Entities whose dateLastModified the adapter's change tracking stamps (`tracking.lastModified`):
   * the server serves the stamp, always as …SSSZ; the records read here through the mapping have none.
   */
  readonly stampedLastModified?: readonly string[];
  /** Sums over every entity of the counts of its findings, by severity. */
  readonly errors: number;
  readonly warnings: number;
  readonly info: number;
  readonly entities: DoctorResult['entities'];
}

/** The summary table, then per entity with findings a table of its rules; `c` colours findings by severity and the result (plain by default). */
export function formatDoctorReport(report: DoctorReport, cwd = process.cwd(), c: Colors = pc.createColors(false)): string {
  const out: string[] = [];
  out.push(`Source    ${report.source}`);
  out.push(`Mappings  ${report.mappings}`);
  out.push(`Checked   every record as the OneRoster ${report.version} API serves it, against SDS's validation rules`);
  if (report.stampedLastModified?.length) {
    out.push(`          dateLastModified of ${report.stampedLastModified.join(', ')} is stamped by the adapter's change tracking: not checked here`);
  }
  if (report.mappingProblems) {
    out.push('');
    out.push('The mappings do not compile or do not match the database; no data was read:');
    out.push(...renderDiagnostics(report.mappingProblems, cwd).split('\n').map((line) => `  ${line}`));
  }
  if (report.entities.length) {
    out.push('');
    out.push(
      ...table(
        ['entity', 'records', 'errors', 'warnings', 'info'],
        [
          ...report.entities.map((entity) => [entity.entity, number(entity.records), number(entity.errors), number(entity.warnings), number(entity.info)]),
          ['total', number(report.entities.reduce((sum, entity) => sum + entity.records, 0)), number(report.errors), number(report.warnings), number(report.info)],
        ],
        [false, true, true, true, true],
      ),
    );
  }
  for (const entity of report.entities) {
    if (entity.findings.length === 0) continue;
    out.push('');
    out.push(`${entity.entity} (${number(entity.records)} records)`);
    const rows = entity.findings.map((finding) => [finding.severity, finding.rule, number(finding.count), examples(finding)]);
    const lines = table(['severity', 'rule', 'count', 'examples'], rows, [false, false, true, false]);
    out.push(`  ${lines[0]}`);
    entity.findings.forEach((finding, index) => {
      out.push(`  ${SEVERITY_COLOUR[finding.severity](c)(lines[index + 1])}`);
      out.push(`  ${' '.repeat(lines[0].indexOf('rule'))}${details(finding)}`);
    });
  }
  out.push('');
  const counts = [plural(report.errors, 'error'), plural(report.warnings, 'warning'), `${number(report.info)} info`].join(', ');
  const verdict = report.errors > 0 ? c.red : report.warnings > 0 ? c.yellow : c.green;
  out.push(`Result    ${verdict(`${counts} (exit ${report.ok ? 0 : 1})`)}`);
  return out.join('\n');
}

const SEVERITY_COLOUR: Record<DoctorFinding['severity'], (c: Colors) => (text: string) => string> = {
  error: (c) => c.red,
  warning: (c) => c.yellow,
  info: (c) => c.dim,
};

function examples(finding: DoctorFinding): string {
  if (finding.examples.length === 0) return '';
  return `${finding.examples.join(', ')}${finding.count > finding.examples.length ? ', …' : ''}`;
}

/** The rule's description, with the offending values or the ids that do not resolve. */
function details(finding: DoctorFinding): string {
  const extra = finding.values?.length ? ` [values: ${finding.values.join(', ')}]` : finding.missing?.length ? ` [not served: ${finding.missing.join(', ')}]` : '';
  return `${finding.message}${extra}`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, rightAligned: readonly boolean[]): string[] {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 && !rightAligned[column] ? cell : rightAligned[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

function plural(count: number, noun: string): string {
  return `${number(count)} ${noun}${count === 1 ? '' : 's'}`;
}
