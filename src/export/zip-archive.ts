import { createWriteStream, renameSync, rmSync, WriteStream } from 'node:fs';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { ZipFile } from 'yazl';

/** Writing the zip failed (disk full, directory gone, permissions): the message says which file. */
export class ZipWriteError extends Error {}

/**
 * A zip written as it is produced and only then given its name: entries stream through yazl into
 * a temporary file beside `target`, which `finish()` renames over `target` (a rename within one
 * directory is atomic), so a failed or interrupted export never leaves a partial zip under the
 * final name. Writes wait while the file is behind (backpressure), so memory stays bounded
 * however large the entries are.
 */
export class ZipArchive {
  private readonly zip = new ZipFile();
  private readonly file: WriteStream;
  private readonly closed: Promise<void>;
  /** Rejects when the output fails, so a write waiting for 'drain' does not wait forever. */
  private readonly failed: Promise<never>;
  private current?: PassThrough;

  private constructor(
    readonly target: string,
    readonly temporary: string,
  ) {
    this.file = createWriteStream(temporary, { flags: 'wx' });
    this.failed = new Promise<never>((_resolve, reject) => {
      const failWith = (error: Error) => reject(new ZipWriteError(`cannot write ${target}: ${error.message}`));
      this.file.on('error', failWith);
      this.zip.outputStream.on('error', failWith);
    });
    this.closed = Promise.race([once(this.file, 'close').then(() => undefined), this.failed]);
    // Observed here; whoever awaits them later still sees the rejection.
    this.failed.catch(() => undefined);
    this.closed.catch(() => undefined);
    this.zip.outputStream.pipe(this.file);
  }

  /** Opens the temporary file (in target's directory) and fails at once when it cannot be written. */
  static async create(target: string): Promise<ZipArchive> {
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.partial`);
    const archive = new ZipArchive(target, temporary);
    await Promise.race([once(archive.file, 'open'), archive.failed]);
    return archive;
  }

  /** Starts the next entry; the previous one must have been ended. */
  openEntry(name: string): void {
    if (this.current) throw new Error('the previous zip entry is still open');
    this.current = new PassThrough();
    this.zip.addReadStream(this.current, name, { compress: true });
  }

  /** Appends to the open entry, waiting while the file is behind. */
  async write(text: string): Promise<void> {
    const entry = this.current;
    if (!entry) throw new Error('no zip entry is open');
    if (!entry.write(text)) await Promise.race([once(entry, 'drain'), this.failed]);
  }

  endEntry(): void {
    this.current?.end();
    this.current = undefined;
  }

  /** A small entry written whole (the manifest). */
  addText(name: string, text: string): void {
    this.zip.addBuffer(Buffer.from(text, 'utf8'), name, { compress: true });
  }

  /** Ends the zip, waits until the file is on disk and gives it its final name. */
  async finish(): Promise<void> {
    this.endEntry();
    this.zip.end();
    await this.closed;
    renameSync(this.temporary, this.target);
  }

  /** Gives up: stops writing and removes the temporary file; `target` is left as it was. */
  discard(): void {
    this.current?.destroy();
    this.zip.outputStream.unpipe(this.file);
    this.file.destroy();
    rmSync(this.temporary, { force: true });
  }
}
