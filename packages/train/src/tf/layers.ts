import { readView, tf } from './backend.js';
import { loadNative } from '@nerflow/native';
import type { ParamStore } from './params.js';

/**
 * Small functional layers over a ParamStore (thinc style: each takes its parameters by name and
 * states its shapes where used). Only ops that have gradients on every backend are used: matMul,
 * gather (UnsortedSegmentSum is registered for wasm in wasmKernels.ts), slice/concat, max, mean.
 */

/** x [N, nI] -> [N, nO]. */
export function dense(p: ParamStore, name: string, x: tf.Tensor2D, nO: number): tf.Tensor2D {
  const nI = x.shape[1];
  const W = p.get(`${name}/W`, [nI, nO], 'glorot');
  const b = p.get(`${name}/b`, [nO], 'zeros');
  return tf.add(tf.matMul(x, W), b);
}

/** Maxout (spaCy's default): `pieces` affine maps, elementwise max. */
export function maxout(p: ParamStore, name: string, x: tf.Tensor2D, nO: number, pieces: number): tf.Tensor2D {
  return windowMaxout(p, name, [x], nO, pieces);
}

/**
 * Maxout over several inputs (a token and its neighbours, or several embeddings):
 * h = sum_d xs[d] @ W[d] + b, then the max over each output's `pieces` columns. Equivalent to maxout
 * over the concatenated inputs without the concat, whose gradient (a column split) is slow on wasm.
 */
export function windowMaxout(p: ParamStore, name: string, xs: tf.Tensor2D[], nO: number, pieces: number): tf.Tensor2D {
  const nIn = xs.reduce((a, x) => a + x.shape[1], 0);
  const terms = xs.map((x, d) => {
    // Glorot limit of the equivalent [sum nI, nO * pieces] matrix, so init does not depend on the split.
    const W = p.get(`${name}/W${d}`, [x.shape[1], nO * pieces], { uniform: Math.sqrt(6 / (nIn + nO * pieces)) });
    return tf.matMul(x, W);
  });
  const h = tf.add(terms.length === 1 ? terms[0]! : tf.addN(terms), p.get(`${name}/b`, [nO * pieces], 'zeros')) as tf.Tensor2D;
  return maxPieces(tf.reshape(h, [h.shape[0], nO, pieces]));
}

/**
 * Max over the last axis with a gradient computed from the argmax (in @nerflow/native when built,
 * else plain JS): tf.max's own gradient is a broadcasting Equal, ~30x slower than the layer's matMuls on wasm.
 */
export const maxPieces = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor3D;
  const save = args[1] as tf.GradSaveFunc;
  const y = tf.max(x, 2) as tf.Tensor;
  save([x]);
  return {
    value: y,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const xs = saved[0]!;
      const [n, o, k] = xs.shape as [number, number, number];
      const xv = readView(xs); // views: valid up to the tensor made below
      const g = readView(dy);
      const dx = new Float32Array(n * o * k);
      const native = loadNative();
      if (native) {
        native.maxoutBackward(xv, g, dx, k);
        return [tf.tensor3d(dx, [n, o, k])];
      }
      for (let i = 0, base = 0; i < n * o; i++, base += k) {
        let best = base;
        for (let j = base + 1; j < base + k; j++) if (xv[j]! > xv[best]!) best = j;
        dx[best] = g[i]!;
      }
      return [tf.tensor3d(dx, [n, o, k])];
    },
  };
}) as unknown as (x: tf.Tensor3D) => tf.Tensor2D;

/** Layer normalisation over the last axis with learned gain and bias. */
export function layerNorm(p: ParamStore, name: string, x: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[1];
  const g = p.get(`${name}/g`, [n], 'ones');
  const b = p.get(`${name}/b`, [n], 'zeros');
  const { mean, variance } = tf.moments(x, 1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), g), b);
}

/**
 * Each token's neighbours at offsets -window..window ([N, W] each; d = 0 is x itself), over a flat
 * batch of documents: a neighbour across a document boundary is a zero row. Together with
 * `windowMaxout` this is the "unfold" form of a 1-d convolution (wasm has no conv1d backward); the
 * neighbours are row gathers, whose gradient is a segment sum.
 */
export function windowNeighbours(x: tf.Tensor2D, docStarts: Int32Array, window: number): tf.Tensor2D[] {
  const [n, w] = x.shape;
  const padded = tf.concat([x, tf.zeros([1, w])], 0) as tf.Tensor2D; // row n = zeros
  const out: tf.Tensor2D[] = [];
  for (let d = -window; d <= window; d++) {
    if (d === 0) { out.push(x); continue; }
    out.push(tf.gather(padded, tf.tensor1d(neighbourIndex(docStarts, n, d), 'int32')));
  }
  return out;
}

/** idx[i] = i + d when that token is in the same document as token i, else n (the zero row). */
function neighbourIndex(docStarts: Int32Array, n: number, d: number): Int32Array {
  const idx = new Int32Array(n);
  let doc = 0;
  for (let i = 0; i < n; i++) {
    while (doc + 1 < docStarts.length && docStarts[doc + 1]! <= i) doc++;
    const lo = docStarts[doc]!;
    const hi = doc + 1 < docStarts.length ? docStarts[doc + 1]! : n;
    const j = i + d;
    idx[i] = j >= lo && j < hi ? j : n;
  }
  return idx;
}

/**
 * Inverted dropout with a counter-based mask: element k of the flat batch keeps or drops from a hash
 * of (seed, offset * width + k) alone, so a token's mask does not depend on how the batch was split
 * (data-parallel replicas pass their share's first token as `tokenOffset` and get the same masks as
 * one thread on the whole batch). Identity when not training.
 */
export function dropout(x: tf.Tensor2D, rate: number, seed: number | undefined, tokenOffset = 0): tf.Tensor2D {
  if (!rate || seed === undefined) return x;
  const keep = 1 / (1 - rate);
  const mask = new Float32Array(x.size);
  const s = mix32(seed | 0);
  const base = tokenOffset * x.shape[1];
  for (let i = 0; i < mask.length; i++) mask[i] = mix32((s + base + i) | 0) / 4294967296 < rate ? 0 : keep;
  return tf.mul(x, tf.tensor2d(mask, x.shape));
}

/** murmur3's 32-bit finaliser: a well-mixed unsigned hash of an integer. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
