import { loadNative } from '@nerflow/native';
import { readView, tf } from './backend.js';
import { jsLstmKernels, type LstmKernels } from './lstmKernel.js';
import { nativeThreads } from './wasmKernels.js';
import type { ParamStore } from './params.js';

const GATES = ['i', 'f', 'g', 'o'] as const;

/** The recurrence kernels: @nerflow/native's when built (~10x faster), else the same algorithm in TypeScript. */
function lstmKernels(): LstmKernels {
  const native = loadNative();
  if (!native) return jsLstmKernels;
  if (native.lstmLayout === 'packed') return native;
  // an addon built before the packed layout (`npm rebuild @nerflow/native` updates it): its prediction kernel only
  return typeof native.lstmPredict === 'function' ? { ...jsLstmKernels, lstmPredict: native.lstmPredict } : jsLstmKernels;
}

/**
 * A bidirectional LSTM over a flat batch of documents ([N, W] in, [N, W] out: forward and backward
 * states mixed by one linear map), the alternative to the window encoder (`--arch bilstm`).
 * Documents are laid out time-major with row gathers, longest first; the backward direction reads
 * each document reversed, so padding is always after the real steps, where the recurrence skips it.
 * The input projections of all tokens are one matrix product; the recurrence is one op (lstmRecurrence) whose
 * forward and backward passes run as plain loops: as tfjs ops, ~10 kernel calls per time step made
 * this encoder several times slower than the window encoder. With `inference` (no gradient will be
 * taken: prediction) the recurrence reads the tokens in place instead (`lstmPredictStates`).
 */
export function bilstm(p: ParamStore, name: string, x: tf.Tensor2D, docStarts: Int32Array, hidden: number, inference = false): tf.Tensor2D {
  const [n, w] = x.shape;
  if (n === 0) return tf.zeros([0, w]);
  const B = docStarts.length;
  const len = Array.from(docStarts, (s, b) => (b + 1 < B ? docStarts[b + 1]! : n) - s);
  if (inference) {
    // prediction: the recurrence reads the tokens where they are (no time-major layout, no gathers)
    const dirs = (['fwd', 'bwd'] as const).map((dir) => lstmWeights(p, `${name}/${dir}`, w, hidden));
    const [fwd, bwd] = lstmPredictStates(x, dirs, hidden, docStarts, Int32Array.from(len));
    return bilstmOutput(p, name, fwd!, bwd!, hidden, w);
  }
  const T = Math.max(1, ...len);
  // Longest documents first, so the ones still running at step t are rows [0, steps[t]) and the
  // recurrence skips the padding (a batch's longest sentence is often 3x its mean).
  const byLength = Array.from(len.keys()).sort((a, b) => len[b]! - len[a]! || a - b);
  const steps = runningSteps(byLength.map((d) => len[d]!), T);
  const off = stepOffsets(steps); // packed: step t's rows follow the steps before, n rows in all
  const pres: tf.Tensor2D[] = [];
  const whs: tf.Tensor2D[] = [];
  const back = new Int32Array(2 * n); // token -> its row in the two directions' stacked states
  (['fwd', 'bwd'] as const).forEach((dir, d) => {
    const order = new Int32Array(n);
    byLength.forEach((doc, b) => {
      for (let t = 0; t < len[doc]!; t++) {
        const tok = docStarts[doc]! + (dir === 'fwd' ? t : len[doc]! - 1 - t);
        order[off[t]! + b] = tok;
        back[d * n + tok] = d * n + off[t]! + b;
      }
    });
    const { Wx, b, Wh } = lstmWeights(p, `${name}/${dir}`, w, hidden);
    // the input projection on the real tokens only, then laid out time-major
    pres.push(tf.gather(tf.add(tf.matMul(x, Wx), b), tf.tensor1d(order, 'int32')) as tf.Tensor2D);
    whs.push(Wh);
  });
  const hs = lstmRecurrence(pres, whs, T, B, hidden, steps); // both directions in one op, at once on 2 threads
  const fwd = tf.gather(hs, tf.tensor1d(back.subarray(0, n), 'int32')) as tf.Tensor2D;
  const bwd = tf.gather(hs, tf.tensor1d(back.subarray(n), 'int32')) as tf.Tensor2D;
  return bilstmOutput(p, name, fwd, bwd, hidden, w);
}

/** The forward and backward states [n, hidden] mixed by one linear map into [n, w]. */
function bilstmOutput(p: ParamStore, name: string, fwd: tf.Tensor2D, bwd: tf.Tensor2D, hidden: number, w: number): tf.Tensor2D {
  return tf.add(
    tf.add(tf.matMul(fwd, p.get(`${name}/out/Wf`, [hidden, w], 'glorot')), tf.matMul(bwd, p.get(`${name}/out/Wb`, [hidden, w], 'glorot'))),
    p.get(`${name}/out/b`, [w], 'zeros'),
  );
}

/**
 * Prediction's recurrence (no gradient): the states [n, H] of D directions (even: forward, odd:
 * backward; `dirs` from `lstmWeights`), input projection included, over sequences stored one after
 * another, sequence s in rows [starts[s], starts[s] + lengths[s]) of x [n, I]. Unlike the training
 * path (x Wx + b gathered time-major, then `lstmRecurrence`) it lays nothing out time-major and
 * keeps no activations: with a batch's padding (its longest sentence is often 3x its mean) and the
 * copies, that layout was most of prediction's time (docs/benchmarks/train.md). Same states up to
 * the products' summation order (bilstm.test.ts).
 */
