import type { OneRosterRecord } from '../api/record-serializer';
import { fieldSpec } from '../oneroster/entity-catalogue';
import type { CsvColumn, CsvFile } from './csv-binding';

/** `bulk`: the whole roster, status and dateLastModified left blank; `delta`: what changed, both filled. */
export type ExportMode = 'bulk' | 'delta';

/** A value the CSV binding cannot hold (a sourcedId with a comma in a list would read back as two references). */
export class CsvValueError extends Error {}

/**
 * Text list items (subjects, grades, periods) that held commas, which were dropped so the item
 * reads back as one: "Physical, Health, and Safety Education" (a SCED subject name) becomes
 * "Physical Health and Safety Education". Counted per file and column for the export's summary.
 */
export class ListCommaNotes {
  readonly byColumn = new Map<string, { count: number; example: string }>();

  add(file: CsvFile, column: CsvColumn, record: OneRosterRecord): void {
    const key = `${file.name}.csv ${column.name}`;
    const seen = this.byColumn.get(key);
    if (seen) seen.count += 1;
    else this.byColumn.set(key, { count: 1, example: String(record.sourcedId) });
  }

  messages(): string[] {
    return [...this.byColumn].map(([key, { count, example }]) => `${key}: ${count} list item${count === 1 ? '' : 's'} held a comma, dropped so each reads back as one item (e.g. ${example})`);
  }
}

const DELTA_ONLY = new Set(['status', 'dateLastModified']);

/**
 * One record as the file's column values (unquoted), from the record as the REST API serializes
 * it: GUIDRefs become their sourcedId, lists are comma-joined into one field, booleans are
 * `true`/`false`, dates and dateLastModified keep the API's `YYYY-MM-DD` and `…T…SSSZ` forms.
 */
export function csvRowValues(file: CsvFile, record: OneRosterRecord, mode: ExportMode, notes = new ListCommaNotes()): string[] {
  return file.columns.map((column) => {
    if (DELTA_ONLY.has(column.name) && mode === 'bulk') return '';
    return column.field === undefined ? '' : columnValue(file, column, record, notes);
  });
}

function columnValue(file: CsvFile, column: CsvColumn, record: OneRosterRecord, notes: ListCommaNotes): string {
  const value = record[column.field!];
  if (value === undefined || value === null) return '';
  const type = fieldSpec(file.entity, column.field!)?.type;
  switch (type?.kind) {
    case 'boolean':
      // The 1.1 API shows booleans as the strings 'true'/'false'; either form is written as that text.
      return String(value);
    case 'ref':
      return refId(value);
    case 'refList':
      return idList(file, column, record, (value as unknown[]).map(refId));
    case 'stringList':
      return textList(file, column, record, (value as unknown[]).map(String), notes);
    case 'identifierList':
      // The binding writes each userId as {type:identifier}, the list comma-joined.
      return idList(file, column, record, (value as Array<{ type: string; identifier: string }>).map((id) => `{${id.type}:${id.identifier}}`));
    default:
      return String(value);
  }
}

function refId(value: unknown): string {
  return String((value as { sourcedId: unknown }).sourcedId);
}

/** Identifiers cannot be changed without breaking the references to them, so a comma in one stops the export. */
function idList(file: CsvFile, column: CsvColumn, record: OneRosterRecord, items: string[]): string {
  const bad = items.find((item) => item.includes(','));
  if (bad !== undefined) {
    throw new CsvValueError(
      `${file.name}.csv: ${column.name} of ${String(record.sourcedId)} holds '${bad.slice(0, 60)}', whose comma the CSV binding's comma-separated lists cannot hold; change the mapping so the value has none`,
    );
  }
  return items.join(',');
}

function textList(file: CsvFile, column: CsvColumn, record: OneRosterRecord, items: string[], notes: ListCommaNotes): string {
  if (!items.some((item) => item.includes(','))) return items.join(',');
  notes.add(file, column, record);
  return items.map((item) => item.replace(/\s*,\s*/g, ' ').trim()).join(',');
}
