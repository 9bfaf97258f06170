import { MANIFEST_FILES } from './csv-binding';
import { csvRecord } from './csv-format';
import type { ExportMode } from './csv-row';

export type ManifestFileMode = ExportMode | 'absent';

/** Who wrote the export: the manifest's optional source.systemName / source.systemCode. */
export interface ManifestSource {
  readonly systemName: string;
  readonly systemCode: string;
}

/**
 * manifest.csv of the OneRoster 1.1 CSV binding (propertyName,value): manifest.version 1.0,
 * oneroster.version 1.1, one `file.<name>` per data file the binding defines (bulk, delta, or
 * absent when the zip does not hold it: a file with no rows is not allowed, so it is absent too),
 * then the source system.
 */
export function manifestCsv(written: ReadonlyMap<string, ExportMode>, source: ManifestSource): string {
  const rows: Array<[string, string]> = [
    ['manifest.version', '1.0'],
    ['oneroster.version', '1.1'],
    ...MANIFEST_FILES.map((name): [string, string] => [`file.${name}`, written.get(name) ?? 'absent']),
    ['source.systemName', source.systemName],
    ['source.systemCode', source.systemCode],
  ];
  return [csvRecord(['propertyName', 'value']), ...rows.map((row) => csvRecord(row))].join('');
}