export function lstmPredictStates(
  x: tf.Tensor2D, dirs: { Wx: tf.Tensor2D; b: tf.Tensor1D; Wh: tf.Tensor2D }[], H: number, starts: Int32Array, lengths: Int32Array,
  kernels: LstmKernels = lstmKernels(),
): tf.Tensor2D[] {
  const n = x.shape[0];
  const stack = (ts: tf.Tensor[]) => {
    const out = new Float32Array(ts.reduce((a, t) => a + t.size, 0));
    let o = 0;
    for (const t of ts) { out.set(readView(t), o); o += t.size; }
    return out;
  };
  const hs = new Float32Array(dirs.length * n * H);
  kernels.lstmPredict(x.dataSync() as Float32Array, stack(dirs.map((d) => d.Wx)), stack(dirs.map((d) => d.b)), stack(dirs.map((d) => d.Wh)),
    hs, H, starts, lengths, nativeThreads());
  return dirs.map((_, d) => tf.tensor2d(hs.subarray(d * n * H, (d + 1) * n * H), [n, H]));
}

/** steps[t] = how many of these sequence lengths (longest first) exceed t, for t < T. */
export function runningSteps(lengthsLongestFirst: readonly number[], T: number): Int32Array {
  const steps = new Int32Array(T);
  let running = lengthsLongestFirst.length;
  for (let t = 0; t < T; t++) {
    while (running > 0 && lengthsLongestFirst[running - 1]! <= t) running--;
    steps[t] = running;
  }
  return steps;
}

/** off[t] = the sum of steps[s] for s < t, t <= T: where step t's rows start in the packed layout (off[T] = all rows). */
export function stepOffsets(steps: Int32Array): Int32Array {
  const off = new Int32Array(steps.length + 1);
  for (let t = 0; t < steps.length; t++) off[t + 1] = off[t]! + steps[t]!;
  return off;
}

/**
 * One LSTM direction's weights, stored one matrix per gate (the model folder's layout) and joined
 * here for one product per direction: Wx [nIn, 4H], b [4H] (forget gate starts at 1), Wh [H, 4H].
 */
export function lstmWeights(p: ParamStore, prefix: string, nIn: number, H: number): { Wx: tf.Tensor2D; b: tf.Tensor1D; Wh: tf.Tensor2D } {
  const Wx: tf.Tensor[] = [];
  const b: tf.Tensor[] = [];
  for (const g of GATES) {
    Wx.push(p.get(`${prefix}/Wx_${g}`, [nIn, H], 'glorot'));
    b.push(p.get(`${prefix}/b_${g}`, [H], g === 'f' ? 'ones' : 'zeros'));
  }
  const Wh = GATES.map((g) => p.get(`${prefix}/Wh_${g}`, [H, H], 'glorot'));
  return { Wx: tf.concat(Wx, 1) as tf.Tensor2D, b: tf.concat(b, 0) as tf.Tensor1D, Wh: tf.concat(Wh, 1) as tf.Tensor2D };
}

/**
 * h_t for every step of D LSTM directions over the same packed batch: pres[d] [P, 4H] (time-major
 * input projections + bias, gates i|f|g|o), whs[d] [H, 4H] -> [D * P, H] (direction d's states in
 * rows d * P ...), differentiable in every input. `steps[t]` sequences run at step t (the batch
 * holds them longest first), in rows [off[t], off[t] + steps[t]) (`stepOffsets`); P = the sum of
 * steps, so padding has no rows (a [T * B] layout with zero rows moved ~3x the real rows).
 * Default: all B at every step (P = T * B). The directions run at once where the native kernels have threads.
 */
export function lstmRecurrence(
  pres: tf.Tensor2D[], whs: tf.Tensor2D[], T: number, B: number, H: number,
  steps: Int32Array = new Int32Array(T).fill(B), kernels: LstmKernels = lstmKernels(),
): tf.Tensor2D {
  const D = pres.length;
  const P = stepOffsets(steps)[T]!;
  const threads = nativeThreads();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const stack = (ts: tf.Tensor[], size: number) => {
      const out = new Float32Array(D * size);
      ts.forEach((t, d) => out.set(readView(t), d * size));
      return out;
    };
    const G = 4 * H;
    const pre = stack(args.slice(0, D) as tf.Tensor[], P * G);
    const whv = stack(args.slice(D, 2 * D) as tf.Tensor[], H * G);
    const hs = new Float32Array(D * P * H);
    const cs = new Float32Array(D * P * H);
    const acts = new Float32Array(D * P * G);
    kernels.lstmForward(pre, whv, hs, cs, acts, T, B, H, steps, threads);
    return {
      value: tf.tensor2d(hs, [D * P, H]),
      gradFunc: (dy: tf.Tensor) => {
        const dpre = new Float32Array(D * P * G);
        const dWh = new Float32Array(D * H * G);
        kernels.lstmBackward(readView(dy), whv, hs, cs, acts, dpre, dWh, T, B, H, steps, threads);
        const one = P * G;
        return [
          ...pres.map((_, d) => tf.tensor2d(dpre.subarray(d * one, (d + 1) * one), [P, G])),
          ...whs.map((_, d) => tf.tensor2d(dWh.subarray(d * H * G, (d + 1) * H * G), [H, G])),
        ];
      },
    };
  }) as unknown as (...inputs: tf.Tensor2D[]) => tf.Tensor2D;
  return op(...pres, ...whs);
}
