import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { AtomicFile } from './atomic-file.js';
import { CorpusErrors, NerError, toNerError } from './errors.js';
import { byteLines } from './text-lines.js';

/** What to do with a bad line: stop with an error, skip it (after telling `onSkip`), or call a function. */
export type OnBadLine = 'stop' | 'skip';

export interface ReadJsonlOptions {
  onError?: OnBadLine;
  /** Called for every skipped line when `onError` is 'skip' (nothing is dropped silently). */
  onSkip?: (error: NerError) => void;
  /** Stream to read when the path is '-' (default: process.stdin). */
  stdin?: Readable;
}

export interface JsonlLine<T> {
  value: T;
  /** 1-based line number in the (decompressed) file. */
  line: number;
}

function openInput(path: string, stdin?: Readable): Readable {
  const raw = path === '-' ? (stdin ?? process.stdin) : createReadStream(path);
  if (!path.endsWith('.gz')) return raw;
  // pipe() does not forward errors: a missing or unreadable .gz must fail the gunzip stream too.
  const gunzip = createGunzip();
  (raw as Readable).once('error', (err: Error) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/**
 * Streams the records of a JSONL file (`.gz` decompressed; `-` is stdin) with their line numbers,
 * in constant memory. A bad line (invalid UTF-8, invalid JSON, not an object) raises a NerError
 * `file:line: what is wrong`, or is skipped and reported to `onSkip` with `onError: 'skip'`.
 * Blank lines are ignored.
 */
export async function* readJsonlLines<T = Record<string, unknown>>(
  path: string,
  options: ReadJsonlOptions = {},
): AsyncGenerator<JsonlLine<T>> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const file = path === '-' ? '<stdin>' : path;
  let line = 0;
  const stream = openInput(path, options.stdin);
  const fail = (err: NerError) => {
    if (options.onError === 'skip') options.onSkip?.(err);
    else throw err;
  };
  try {
    for await (const bytes of byteLines(stream)) {
      line++;
      let text: string;
      try {
        text = decoder.decode(bytes);
      } catch (cause) {
        fail(new NerError(CorpusErrors.ENCODING, 'the line is not valid UTF-8', {
          file, line, cause, hint: 'Convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
        }));
        continue;
      }
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // BOM
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (cause) {
        fail(new NerError(CorpusErrors.BAD_JSON, `invalid JSON: ${(cause as Error).message}`, {
          file, line, cause, hint: 'Each line must be one JSON object (JSON Lines).',
        }));
        continue;
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        fail(new NerError(CorpusErrors.SCHEMA, 'expected a JSON object on this line', { file, line }));
        continue;
      }
      yield { value: value as T, line };
    }
  } catch (err) {
    if (err instanceof NerError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      throw new NerError('E_FILE_NOT_FOUND', `No such file: ${file}`, { file, hint: 'Check the path.' });
    }
    if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR') {
      throw new NerError(CorpusErrors.ENCODING, `not a valid gzip file (${e.message})`, { file, line, cause: err });
    }
    if (typeof e.code === 'string' && !e.path) e.path = file; // EISDIR & co. carry no path of their own
    throw toNerError(err);
  }
}

/** Streams the records of a JSONL file; see `readJsonlLines`. */
export async function* readJsonl<T = Record<string, unknown>>(path: string, options: ReadJsonlOptions = {}): AsyncGenerator<T> {
  for await (const { value } of readJsonlLines<T>(path, options)) yield value;
}

export interface JsonlWriterOptions {
  /** Append to an existing file instead of replacing it (resumable outputs). */
  append?: boolean;
  /**
   * Write to a temporary sibling and rename it on close (never on abort), so readers never see a
   * half-written file and a failed run keeps the previous one. Ignored with `append` and for '-'.
   */
  atomic?: boolean;
  /** Stream to write when the path is '-' (default: process.stdout). */
  stdout?: Writable;
}

/**
 * Writes records as JSON Lines with back-pressure; `.gz` paths are gzip-compressed. With `atomic`
 * the target is replaced only by `close()`; `abort()` leaves it as it was.
 */
export class JsonlWriter {
  private out!: Writable;
  private atomicFile?: AtomicFile;
  private plainFile?: WriteStream;
  count = 0;

  private constructor(readonly path: string) {}

  /** Creates the parent folder first. */
  static async open(path: string, options: JsonlWriterOptions = {}): Promise<JsonlWriter> {
    const w = new JsonlWriter(path);
    if (path === '-') {
      w.out = options.stdout ?? process.stdout;
      return w;
    }
    if (options.atomic && !options.append) {
      w.atomicFile = await AtomicFile.open(path);
      w.out = w.atomicFile.stream;
      return w;
    }
    await mkdir(dirname(path), { recursive: true });
    w.plainFile = createWriteStream(path, { flags: options.append ? 'a' : 'w' });
    if (path.endsWith('.gz')) {
      const gz = createGzip();
      gz.pipe(w.plainFile);
      w.out = gz;
    } else {
      w.out = w.plainFile;
    }
    return w;
  }

  async write(record: unknown): Promise<void> {
    this.count++;
    if (this.atomicFile) return this.atomicFile.write(`${JSON.stringify(record)}\n`);
    if (!this.out.write(`${JSON.stringify(record)}\n`)) {
      await new Promise<void>((resolve) => this.out.once('drain', resolve));
    }
  }

  /** Success: flushes (and, atomic, replaces the target). */
  async close(): Promise<void> {
    if (this.atomicFile) return this.atomicFile.commit();
    if (!this.plainFile) return;
    const target = this.plainFile;
    await new Promise<void>((resolve, reject) => {
      target.once('error', reject);
      target.once('close', () => resolve());
      this.out.end();
    });
  }

  /** Failure: an atomic writer discards its output; a plain one keeps what it wrote (append mode resumes from it). */
  async abort(): Promise<void> {
    if (this.atomicFile) return this.atomicFile.abort();
    await this.close();
  }
}

/**
 * Writes every record of an (async) iterable to a JSONL file; returns how many were written.
 * Atomic by default: if reading the records fails, the target keeps its previous content.
 */
export async function writeJsonl(
  path: string,
  records: AsyncIterable<unknown> | Iterable<unknown>,
  options: JsonlWriterOptions = {},
): Promise<number> {
  const writer = await JsonlWriter.open(path, { atomic: true, ...options });
  try {
    for await (const r of records) await writer.write(r);
  } catch (err) {
    await writer.abort();
    throw err;
  }
  await writer.close();
  return writer.count;
}
