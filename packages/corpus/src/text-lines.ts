/**
 * Private helpers for line-oriented text files other than JSONL (CoNLL): open a path, `-` or a
 * stream (gzip by extension), and yield decoded lines with their numbers, reporting invalid UTF-8
 * as `file:line`. Also a small back-pressured text writer.
 */
import { createReadStream } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { AtomicFile } from './atomic-file.js';
import { CorpusErrors, NerError, toNerError } from './errors.js';

/** Opens a path (`-` = `stdin`), decompressing `.gz`. */
export function openText(path: string, stdin?: Readable): Readable {
  const raw = path === '-' ? (stdin ?? process.stdin) : createReadStream(path);
  if (!path.endsWith('.gz')) return raw;
  // pipe() does not forward errors: a missing or unreadable .gz must fail the gunzip stream too.
  const gunzip = createGunzip();
  (raw as Readable).once('error', (err: Error) => gunzip.destroy(err));
  return raw.pipe(gunzip);
}

/** Decoded lines (without `\n`/`\r\n`) and 1-based numbers, in constant memory. */
export async function* textLines(stream: Readable, file: string): AsyncGenerator<{ text: string; line: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 0;
  const decode = (bytes: Buffer) => {
    line++;
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch (cause) {
      throw new NerError(CorpusErrors.ENCODING, 'the line is not valid UTF-8', {
        file, line, cause, hint: 'Convert the file to UTF-8 (e.g. `iconv -f latin1 -t utf-8`).',
      });
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text, line };
  };
  try {
    for await (const bytes of byteLines(stream)) yield decode(bytes);
  } catch (err) {
    if (err instanceof NerError) throw err;
    const errno = err as NodeJS.ErrnoException;
    if (typeof errno.code === 'string' && !errno.path) errno.path = file; // EISDIR & co. carry no path
    const e = toNerError(err);
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new NerError(CorpusErrors.ENCODING, `not a valid gzip file (${(err as Error).message})`, { file, line, cause: err });
    }
    throw e;
  }
}

/**
 * Splits a byte stream into lines (Buffers, without `\n`) without decoding, so bad UTF-8 is
 * reported per line. Linear in the line length: the pieces of a long line are kept in a list
 * and joined once, not re-concatenated with every chunk.
 */
export async function* byteLines(stream: Readable): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let from = 0;
    let nl = chunk.indexOf(0x0a);
    while (nl !== -1) {
      const piece = chunk.subarray(from, nl);
      if (parts.length) { parts.push(piece); yield Buffer.concat(parts); parts = []; } else yield piece;
      from = nl + 1;
      nl = chunk.indexOf(0x0a, from);
    }
    if (from < chunk.length) parts.push(chunk.subarray(from));
  }
  if (parts.length) yield Buffer.concat(parts);
}

/**
 * Writes text with back-pressure to a file (atomically: a temporary sibling renamed by `close()`,
 * discarded by `abort()`), `.gz`, or `-`.
 */
export class TextWriter {
  private out!: Writable;
  private file?: AtomicFile;

  private constructor(readonly path: string) {}

  static async open(path: string, stdout?: Writable): Promise<TextWriter> {
    const w = new TextWriter(path);
    if (path === '-') {
      w.out = stdout ?? process.stdout;
      return w;
    }
    w.file = await AtomicFile.open(path);
    w.out = w.file.stream;
    return w;
  }

  async write(text: string): Promise<void> {
    if (this.file) return this.file.write(text);
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  /** Success: the output replaces `path`. */
  async close(): Promise<void> {
    await this.file?.commit();
  }

  /** Failure: `path` keeps what it had. */
  async abort(): Promise<void> {
    await this.file?.abort();
  }
}
