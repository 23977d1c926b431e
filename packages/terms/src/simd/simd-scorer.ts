/**
 * The k-NN matrix-vector product in WebAssembly SIMD (scores.wat): 4 floats per instruction instead
 * of one, several times faster than the plain loop in knn.ts on the same core. The matrix lives in
 * the module's memory, so a store loaded from disk is read straight into it (no second copy).
 * Falls back (returns undefined) where wasm SIMD is missing or the matrix does not fit in 4 GiB.
 */
import { SCORES_WASM } from './scores-wasm.js';

/** The few WebAssembly APIs used (the repo's `lib` has no DOM types, where they are declared). */
export interface WasmModule { readonly _brand?: 'module' }
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { buffer: ArrayBuffer };
  validate(bytes: Uint8Array): boolean;
}
export const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

const PAGE = 65_536;
const MAX_BYTES = 65_536 * PAGE - PAGE; // wasm32 addresses 4 GiB

let compiled: WasmModule | null | undefined;

/** The compiled scores.wat module, or null where wasm SIMD is unavailable (or NERFLOW_NO_SIMD is set). */
export function simdModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      const bytes = Buffer.from(SCORES_WASM, 'base64');
      compiled = process.env.NERFLOW_NO_SIMD || !WA.validate(bytes) ? null : new WA.Module(bytes);
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

const align16 = (n: number) => (n + 15) & ~15;

export class SimdScorer {
  /** The `rows x dim` matrix, a view into the module's memory: fill it, then call `scores`. */
  readonly matrix: Float32Array;
  private readonly query: Float32Array;
  private readonly out: Float32Array;
  private readonly run: (mat: number, q: number, rows: number, dim: number, out: number) => void;

  private constructor(readonly rows: number, readonly dim: number, mod: WasmModule) {
    const matBytes = align16(rows * dim * 4);
    const qBytes = align16(dim * 4 + 32); // +32: the 8-wide loop may read past dim (ignored lanes)
    const total = matBytes + qBytes + rows * 4;
    const memory = new WA.Memory({ initial: Math.ceil(total / PAGE) || 1 });
    const instance = new WA.Instance(mod, { env: { memory } });
    this.run = instance.exports.scores as SimdScorer['run'];
    this.matrix = new Float32Array(memory.buffer, 0, rows * dim);
    this.query = new Float32Array(memory.buffer, matBytes, dim);
    this.out = new Float32Array(memory.buffer, matBytes + qBytes, rows);
  }

  /** A scorer with room for `rows x dim`, or undefined when SIMD is unavailable or it is too big. */
  static create(rows: number, dim: number): SimdScorer | undefined {
    const mod = simdModule();
    if (!mod || rows * dim * 4 + rows * 4 + dim * 4 + 64 > MAX_BYTES) return undefined;
    try {
      return new SimdScorer(rows, dim, mod);
    } catch {
      return undefined; // the engine refused that much memory
    }
  }

  /** Dot product of every row with `q` (a view, overwritten by the next call). */
  scores(q: ArrayLike<number>): Float32Array {
    this.query.set(q);
    this.run(this.matrix.byteOffset, this.query.byteOffset, this.rows, this.dim, this.out.byteOffset);
    return this.out;
  }
}
