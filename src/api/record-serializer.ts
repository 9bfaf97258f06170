import type { EntityMapping } from '../mapping/compiled-mapping';
import { ENTITY_CATALOGUE, FieldSpec } from '../oneroster/entity-catalogue';
import type { PageLists } from '../query/child-list-query';
import type { OutputPlan } from '../query/output-plan';
import { SOURCE_COLUMN } from '../query/output-plan';
import { formatSourceDate, parseSourceDateTime } from '../query/source-time';

export interface SerializationContext {
  /** Absolute base of the OneRoster API, e.g. `https://host/ims/oneroster/v1p1`, for GUIDRef hrefs. */
  readonly apiBaseUrl: string;
  readonly timeZone: string;
  /** Fields to emit (undefined = all mapped fields). */
  readonly fields?: readonly string[];
}

export type OneRosterRecord = Record<string, unknown>;

/**
 * Turns one database row of a page (plus the page's loaded lists) into a OneRoster 1.1 object:
 * sourcedIds as strings, dateLastModified as `YYYY-MM-DDTHH:mm:ss.SSSZ`, dates as `YYYY-MM-DD`,
 * booleans as JSON booleans, GUIDRefs with href/sourcedId/type. Absent optional values are
 * omitted rather than null, since the OpenAPI types do not allow null.
 */
export function serializeRecord(
  row: Record<string, unknown>,
  rowIndex: number,
  plan: OutputPlan,
  lists: PageLists,
  mapping: EntityMapping,
  context: SerializationContext,
): OneRosterRecord {
  const record: OneRosterRecord = {};
  const source = mapping.sources[Number(row[SOURCE_COLUMN])];
  for (const spec of plan.fields) {
    if (context.fields && !context.fields.includes(spec.name)) continue;
    const value = fieldValue(spec, row, rowIndex, plan, lists, source, context);
    if (value !== undefined) record[spec.name] = value;
    else if (spec.required && (spec.type.kind === 'refList' || spec.type.kind === 'stringList')) record[spec.name] = [];
  }
  return record;
}

function fieldValue(
  spec: FieldSpec,
  row: Record<string, unknown>,
  rowIndex: number,
  plan: OutputPlan,
  lists: PageLists,
  source: EntityMapping['sources'][number] | undefined,
  context: SerializationContext,
): unknown {
  const raw = row[spec.name];
  switch (spec.type.kind) {
    case 'string':
    case 'enum':
      return present(raw) ? text(raw) : undefined;
    case 'datetime':
      return parseSourceDateTime(raw, context.timeZone)?.toISOString();
    case 'date':
      return formatSourceDate(raw);
    case 'boolean':
      return present(raw) ? raw === true || raw === 1 || raw === '1' || raw === 'true' || raw === 'Y' : undefined;
    case 'ref':
      return present(raw) ? guidRef(spec.type.target, text(raw), context) : undefined;
    case 'refList':
    case 'stringList': {
      const values = listValues(spec.name, row, rowIndex, plan, lists, source);
      if (values.length === 0) return undefined;
      return spec.type.kind === 'refList' ? values.map((id) => guidRef((spec.type as { target: keyof typeof ENTITY_CATALOGUE }).target, id, context)) : values;
    }
    case 'metadata':
      return metadataValue(row, plan);
    case 'identifierList': {
      const identifiers = plan.columns
        .filter((column) => column.role === 'identifier' && column.field === spec.name && present(row[column.name]))
        .map((column) => ({ type: (column as { key: string }).key, identifier: text(row[column.name]) }));
      return identifiers.length ? identifiers : undefined;
    }
  }
}

function listValues(
  field: string,
  row: Record<string, unknown>,
  rowIndex: number,
  plan: OutputPlan,
  lists: PageLists,
  source: EntityMapping['sources'][number] | undefined,
): string[] {
  const values: string[] = [];
  for (const column of plan.columns) {
    if (column.field !== field) continue;
    const raw = row[column.name];
    if (!present(raw)) continue;
    if (column.role === 'item') values.push(text(raw));
    if (column.role === 'split') {
      const mapped = source?.fields.get(field);
      const separator = mapped?.kind === 'list' && mapped.list.kind === 'split' ? mapped.list.separator : ',';
      values.push(...String(raw).split(separator).map((part) => part.trim()).filter((part) => part !== ''));
    }
  }
  values.push(...(lists.get(field)?.get(rowIndex) ?? []));
  return [...new Set(values)];
}

function metadataValue(row: Record<string, unknown>, plan: OutputPlan): Record<string, unknown> | undefined {
  const metadata: Record<string, unknown> = {};
  for (const column of plan.columns) {
    if (column.role !== 'metadata' && column.role !== 'flags') continue;
    const raw = row[column.name];
    if (!present(raw)) continue;
    // Flags arrive as 'a,b,'; SDS wants 'a,b' and no key at all when there are none.
    const value = column.role === 'flags' ? String(raw).replace(/,+$/, '') : typeof raw === 'string' ? text(raw) : raw;
    if (value !== '') metadata[column.key] = value;
  }
  return Object.keys(metadata).length ? metadata : undefined;
}

export function guidRef(target: keyof typeof ENTITY_CATALOGUE, sourcedId: string, context: SerializationContext) {
  const spec = ENTITY_CATALOGUE[target];
  return { href: `${context.apiBaseUrl}/${spec.collectionKey}/${encodeURIComponent(sourcedId)}`, sourcedId, type: spec.refType };
}

/** CHAR(n) columns come back space-padded on some servers; OneRoster values carry no trailing blanks. */
function text(value: unknown): string {
  return String(value).trimEnd();
}

function present(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '';
}
