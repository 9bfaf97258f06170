import { LineCounter, parseDocument } from 'yaml';
import { EntityMapping, EntityTracking, NO_TRACKING, SourceMapping } from './compiled-mapping';
import { ENTITY_NAMES, isEntityName } from '../oneroster/entity-catalogue';
import type { MappingDiagnostic } from './diagnostics/mapping-diagnostic';
import { readSource } from './read-source';
import { closest, YamlCursor } from './yaml-cursor';

export const MAPPING_FORMAT_VERSION = 1;
const FILE_KEYS = ['$schema', 'version', 'entity', 'description', 'tracking', 'sources'] as const;
const TRACKING_KEYS = ['deletions', 'lastModified'] as const;

/**
 * Compiles the text of one mapping file into an EntityMapping. Problems are appended to
 * `diagnostics` (all of them, not just the first) and the result is undefined if there were any.
 */
export function compileMappingFile(file: string, text: string, diagnostics: MappingDiagnostic[]): EntityMapping | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const context = { file, lineCounter, diagnostics };
  const before = diagnostics.length;
  for (const error of document.errors) {
    // `error.linePos` is only filled in with prettyErrors; the offset and the line counter always are.
    const { line, col: column } = lineCounter.linePos(error.pos[0]);
    diagnostics.push({ file, line, column, code: 'MAPPING_YAML_SYNTAX', message: error.message.split('\n')[0], path: '(yaml)' });
  }
  if (diagnostics.length > before) return undefined;

  const root = new YamlCursor(document.contents, '', context);
  if (!root.isMap()) {
    root.error('MAPPING_WRONG_TYPE', 'a mapping file is an object with version, entity and sources');
    return undefined;
  }
  root.checkKeys(FILE_KEYS, ['version', 'entity', 'sources'], 'a mapping file');
  const version = root.get('version');
  if (version && version.scalar() !== MAPPING_FORMAT_VERSION) {
    version.error('MAPPING_VERSION', `unsupported mapping format version ${JSON.stringify(version.scalar())}; this adapter reads version ${MAPPING_FORMAT_VERSION}`);
  }
  const entityCursor = root.get('entity');
  const entity = entityCursor?.string('entity');
  if (entityCursor && entity !== undefined && !isEntityName(entity)) {
    const hint = closest(entity, ENTITY_NAMES);
    entityCursor.error('MAPPING_UNKNOWN_ENTITY', `"${entity}" is not a OneRoster entity${hint ? `; did you mean "${hint}"?` : ''} (one of ${ENTITY_NAMES.join(', ')})`);
  }
  const sourcesCursor = root.get('sources');
  if (sourcesCursor && (!sourcesCursor.isSeq() || sourcesCursor.items().length === 0)) {
    sourcesCursor.error('MAPPING_WRONG_TYPE', 'sources takes a non-empty list of sources');
  }
  const tracking = readTracking(root.get('tracking'));
  if (diagnostics.length > before || !entity || !isEntityName(entity) || !sourcesCursor || !tracking) return undefined;

  const sources: SourceMapping[] = [];
  const names = new Set<string>();
  sourcesCursor.items().forEach((item, index) => {
    const source = readSource(item, entity, index, tracking);
    // Names are checked on the YAML, so a duplicate is reported even when either source has other problems.
    const name = item.get('name')?.scalar();
    if (typeof name === 'string' && name !== '') {
      if (names.has(name)) item.get('name')!.error('MAPPING_DUPLICATE_SOURCE', `two sources are named "${name}"`);
      names.add(name);
    }
    if (source) sources.push(source);
  });
  if (diagnostics.length > before) return undefined;
  return { entity, file, sources, tracking };
}

/** `tracking: { deletions: snapshot, lastModified: snapshot }`; each key optional, `snapshot` its only value. */
function readTracking(cursor: YamlCursor | undefined): EntityTracking | undefined {
  if (!cursor) return NO_TRACKING;
  if (!cursor.isMap() || !cursor.checkKeys(TRACKING_KEYS, [], 'tracking')) {
    if (!cursor.isMap()) cursor.error('MAPPING_WRONG_TYPE', 'tracking takes { deletions: snapshot, lastModified: snapshot }');
    return undefined;
  }
  const flag = (key: (typeof TRACKING_KEYS)[number]): boolean | undefined => {
    const value = cursor.get(key);
    if (!value) return false;
    if (value.scalar() === 'snapshot') return true;
    value.error('MAPPING_WRONG_TYPE', `tracking.${key} takes the value snapshot (the adapter's snapshot pass; see README, Change tracking)`);
    return undefined;
  };
  const deletions = flag('deletions');
  const lastModified = flag('lastModified');
  return deletions === undefined || lastModified === undefined ? undefined : { deletions, lastModified };
}
