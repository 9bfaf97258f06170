import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { DraftSet } from './draft-mappings';
import { DRAFT_MARKER, renderDraftFile } from './render-draft';
import { KIND_DESCRIPTIONS } from './table-kinds';

/** mappings/mapping.schema.json of this checkout (beside dist/ and src/ alike). */
const SCHEMA_FILE = resolve(__dirname, '..', '..', 'mappings', 'mapping.schema.json');

export interface WrittenDraft {
  readonly files: ReadonlyArray<{ entity: string; file: string; sources: string[] }>;
  /** Mapping files of an earlier draft that this one replaced or removed. */
  readonly replaced: readonly string[];
  /** Other .yaml files already in the folder (not drafts): the server would read them too. */
  readonly foreign: readonly string[];
}

/**
 * Writes one YAML file per drafted entity and a README.md listing the guesses into `outDir`.
 * With `force`, files an earlier draft wrote (recognised by their first lines) are replaced or
 * removed, so an entity this run leaves out does not linger; other files are left alone.
 */
export function writeDraft(set: DraftSet, outDir: string, options: { force?: boolean; source: string }): WrittenDraft {
  mkdirSync(outDir, { recursive: true });
  const replaced: string[] = [];
  const foreign: string[] = [];
  for (const name of readdirSync(outDir).filter((entry) => /\.ya?ml$/i.test(entry))) {
    const head = readFileSync(join(outDir, name), 'utf8').slice(0, 400);
    if (head.includes(DRAFT_MARKER) && options.force) {
      rmSync(join(outDir, name));
      replaced.push(name);
    } else foreign.push(name);
  }
  const schemaPath = relative(outDir, SCHEMA_FILE).split('\\').join('/');
  const files: Array<{ entity: string; file: string; sources: string[] }> = [];
  for (const draft of set.drafts) {
    if (!draft.file) continue;
    writeFileSync(join(outDir, draft.file.fileName), renderDraftFile(draft.file, schemaPath));
    files.push({ entity: draft.entity, file: draft.file.fileName, sources: draft.file.sources.map((source) => source.table) });
  }
  writeFileSync(join(outDir, 'README.md'), draftReadme(set, options.source));
  return { files, replaced, foreign: foreign.filter((name) => !files.some((file) => file.file === name)) };
}

function draftReadme(set: DraftSet, source: string): string {
  const rows = set.classification.guesses.map((guess) => `| ${guess.table} | ${KIND_DESCRIPTIONS[guess.kind]} | ${guess.confidence} | ${guess.evidence.slice(0, 3).join('; ')} |`);
  const leftOut = set.drafts.filter((draft) => draft.leftOut).map((draft) => `- **${draft.entity}**: ${draft.leftOut}`);
  return [
    '# Draft mappings',
    '',
    `Drafted by \`oneroster-adapter mappings init\` from \`${source}\`. Every \`# GUESS:\` comment in the`,
    'YAML files says what was inferred and from what; confirm or correct each, then run',
    '`oneroster-adapter mappings check --mappings <this folder>` against the same database.',
    '',
    '| table | taken for | confidence | because |',
    '|---|---|---|---|',
    ...rows,
    '',
    ...(set.classification.unclassified.length > 0 ? [`Not recognised: ${set.classification.unclassified.join(', ')}.`, ''] : []),
    ...(leftOut.length > 0 ? ['Entities left out (no file is written rather than a broken one):', '', ...leftOut, ''] : []),
  ].join('\n');
}

export function isNonEmptyDirectory(path: string): boolean {
  return existsSync(path) && readdirSync(path).length > 0;
}
