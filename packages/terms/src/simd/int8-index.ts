/**
 * Exact k-NN with a quarter of the memory traffic: every row is also kept as int8 (a per-row
 * scale), scanned with wasm SIMD integer dot products, and only the rows whose score could still
 * reach the top k are re-scored exactly in float32. Exactness comes from an error bound:
 *   x_r = s_r Q_r + e_r and q = t q' + f   =>   |x_r . q - s_r t (Q_r . q')| <= |e_r| |q| + (|x_r| + |e_r|) |f| =: B
 * so with A_k the k-th best approximate score, every true top-k row has approximate score >= A_k - 2B.
 */
import { simdModule, WA, type WasmModule } from './simd-scorer.js';
import type { Scored } from '../knn.js';
import { topKFromScores } from '../knn.js';

const PAGE = 65_536;
const MAX_BYTES = 65_536 * PAGE - PAGE;

export class Int8Index {
  private readonly dimP: number;
  private readonly mat: Int8Array;
  private readonly q: Int8Array;
  private readonly out: Int32Array;
  private readonly scale: Float32Array;
  private readonly approx: Float32Array;
  private maxErr = 0;
  private readonly run: (mat: number, q: number, rows: number, dim: number, out: number) => void;

  private constructor(private readonly matrix: Float32Array, readonly rows: number, readonly dim: number, mod: WasmModule) {
    this.dimP = Math.ceil(dim / 16) * 16;
    const matBytes = rows * this.dimP;
    const qOff = (matBytes + 15) & ~15;
    const outOff = qOff + this.dimP;
    const memory = new WA.Memory({ initial: Math.ceil((outOff + rows * 4) / PAGE) || 1 });
    this.run = new WA.Instance(mod, { env: { memory } }).exports.scores_i8 as Int8Index['run'];
    this.mat = new Int8Array(memory.buffer, 0, matBytes);
    this.q = new Int8Array(memory.buffer, qOff, this.dimP);
    this.out = new Int32Array(memory.buffer, outOff, rows);
    this.scale = new Float32Array(rows);
    this.approx = new Float32Array(rows);
    this.quantize();
  }

  /** Builds the int8 copy of `matrix` (rows x dim), or undefined where wasm SIMD is unavailable. */
  static create(matrix: Float32Array, rows: number, dim: number): Int8Index | undefined {
    const mod = simdModule();
    if (!mod || rows * (Math.ceil(dim / 16) * 16 + 4) + 64 > MAX_BYTES) return undefined;
    try {
      return new Int8Index(matrix, rows, dim, mod);
    } catch {
      return undefined;
    }
  }

  private quantize(): void {
    const { matrix, dim, dimP } = this;
    for (let r = 0; r < this.rows; r++) {
      const off = r * dim;
      let max = 0;
      for (let d = 0; d < dim; d++) max = Math.max(max, Math.abs(matrix[off + d]!));
      const s = max > 0 ? max / 127 : 1;
      this.scale[r] = s;
      let err = 0;
      for (let d = 0; d < dim; d++) {
        const x = matrix[off + d]!;
        const v = Math.round(x / s);
        this.mat[r * dimP + d] = v;
        err += (x - Math.fround(s) * v) ** 2;
      }
      this.maxErr = Math.max(this.maxErr, Math.sqrt(err));
    }
  }

  /**
   * The exact k best rows by dot product with `query` (any length-`dim` vector), best first.
   * @param skip - rows never returned.
   */
  nearest(query: Float32Array, k: number, skip?: (index: number) => boolean): Scored[] {
    const { dim } = this;
    let qmax = 0, qnorm = 0;
    for (let d = 0; d < dim; d++) {
      qmax = Math.max(qmax, Math.abs(query[d]!));
      qnorm += query[d]! * query[d]!;
    }
    qnorm = Math.sqrt(qnorm);
    const t = qmax > 0 ? qmax / 127 : 1;
    let f = 0;
    for (let d = 0; d < dim; d++) {
      const v = Math.round(query[d]! / t);
      this.q[d] = v;
      f += (query[d]! - t * v) ** 2;
    }
    this.run(this.mat.byteOffset, this.q.byteOffset, this.rows, this.dimP, this.out.byteOffset);
    for (let r = 0; r < this.rows; r++) this.approx[r] = this.scale[r]! * t * this.out[r]!;
    // |x_r| <= 1: rows are L2-normalised; 1e-5 covers float rounding of the approximate scores
    const bound = this.maxErr * qnorm + (1 + this.maxErr) * Math.sqrt(f) + 1e-5;
    const best = topKFromScores(this.approx, k, skip);
    if (best.length < k) return this.rescore(query, best.map((b) => b.index), k);
    const threshold = best[best.length - 1]!.score - 2 * bound;
    const candidates: number[] = [];
    for (let r = 0; r < this.rows; r++) if (this.approx[r]! >= threshold && !(skip && skip(r))) candidates.push(r);
    return this.rescore(query, candidates, k);
  }

  /** Exact float scores of the candidate rows, best k (ties: lower row first, as topK). */
  private rescore(q: Float32Array, rows: number[], k: number): Scored[] {
    const { dim, matrix } = this;
    return rows
      .map((r) => {
        let s = 0;
        for (let d = 0, off = r * dim; d < dim; d++) s += matrix[off + d]! * q[d]!;
        return { index: r, score: s };
      })
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, k);
  }
}
