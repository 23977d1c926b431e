/**
 * @nerflow/native: optional compiled kernels (csrc/, built by scripts/build.mjs at npm install).
 * Stages call {@link loadNative} and keep their pure-npm path when it returns null, so nerflow
 * installs and gives the same results (up to float summation order) without a compiler.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The native kernels (csrc/binding.cc). */
export interface NativeKernels {
  /**
   * c = op(a) * op(b), row-major float32: op(a) is [M, K] (a stored [K, M] when transposeA), op(b)
   * is [K, N] (b stored [N, K] when transposeB), c is [M, N]. Runs on `threads` threads (<= 1: the
   * calling one). Throws a RangeError when an array is shorter than its shape.
   */
  matmul(a: Float32Array, b: Float32Array, c: Float32Array, M: number, N: number, K: number,
    transposeA: boolean, transposeB: boolean, threads: number): void;
  /** Sum of g[i]^2 (accumulated in double per block of 4,096). */
  sumSquares(g: Float32Array): number;
  /**
   * One Adam step in place over equal-length arrays: g' = g * scale; m = b1 m + (1 - b1) g';
   * v = b2 v + (1 - b2) g'^2; w -= m / (sqrt(v) + eps) * lrT (lrT: the bias-corrected step size).
   */
  adam(w: Float32Array, g: Float32Array, m: Float32Array, v: Float32Array, scale: number, beta1: number,
    beta2: number, eps: number, lrT: number): void;
  /** A moving average of the weights in place: avg -= (1 - decay) * (avg - w). */
  average(avg: Float32Array, w: Float32Array, decay: number): void;
  /** dx[rows, pieces] = dy[row] at each row's first maximum of x, 0 elsewhere (maxout's gradient). */
  maxoutBackward(x: Float32Array, dy: Float32Array, dx: Float32Array, pieces: number): void;
  /** out[segments, inner] = sum of the rows of x whose id is the segment; other ids dropped (a row gather's gradient). */
  segmentSum(x: Float32Array, ids: Int32Array, out: Float32Array, segments: number): void;
  /**
   * The recurrence of D LSTM directions over the same packed time-major batch (csrc/lstm.h),
   * stacked in each array (D = Wh.length / 4H^2): pre/acts [D, P, 4H] (gates i|f|g|o), Wh
   * [D, H, 4H], hs/cs [D, P, H]. `steps[t]` (non-increasing, <= B) sequences run at step t (the
   * first ones: longest first), in the steps[t] rows after those of the steps before; P = the sum
   * of steps, padding has no rows. Fills hs, cs and acts (the activated gates). The directions run
   * on up to `threads` threads.
   */
  lstmForward(pre: Float32Array, Wh: Float32Array, hs: Float32Array, cs: Float32Array, acts: Float32Array, T: number, B: number, H: number, steps: Int32Array, threads: number): void;
  /** Its backward pass: dpre [D, P, 4H] and dWh [D, H, 4H] (overwritten) from dhs [D, P, H] and the forward's hs, cs, acts. */
  lstmBackward(dhs: Float32Array, Wh: Float32Array, hs: Float32Array, cs: Float32Array, acts: Float32Array,
    dpre: Float32Array, dWh: Float32Array, T: number, B: number, H: number, steps: Int32Array, threads: number): void;
  /**
   * Prediction only: the forward recurrence, input projection included, of D directions stacked in
   * the weights (Wx [D, I, 4H], b [D, 4H], Wh [D, H, 4H]) over the rows of x [N, I], into hs
   * [D, N, H]. The sequences stay where they are in token order, sequence s in rows [starts[s],
   * starts[s] + lengths[s]); even directions read each one forward, odd ones backward (a BiLSTM's
   * fwd, bwd). No time-major layout, no padding and no activations kept (csrc/lstm.h); rows of no
   * sequence are left as they are. Up to `threads` threads (one per direction).
   */
  lstmPredict(x: Float32Array, Wx: Float32Array, b: Float32Array, Wh: Float32Array, hs: Float32Array, H: number,
    starts: Int32Array, lengths: Int32Array, threads: number): void;
  /** 'packed' where lstmForward / lstmBackward take the packed layout above (an older build: absent, [T, B] rows). */
  lstmLayout?: string;
  /** The widest vector instruction set the product uses on this CPU: 'avx512f', 'avx2' or 'baseline'. */
  isa(): string;
}

export interface NativeStatus {
  kernels: NativeKernels | null;
  /** Why they are or are not in use, for diagnostics and benchmark output. */
  reason: string;
}

/** Where the compiled addon lives (the same from src/ and dist/). */
export const ADDON_PATH = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'build', 'Release', 'nerflow_native.node');

let cached: NativeStatus | undefined;

/** Loads the addon once per thread; never throws. NERFLOW_NATIVE=0 turns it off. */
export function nativeStatus(): NativeStatus {
  if (cached) return cached;
  if (process.env.NERFLOW_NATIVE === '0') return (cached = { kernels: null, reason: 'off (NERFLOW_NATIVE=0)' });
  if (!existsSync(ADDON_PATH)) {
    return (cached = { kernels: null, reason: 'not built (run `npm rebuild @nerflow/native` with g++, make and python3 installed)' });
  }
  try {
    const kernels = createRequire(import.meta.url)(ADDON_PATH) as NativeKernels;
    return (cached = { kernels, reason: `native ${kernels.isa()}` });
  } catch (err) {
    return (cached = { kernels: null, reason: `failed to load: ${err instanceof Error ? err.message : String(err)}` });
  }
}

/** The native kernels, or null (not built, failed to load, or NERFLOW_NATIVE=0). */
export function loadNative(): NativeKernels | null {
  return nativeStatus().kernels;
}
