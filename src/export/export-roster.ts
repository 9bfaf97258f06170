import type { OneRosterRecord } from '../api/record-serializer';
import { presentRecord } from '../api/version-record';
import { parseFilter } from '../filter';
import type { EntityName } from '../oneroster/entity-catalogue';
import { V1P1 } from '../oneroster/versions';
import type { DataFinding } from '../tools/roster-data-check';
import { RosterPages, RosterSink, walkOrder, WalkProgress, walkRoster } from '../tools/roster-walk';
import { ActiveReferences } from './active-references';
import { CSV_FILES, csvFileFor } from './csv-binding';
import { csvRecord } from './csv-format';
import { csvRowValues, ExportMode, ListCommaNotes } from './csv-row';
import { manifestCsv, ManifestSource } from './manifest';
import type { ZipArchive } from './zip-archive';

/** An entity could not be read through the query engine: the export stops and writes nothing. */
export class ExportReadError extends Error {}

export interface ExportedFile {
  readonly entity: EntityName;
  /** The entry in the zip, e.g. `users.csv`. */
  readonly file: string;
  readonly rows: number;
  /** Bulk only: active records left out because a required reference points at a record that is not active. */
  readonly leftOut: number;
}

export interface RosterExport {
  readonly mode: ExportMode;
  /** Files with at least one row, in the order written; the manifest names the others absent. */
  readonly files: ExportedFile[];
  /** What was noticed on the way: references left out, list items whose commas were dropped, pages read smaller. */
  readonly warnings: string[];
}

export interface ExportOptions {
  /** Delta: records with dateLastModified after `since` (tobedeleted ones included); bulk: every active record. */
  readonly since?: Date;
  readonly source: ManifestSource;
  readonly count?: boolean;
  readonly onProgress?: (progress: WalkProgress) => void;
}

/**
 * Writes the OneRoster 1.1 CSV binding of every served entity into `archive`: the query engine's
 * pages, one entity at a time (referenced entities first), each record as the 1.1 API serves it,
 * each page turned into CSV rows and streamed into the entity's zip entry before the next page is
 * read. Nothing is kept across pages but counts (and, for bulk, the ids of records that are not
 * active). manifest.csv goes last, once it is known which files have rows.
 *
 * `reader` decides what a delta holds: the TrackedRosterReader gives what the API's
 * dateLastModified>'since' filter gives, change tracking and tobedeleted stubs included.
 */
export async function exportRoster(reader: RosterPages, served: readonly EntityName[], archive: ZipArchive, options: ExportOptions): Promise<RosterExport> {
  const mode: ExportMode = options.since ? 'delta' : 'bulk';
  const entities = walkOrder(served).filter((entity) => CSV_FILES.some((file) => file.entity === entity));
  const references = mode === 'bulk' ? await ActiveReferences.collect(reader, entities) : undefined;
  const sink = new CsvZipSink(archive, mode, references);
  // What a full sync (SDS: status='active') or a delta (dateLastModified>'since') asks the API for.
  const filter = parseFilter(options.since ? `dateLastModified>'${options.since.toISOString()}'` : "status='active'");
  await walkRoster(reader, entities, sink, { filter, keyedOrder: true, count: options.count, onProgress: options.onProgress });
  const written = new Map(sink.files.map((file) => [csvFileFor(file.entity).name, mode]));
  archive.addText('manifest.csv', manifestCsv(written, options.source));
  return { mode, files: sink.files, warnings: [...sink.warnings, ...(references?.messages() ?? []), ...sink.notes.messages()] };
}

/** Receives the walk's pages and streams them into the zip, one entry per entity that has rows. */
class CsvZipSink implements RosterSink {
  readonly files: ExportedFile[] = [];
  readonly warnings: string[] = [];
  readonly notes = new ListCommaNotes();
  private open?: { entity: EntityName; rows: number };

  constructor(
    private readonly archive: ZipArchive,
    private readonly mode: ExportMode,
    private readonly references: ActiveReferences | undefined,
  ) {}

  async add(entity: EntityName, records: readonly OneRosterRecord[]): Promise<void> {
    const file = csvFileFor(entity);
    const rows: string[] = [];
    for (const record of records) {
      // As the 1.1 API shows it (its vocabulary: 1.2's siteAdministrator is 1.1's administrator).
      const shown = presentRecord(V1P1, entity, record, undefined);
      const kept = this.references ? this.references.prune(entity, shown) : shown;
      if (kept) rows.push(csvRecord(csvRowValues(file, kept, this.mode, this.notes)));
    }
    if (rows.length === 0) return;
    // The binding allows no file without data rows, so an entry is opened with its first row.
    if (this.open?.entity !== entity) {
      this.archive.openEntry(`${file.name}.csv`);
      this.open = { entity, rows: 0 };
      await this.archive.write(csvRecord(file.columns.map((column) => column.name)));
    }
    await this.archive.write(rows.join(''));
    this.open.rows += rows.length;
  }

  complete(entity: EntityName): void {
    if (this.open?.entity !== entity) return;
    this.archive.endEntry();
    this.files.push({ entity, file: `${csvFileFor(entity).name}.csv`, rows: this.open.rows, leftOut: this.references?.leftOutOf(entity) ?? 0 });
    this.open = undefined;
  }

  note(entity: EntityName, finding: DataFinding): void {
    this.warnings.push(`${entity}: ${finding.message}`);
  }

  fail(entity: EntityName, reason: string): never {
    throw new ExportReadError(`reading ${entity} through the mappings failed: ${reason}`);
  }
}
