import { Document, isMap, isScalar, isSeq, Pair, Scalar, visit, YAMLMap } from 'yaml';
import type { DraftFile, DraftSource, YamlValue } from './draft-model';

/** The first line of every drafted file: what `mappings init --force` may overwrite. */
export const DRAFT_MARKER = 'Drafted by `oneroster-adapter mappings init`';
/** Nested values shorter than this print on one line, as the demo's mappings do. */
const FLOW_WIDTH = 100;

/**
 * A drafted mapping file as YAML: the schema header for editors, what was drafted from where,
 * then the mapping with `# GUESS: … — confirm` above every guessed value and, at the end of
 * each source and of the file, what could not be mapped.
 */
export function renderDraftFile(file: DraftFile, schemaPath: string): string {
  const doc = new Document({
    version: 1,
    entity: file.entity,
    ...(file.tracking ? { tracking: { ...(file.tracking.lastModified ? { lastModified: 'snapshot' } : {}), ...(file.tracking.deletions ? { deletions: 'snapshot' } : {}) } } : {}),
    sources: file.sources.map(sourceObject),
  } as Record<string, unknown>, { aliasDuplicateObjects: false });
  doc.commentBefore = [
    ` yaml-language-server: $schema=${schemaPath}`,
    ` ${DRAFT_MARKER}: a DRAFT. Every "GUESS" below is inferred from table`,
    ' and column names, keys and sampled values. Confirm or correct each one, then run',
    ' `oneroster-adapter mappings check --mappings <this folder>`.',
    ...file.summary.map((line) => ` ${line}`),
  ].join('\n');
  const root = doc.contents as YAMLMap;
  if (file.tracking) comment(pair(root, 'tracking'), file.tracking.guess);
  const sources = pair(root, 'sources')!.value as unknown as { items: YAMLMap[] };
  file.sources.forEach((source, index) => decorateSource(sources.items[index], source, index > 0));
  quoteDates(doc);
  if (file.notes.length > 0) doc.comment = file.notes.map((line) => ` ${line}`).join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: true, indentSeq: true });
}

/** Dates as quoted text, as the demo writes them: YAML 1.1 readers would otherwise take them for timestamps. */
function quoteDates(doc: Document): void {
  visit(doc, {
    Scalar(_key, node) {
      if (typeof node.value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(node.value)) node.type = Scalar.QUOTE_SINGLE;
    },
  });
}

function sourceObject(source: DraftSource): Record<string, YamlValue> {
  return {
    name: source.name,
    table: source.table,
    alias: source.alias,
    ...(source.joins.length > 0 ? { joins: source.joins.map((join) => ({ table: join.table, alias: join.alias, on: join.on, ...(join.type ? { type: join.type } : {}) })) } : {}),
    ...(source.where.length > 0 ? { where: source.where.map((item) => item.condition) } : {}),
    fields: Object.fromEntries(source.fields.map((field) => [field.name, field.value])),
  };
}

function decorateSource(node: YAMLMap, source: DraftSource, spaced: boolean): void {
  node.commentBefore = ` GUESS: ${source.guess} — confirm`;
  node.spaceBefore = spaced;
  const joins = pair(node, 'joins');
  if (joins && isSeq(joins.value)) {
    joins.value.items.forEach((item, index) => {
      flowIfShort(item);
      if (source.joins[index].guess) (item as YAMLMap).commentBefore = ` GUESS: ${source.joins[index].guess} — confirm`;
    });
  }
  const where = pair(node, 'where');
  if (where && isSeq(where.value)) {
    where.value.items.forEach((item, index) => {
      flowIfShort(item);
      if (source.where[index].guess) (item as YAMLMap).commentBefore = ` GUESS: ${source.where[index].guess} — confirm`;
    });
  }
  const fields = pair(node, 'fields')!.value as YAMLMap;
  for (const field of source.fields) {
    const entry = pair(fields, field.name)!;
    flowIfShort(entry.value);
    if (field.guess) comment(entry, field.guess);
  }
  if (source.unmapped.length > 0) fields.comment = source.unmapped.map((line) => ` Not mapped: ${line}`).join('\n');
}

/** A map or list whose one-line form is short enough prints on one line; longer ones stay as blocks, their parts tried in turn. */
function flowIfShort(node: unknown): void {
  if (!isMap(node) && !isSeq(node)) return;
  if (inlineLength(node) <= FLOW_WIDTH) {
    node.flow = true;
    return;
  }
  for (const item of node.items) flowIfShort(isMap(node) ? (item as Pair).value : item);
}

function inlineLength(node: unknown): number {
  return JSON.stringify((node as { toJSON(): unknown }).toJSON()).length;
}

function pair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair | undefined;
}

function comment(entry: Pair | undefined, text: string): void {
  if (!entry || !isScalar(entry.key)) return;
  entry.key.commentBefore = ` GUESS: ${text} — confirm`;
}
