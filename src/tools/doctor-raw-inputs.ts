import type { OneRosterRecord } from '../api/record-serializer';
import type { CompiledMapping, EntityMapping, FieldMapping, MetadataValue, SourceMapping } from '../mapping/compiled-mapping';

/**
 * An `e164` expression leaves a number it cannot normalise out of the record, so the served
 * record is valid and the SIS's bad number is invisible in it. For the doctor to list those
 * numbers, its copy of the mapping also selects each `e164` field's input, as a metadata entry
 * under a key no mapping can write; the doctor takes the entries out again before it looks at
 * the record, so everything else it checks is exactly what the API serves.
 */
const RAW_KEY_PREFIX = '\u0000doctor-raw:';

/** The mapping with the input of every top-level `e164` field also selected (into metadata). */
export function withRawE164Inputs(mapping: CompiledMapping): CompiledMapping {
  const entities = new Map([...mapping.entities].map(([name, entity]) => [name, withRawInputs(entity)] as const));
  return { ...mapping, entities };
}

function withRawInputs(entity: EntityMapping): EntityMapping {
  return { ...entity, sources: entity.sources.map(withRawSourceInputs) };
}

function withRawSourceInputs(source: SourceMapping): SourceMapping {
  const raw: Array<[string, MetadataValue]> = [];
  for (const [field, mapped] of source.fields) {
    if (mapped.kind === 'scalar' && mapped.expr.kind === 'e164') raw.push([`${RAW_KEY_PREFIX}${field}`, { kind: 'scalar', expr: mapped.expr.input }]);
  }
  if (raw.length === 0) return source;
  const metadata = source.fields.get('metadata');
  const entries = new Map(metadata?.kind === 'metadata' ? metadata.entries : []);
  for (const [key, value] of raw) entries.set(key, value);
  const fields = new Map<string, FieldMapping>(source.fields);
  fields.set('metadata', { kind: 'metadata', entries });
  return { ...source, fields };
}

/**
 * Takes the raw inputs out of a record read through withRawE164Inputs (leaving the record as
 * the API serves it) and returns the fields whose input the SIS has but which the record lacks.
 */
export function takeRawE164Inputs(record: OneRosterRecord): string[] {
  const metadata = record.metadata as Record<string, unknown> | undefined;
  if (!metadata) return [];
  const leftOut: string[] = [];
  for (const key of Object.keys(metadata)) {
    if (!key.startsWith(RAW_KEY_PREFIX)) continue;
    const field = key.slice(RAW_KEY_PREFIX.length);
    const raw = metadata[key];
    delete metadata[key];
    if (raw !== undefined && raw !== null && String(raw).trim() !== '' && record[field] === undefined) leftOut.push(field);
  }
  if (Object.keys(metadata).length === 0) delete record.metadata;
  return leftOut;
}
