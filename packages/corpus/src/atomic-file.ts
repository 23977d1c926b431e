/**
 * Atomic outputs: every file nerflow writes goes to a temporary file in the target's own folder
 * (same file system, so the final rename is atomic), is fsynced, and replaces the target only when
 * the writer says the work succeeded. A failed or killed run leaves the previous output intact.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';

let serial = 0;

/** A temporary sibling of `path`: hidden, unique per process and call, ending in `.partial`. */
export function tempSiblingPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${++serial}.partial`);
}

/** fsyncs a file or folder; folders cannot be fsynced everywhere (e.g. some network mounts), so errors there are ignored. */
export async function fsyncPath(path: string, isDir = false): Promise<void> {
  try {
    const h = await open(path, 'r');
    try { await h.sync(); } finally { await h.close(); }
  } catch (err) {
    if (!isDir) throw err;
  }
}

/** Renames `tmp` over `path` after flushing it to disk, and flushes the folder entry too. */
export async function commitTemp(tmp: string, path: string): Promise<void> {
  await fsyncPath(tmp);
  await rename(tmp, path);
  await fsyncPath(dirname(path), true);
}

/**
 * A stream writing to a temporary sibling of `path` (gzip-compressed when it ends in `.gz`).
 * `commit()` makes it the file at `path`; `abort()` deletes it and leaves `path` untouched.
 * @example
 * const out = await AtomicFile.open('pred.jsonl');
 * try { out.stream.write('...'); await out.commit(); } catch (e) { await out.abort(); throw e; }
 */
export class AtomicFile {
  private done = false;
  /** The first write error (ENOSPC, EIO...): recorded so writers can throw it instead of it escaping as an 'error' event. */
  error?: NodeJS.ErrnoException;

  private constructor(readonly path: string, readonly tmp: string, private readonly file: WriteStream, readonly stream: Writable) {
    const record = (err: NodeJS.ErrnoException) => {
      if (!err.path) err.path = path; // the user's path, not the temporary name
      this.error ??= err;
      this.stream.emit('drain'); // wake a writer waiting for back-pressure: it then throws
    };
    file.on('error', record);
    if (stream !== file) stream.on('error', record);
  }

  /** Writes a chunk with back-pressure; rejects with the stream's error (e.g. a full disk). */
  async write(chunk: string): Promise<void> {
    if (this.error) throw this.error;
    if (!this.stream.write(chunk)) await new Promise<void>((resolve) => this.stream.once('drain', resolve));
    if (this.error) throw this.error;
  }

  /** Creates the parent folder and the temporary file. */
  static async open(path: string, options: { gzip?: boolean } = {}): Promise<AtomicFile> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = tempSiblingPath(path);
    const file = createWriteStream(tmp, { flags: 'wx' });
    await new Promise<void>((resolve, reject) => {
      file.once('open', () => { file.off('error', reject); resolve(); });
      file.once('error', reject);
    });
    let stream: Writable = file;
    if (options.gzip ?? path.endsWith('.gz')) {
      const gz = createGzip();
      gz.pipe(file);
      stream = gz;
    }
    return new AtomicFile(path, tmp, file, stream);
  }

  /** Flushes, fsyncs and renames the temporary file over `path`. */
  async commit(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      if (this.error) throw this.error;
      await new Promise<void>((resolve, reject) => {
        this.file.once('error', reject);
        this.stream.once('error', reject);
        this.file.once('close', () => (this.error ? reject(this.error) : resolve()));
        this.stream.end();
      });
      await commitTemp(this.tmp, this.path);
    } catch (err) {
      await rm(this.tmp, { force: true });
      throw err;
    }
  }

  /** Discards what was written: `path` keeps its previous content (or stays absent). */
  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    // End (not destroy) the streams: destroying one with a write in flight raises an uncaught error.
    await new Promise<void>((resolve) => {
      if (this.file.closed) return resolve();
      this.file.once('close', () => resolve());
      if (this.error) this.file.destroy(); // a failed stream may never flush: just close it
      else this.stream.end();
    });
    await rm(this.tmp, { force: true });
  }
}

/** Writes a whole file atomically (temporary sibling, fsync, rename). */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempSiblingPath(path);
  try {
    await writeFile(tmp, data, { flag: 'wx' });
    await commitTemp(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
