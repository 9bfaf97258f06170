import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { MappingDiagnostic } from './mapping-diagnostic';

/**
 * Renders diagnostics grouped by file, each with a one-line code frame and a caret, the way
 * compilers do: `users.yaml:12:7  MAPPING_UNKNOWN_ALIAS  unknown alias "SS" …`.
 */
export function renderDiagnostics(diagnostics: readonly MappingDiagnostic[], cwd = process.cwd()): string {
  const byFile = new Map<string, MappingDiagnostic[]>();
  for (const diagnostic of diagnostics) {
    const list = byFile.get(diagnostic.file) ?? [];
    list.push(diagnostic);
    byFile.set(diagnostic.file, list);
  }
  const out: string[] = [];
  for (const [file, list] of byFile) {
    const lines = readLines(file);
    const shown = relative(cwd, file) || file;
    out.push(`${shown}: ${list.length} problem${list.length === 1 ? '' : 's'}`);
    for (const d of [...list].sort((a, b) => a.line - b.line || a.column - b.column)) {
      out.push(`  ${shown}:${d.line}:${d.column}  ${d.code}  ${d.message}`);
      const source = lines[d.line - 1];
      if (source !== undefined) {
        out.push(`    ${String(d.line).padStart(4)} | ${source}`);
        out.push(`         | ${' '.repeat(Math.max(0, d.column - 1))}^`);
      }
    }
  }
  out.push(`${diagnostics.length} problem${diagnostics.length === 1 ? '' : 's'} in the mapping files`);
  return out.join('\n');
}

function readLines(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').split(/\r?\n/);
  } catch {
    return [];
  }
}
