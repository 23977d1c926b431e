import { closeSync, createReadStream, existsSync, openSync, readSync, statSync } from 'node:fs';
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { NerError } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';

const NFVEC_MAGIC = Buffer.from([0x4e, 0x46, 0x56, 0x45, 0x43, 0x00, 0x01, 0x00]);

/**
 * Static word vectors (fastText/word2vec `.vec` text format, or a folder written by `save`), looked
 * up by lowercase form. Row 0 is the all-zero vector for unknown words. The table is frozen: only
 * the projection on top of it trains (as spaCy's StaticVectors).
 */
export class StaticVectors {
  constructor(readonly words: string[], readonly dim: number, readonly table: Float32Array, private readonly index = new Map<string, number>()) {
    if (index.size === 0) words.forEach((w, i) => { if (!index.has(w)) index.set(w, i + 1); });
  }

  get rows(): number {
    return this.words.length + 1;
  }

  /**
   * Row of a token (0 when unknown): the exact form, else its lowercase, else lowercase with
   * digits as 0 (the key fastText corpora are often built with, e.g. /work/shared/peer/ft_corpus.py).
   */
  row(text: string): number {
    const lower = text.toLowerCase();
    return this.index.get(text) ?? this.index.get(lower) ?? this.index.get(lower.replace(/\d/g, '0')) ?? 0;
  }

  /**
   * Reads a `.vec` file (first line `count dim`, then `word v1 v2 ...`), a vectors store written by
   * the terms stage (`nerflow vectors train|load`, `NFVEC` magic), or a folder written by `save`.
   */
  static async load(file: string, options: { maxRows?: number } = {}): Promise<StaticVectors> {
    if (existsSync(file) && statSync(file).isFile()) {
      const head = Buffer.alloc(8);
      const fd = openSync(file, 'r');
      try { readSync(fd, head, 0, 8, 0); } finally { closeSync(fd); }
      if (head.equals(NFVEC_MAGIC)) return StaticVectors.loadStore(file);
    }
    if (!file.endsWith('.vec') && !file.endsWith('.txt')) {
      try {
        return await StaticVectors.loadFolder(file);
      } catch (cause) {
        throw new NerError(TrainErrors.BAD_VECTORS, `Cannot read static vectors from ${file}`, {
          hint: 'Pass a fastText/word2vec .vec text file or a vectors folder written by nerflow.', file, cause,
        });
      }
    }
    const words: string[] = [];
    const chunks: number[] = [];
    let dim = 0;
    let lineNo = 0;
    const rl = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of rl) {
      lineNo++;
      const parts = line.trimEnd().split(' ');
      if (lineNo === 1 && parts.length === 2) { dim = Number(parts[1]); continue; }
      if (!dim) dim = parts.length - 1;
      if (parts.length !== dim + 1) {
        throw new NerError(TrainErrors.BAD_VECTORS, `Expected ${dim} numbers after the word, found ${parts.length - 1}`, {
          file, line: lineNo, hint: 'The file must be in fastText/word2vec text format (`word v1 ... vN` per line).',
        });
      }
      words.push(parts[0]!);
      for (let k = 1; k <= dim; k++) chunks.push(Number(parts[k]));
      if (options.maxRows && words.length >= options.maxRows) break;
    }
    rl.close();
    const table = new Float32Array((words.length + 1) * dim);
    table.set(chunks, dim);
    return new StaticVectors(words, dim, table);
  }

  /**
   * The terms stage's vectors store (packages/terms/src/vector-store.ts documents the layout:
   * magic, uint32 header length, JSON header {dim, count}, count x dim float32 rows, '\n'-joined words).
   * Read here from the documented bytes because stages do not import each other.
   */
  static async loadStore(file: string): Promise<StaticVectors> {
    const buf = await readFile(file);
    const h = buf.readUInt32LE(8);
    const header = JSON.parse(buf.subarray(12, 12 + h).toString('utf8')) as { dim: number; count: number };
    const start = 12 + h;
    const floats = header.count * header.dim;
    const matrix = new Float32Array(buf.buffer.slice(buf.byteOffset + start, buf.byteOffset + start + floats * 4));
    const words = buf.subarray(start + floats * 4).toString('utf8').split('\n').slice(0, header.count);
    const table = new Float32Array((words.length + 1) * header.dim);
    table.set(matrix, header.dim);
    return new StaticVectors(words, header.dim, table);
  }

  /** Writes `vectors.json` (words, dim) and `vectors.bin` (float32 rows, zero row first). */
  async save(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'vectors.json'), JSON.stringify({ dim: this.dim, words: this.words }));
    await writeFile(path.join(dir, 'vectors.bin'), Buffer.from(this.table.buffer, this.table.byteOffset, this.table.byteLength));
  }

  static async loadFolder(dir: string): Promise<StaticVectors> {
    const meta = JSON.parse(await readFile(path.join(dir, 'vectors.json'), 'utf8')) as { dim: number; words: string[] };
    const buf = await readFile(path.join(dir, 'vectors.bin'));
    return new StaticVectors(meta.words, meta.dim, new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)));
  }
}
