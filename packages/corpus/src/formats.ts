/**
 * Which corpus format a file holds: from its extension, or by looking at its first bytes when the
 * name says nothing (the CoNLL-2002 files are called `esp.train`, `esp.testa`).
 */
import { open } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { gunzipSync } from 'node:zlib';
import { CorpusErrors, NerError } from './errors.js';

/** `conll`: token-per-line column files; `jsonl`: nerflow/Prodigy JSON Lines; `prodigy`: JSONL written for Prodigy. */
export type CorpusFormat = 'conll' | 'jsonl' | 'prodigy';

const BY_EXTENSION: [RegExp, CorpusFormat][] = [
  [/\.(jsonl|ndjson)(\.gz)?$/i, 'jsonl'],
  [/\.(conll|conll02|conll03|iob|iob2|bio|bilou|biluo)(\.gz)?$/i, 'conll'],
];

/** The format an extension names, or undefined (`.txt`, `.train`, `.conllu`, no extension...). */
export function formatFromPath(path: string): CorpusFormat | undefined {
  return BY_EXTENSION.find(([re]) => re.test(path))?.[1];
}

/**
 * The format of a file from its name, or else from its first bytes: a line starting with `{` is
 * JSONL; lines of two or more columns ending in a tag (`O`, `B-PER`...) are CoNLL. Throws
 * E_CORPUS_UNKNOWN_FORMAT otherwise. `firstBytes` may be gzip-compressed when the path ends in `.gz`.
 */
export function sniffFormat(path: string, firstBytes: Uint8Array | string): 'conll' | 'jsonl' {
  const known = formatFromPath(path);
  if (known === 'conll' || known === 'jsonl') return known;
  let text: string;
  if (typeof firstBytes === 'string') {
    text = firstBytes;
  } else {
    let bytes = firstBytes;
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try { bytes = gunzipSync(bytes, { finishFlush: 2 /* Z_SYNC_FLUSH: accept a truncated head */ }); } catch { /* not gzip after all */ }
    }
    text = new TextDecoder('utf-8').decode(bytes);
  }
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).slice(0, 20);
  if (typeof firstBytes !== 'string' && lines.length > 1) lines.pop(); // the last line may be cut short
  const content = lines.map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('-DOCSTART-'));
  if (content.length > 0 && content[0]!.startsWith('{')) return 'jsonl';
  const tagged = content.filter((l) => {
    const cols = l.split(/\s+/);
    return cols.length >= 2 && /^(O|-|[BIELSU]-\S+)$/.test(cols[cols.length - 1]!);
  });
  // Mostly tagged lines: a few malformed ones are for the reader to report, at their line.
  if (content.length > 0 && tagged.length >= 0.8 * content.length) return 'conll';
  throw new NerError(CorpusErrors.UNKNOWN_FORMAT, `cannot tell the format of ${path}: neither JSON Lines nor "TOKEN TAG" columns`, {
    file: path,
    hint: 'Name the format with --from conll|jsonl|prodigy (or use a .jsonl / .conll extension).',
  });
}

/** Reads the first `n` bytes of a file (for `sniffFormat`). */
export async function readHead(path: string, n = 4096): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0).catch((err: NodeJS.ErrnoException) => {
      err.path ??= path; // EISDIR from read() names no path
      throw err;
    });
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** Peeks at the first chunk of a stream without losing it. */
export async function peekStream(stream: Readable): Promise<{ head: Buffer; stream: Readable }> {
  const it = (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : Buffer.from(first.value);
  async function* all() {
    if (!first.done) yield first.value;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  }
  return { head, stream: Readable.from(all(), { objectMode: false }) };
}
