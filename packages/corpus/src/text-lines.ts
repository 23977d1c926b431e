/**
 * Private helpers for line-oriented text files other than JSONL (CoNLL): open a path, `-` or a
 * stream (gzip by extension), and yield decoded lines with their numbers, reporting invalid UTF-8
 * as `file:line`. Also a small back-pressured text writer.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { CorpusErrors, NerError, toNerError } from './errors.js';

/** Opens a path (`-` = `stdin`), decompressing `.gz`. */
export function openText(path: string, stdin?: Readable): Readable {
  const raw = path === '-' ? (stdin ?? process.stdin) : createReadStream(path);
  return path.endsWith('.gz') ? raw.pipe(createGunzip()) : raw;
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
  let rest: Buffer | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      let buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let nl = buf.indexOf(0x0a);
      while (nl !== -1) {
        yield decode(buf.subarray(0, nl));
        buf = buf.subarray(nl + 1);
        nl = buf.indexOf(0x0a);
      }
      rest = buf.length ? Buffer.from(buf) : null;
    }
  } catch (err) {
    if (err instanceof NerError) throw err;
    const e = toNerError(err);
    if ((err as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new NerError(CorpusErrors.ENCODING, `not a valid gzip file (${(err as Error).message})`, { file, cause: err });
    }
    throw e;
  }
  if (rest && rest.length) yield decode(rest);
}

/** Writes text with back-pressure to a file (atomically: `.partial` then rename), `.gz`, or `-`. */
export class TextWriter {
  private out!: Writable;
  private file?: Writable;
  private tmp?: string;

  private constructor(readonly path: string) {}

  static async open(path: string, stdout?: Writable): Promise<TextWriter> {
    const w = new TextWriter(path);
    if (path === '-') {
      w.out = stdout ?? process.stdout;
      return w;
    }
    await mkdir(dirname(path), { recursive: true });
    w.tmp = `${path}.partial`;
    w.file = createWriteStream(w.tmp);
    if (path.endsWith('.gz')) {
      const gz = createGzip();
      gz.pipe(w.file);
      w.out = gz;
    } else {
      w.out = w.file;
    }
    return w;
  }

  async write(text: string): Promise<void> {
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
  }

  async close(): Promise<void> {
    if (!this.file) return;
    const file = this.file;
    await new Promise<void>((resolve, reject) => {
      file.once('error', reject);
      file.once('close', () => resolve());
      this.out.end();
    });
    await rename(this.tmp!, this.path);
  }
}
