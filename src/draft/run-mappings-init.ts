import { resolve } from 'node:path';
import { CliError, colours, fail, printJson, printText, progressBar, USAGE_EXIT } from '../cli/output';
import { SourceUnavailableError } from '../errors/source-unavailable-error';
import { parseConnectionUrl, SourceConnection } from '../source/connection-url';
import { SourceDatabase } from '../source/source-database';
import type { DatabaseProfile } from './database-profile';
import { DraftSet, draftMappings } from './draft-mappings';
import { withInferredForeignKeys } from './infer-foreign-keys';
import { readDatabaseProfile } from './read-database-profile';
import { KIND_DESCRIPTIONS } from './table-kinds';
import { tablePattern } from './table-pattern';
import { isNonEmptyDirectory, WrittenDraft, writeDraft } from './write-draft';

export interface MappingsInitOptions {
  source: string;
  out: string;
  force?: boolean;
  json?: boolean;
  tables?: string;
}

/**
 * `mappings init`: reads the database's profile (read-only, bounded), guesses, writes the draft
 * and reports table → guessed entity. Returns the exit code; failures throw CliError (one line,
 * never a stack, the password never in it: connections are named by their display form).
 */
export async function runMappingsInit(options: MappingsInitOptions): Promise<number> {
  const connection = sourceConnection(options.source);
  const outDir = resolve(options.out);
  if (!options.force && isNonEmptyDirectory(outDir)) {
    fail(`${options.out} is not empty; pass --force to replace the draft in it, or choose another --out`);
  }
  const includeTable = options.tables === undefined ? undefined : tablePattern(options.tables);
  const profile = await profileSource(connection, includeTable, !options.json);
  if (profile.tables.length === 0) {
    fail(options.tables === undefined ? `${connection.display} has no tables to draft mappings from` : `no table of ${connection.display} matches --tables ${options.tables}`);
  }
  const set = draftMappings(profile);
  if (!set.drafts.some((draft) => draft.file)) {
    fail(`nothing in ${connection.display} looks like a student information system (no school, student, staff or section tables were recognised), so no draft was written`);
  }
  const written = writeDraft(set, outDir, { force: options.force, source: connection.display });
  if (options.json) printJson(jsonReport(set, written, connection.display, outDir, profile));
  else printText(humanReport(set, written, connection.display, options.out, profile));
  return 0;
}

function sourceConnection(url: string): SourceConnection {
  try {
    return parseConnectionUrl(url);
  } catch (error) {
    throw new CliError(`--source: ${(error as Error).message.replace(/^ONEROSTER_SOURCE_URL: /, '')}`, USAGE_EXIT);
  }
}

async function profileSource(connection: SourceConnection, includeTable: ((name: string) => boolean) | undefined, showProgress: boolean): Promise<DatabaseProfile> {
  const source = new SourceDatabase(connection, { poolMax: 2, connectTimeoutMs: 10000, queryTimeoutMs: 60000, timeZone: 'UTC' });
  const progress = progressBar({ enabled: showProgress, unit: 'tables' });
  try {
    const profile = await readDatabaseProfile(source, {
      includeTable,
      onTable: (_name, index, total) => (index === 0 ? progress.start(total, 'sampling') : progress.update(index)),
    });
    return withInferredForeignKeys(profile);
  } catch (error) {
    throw new CliError(`cannot read ${connection.display}: ${reason(error)}`);
  } finally {
    progress.stop();
    await source.close().catch(() => undefined);
  }
}

/** The driver's first line, which names the problem (refused, unknown host, access denied) and never the password. */
function reason(error: unknown): string {
  // Outages arrive wrapped (source/source-errors.ts); the driver's own words are in `cause`.
  const failure = error instanceof SourceUnavailableError && error.cause !== undefined ? error.cause : error;
  const message = failure instanceof Error ? failure.message : String(failure);
  const code = (failure as { code?: unknown } | undefined)?.code;
  const first = message.split('\n')[0].trim() || String(code ?? 'unknown error');
  return typeof code === 'string' && !first.includes(code) ? `${first} (${code})` : first;
}

function jsonReport(set: DraftSet, written: WrittenDraft, source: string, outDir: string, profile: DatabaseProfile) {
  return {
    ok: true,
    source,
    database: profile.description,
    out: outDir,
    tables: set.classification.guesses.map((guess) => ({ table: guess.table, kind: guess.kind, entity: KIND_DESCRIPTIONS[guess.kind], confidence: guess.confidence, score: guess.score, evidence: guess.evidence })),
    unclassified: set.classification.unclassified,
    files: written.files,
    leftOut: set.drafts.filter((draft) => draft.leftOut).map((draft) => ({ entity: draft.entity, reason: draft.leftOut })),
    replaced: written.replaced,
    otherFiles: written.foreign,
  };
}

function humanReport(set: DraftSet, written: WrittenDraft, source: string, out: string, profile: DatabaseProfile): string {
  const c = colours();
  const guesses = set.classification.guesses;
  const width = Math.max(5, ...guesses.map((guess) => guess.table.length));
  const kindWidth = Math.max(12, ...guesses.map((guess) => KIND_DESCRIPTIONS[guess.kind].length));
  const colour = { high: c.green, medium: c.yellow, low: c.red } as const;
  const lines = [
    `${c.bold('Source')}  ${source} (${profile.description}, ${profile.tables.length} tables)`,
    '',
    c.bold(`${'table'.padEnd(width)}  ${'guessed as'.padEnd(kindWidth)}  confidence  because`),
    ...guesses.map((guess) => `${guess.table.padEnd(width)}  ${KIND_DESCRIPTIONS[guess.kind].padEnd(kindWidth)}  ${colour[guess.confidence](guess.confidence.padEnd(10))}  ${guess.evidence[0] ?? ''}`),
  ];
  if (set.classification.unclassified.length > 0) lines.push(c.dim(`not recognised: ${set.classification.unclassified.join(', ')}`));
  lines.push('', c.bold(`Wrote ${out}/`));
  for (const file of written.files) lines.push(`  ${file.file.padEnd(24)} ${file.entity} from ${file.sources.join(', ')}`);
  lines.push(`  ${'README.md'.padEnd(24)} the guesses above`);
  const leftOut = set.drafts.filter((draft) => draft.leftOut);
  if (leftOut.length > 0) {
    lines.push('', c.yellow('Left out (no file rather than a broken one):'));
    for (const draft of leftOut) lines.push(`  ${draft.entity}: ${draft.leftOut}`);
  }
  if (written.foreign.length > 0) lines.push('', c.yellow(`Also in ${out}/ (not a draft, left alone; the server reads it too): ${written.foreign.join(', ')}`));
  lines.push('', `Next: confirm every ${c.bold('# GUESS')} in the files, then run`, `  oneroster-adapter mappings check --mappings ${out} --source '<the same URL>'`);
  return lines.join('\n');
}
