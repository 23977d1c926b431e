import { tf } from './backend.js';
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

/** Maxout (spaCy's default): a dense layer to nO * pieces, max over the pieces. */
export function maxout(p: ParamStore, name: string, x: tf.Tensor2D, nO: number, pieces: number): tf.Tensor2D {
  const h = dense(p, name, x, nO * pieces);
  return tf.max(tf.reshape(h, [x.shape[0], nO, pieces]), 2);
}

/** Layer normalisation over the last axis with learned gain and bias. */
export function layerNorm(p: ParamStore, name: string, x: tf.Tensor2D): tf.Tensor2D {
  const n = x.shape[1];
  const g = p.get(`${name}/g`, [n], 'ones');
  const b = p.get(`${name}/b`, [n], 'zeros');
  const { mean, variance } = tf.moments(x, 1, true);
  return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, 1e-6))), g), b);
}

/**
 * Concatenates each token's vector with its `window` neighbours on both sides ([N, W] ->
 * [N, (2 * window + 1) * W]), over a flat batch of documents: neighbours across a document boundary
 * are zeros. This is the "unfold" form of a 1-d convolution; followed by a dense layer it is the
 * convolution, and its gradients need only matMul, slice and concat (wasm has no conv1d backward).
 */
export function windowExpand(x: tf.Tensor2D, docStarts: Int32Array, window: number): tf.Tensor2D {
  const [n, w] = x.shape;
  const parts: tf.Tensor2D[] = [];
  for (let d = -window; d <= window; d++) {
    if (d === 0) { parts.push(x); continue; }
    parts.push(tf.mul(shift(x, d, n, w), neighbourMask(docStarts, n, d)));
  }
  return tf.concat(parts, 1);
}

/** Row i of the result is row i + d of x (zeros outside). */
function shift(x: tf.Tensor2D, d: number, n: number, w: number): tf.Tensor2D {
  const k = Math.min(Math.abs(d), n);
  const z = tf.zeros([k, w]) as tf.Tensor2D;
  if (k === n) return z;
  return d < 0
    ? tf.concat([z, tf.slice(x, [0, 0], [n - k, w])], 0)
    : tf.concat([tf.slice(x, [k, 0], [n - k, w]), z], 0);
}

/** [N, 1]: 1 where token i + d is in the same document as token i. */
function neighbourMask(docStarts: Int32Array, n: number, d: number): tf.Tensor2D {
  const m = new Float32Array(n);
  let doc = 0;
  for (let i = 0; i < n; i++) {
    while (doc + 1 < docStarts.length && docStarts[doc + 1]! <= i) doc++;
    const lo = docStarts[doc]!;
    const hi = doc + 1 < docStarts.length ? docStarts[doc + 1]! : n;
    const j = i + d;
    m[i] = j >= lo && j < hi ? 1 : 0;
  }
  return tf.tensor2d(m, [n, 1]);
}

/** Inverted dropout with a seeded mask; identity when not training. */
export function dropout(x: tf.Tensor2D, rate: number, seed: number | undefined): tf.Tensor2D {
  if (!rate || seed === undefined) return x;
  return tf.dropout(x, rate, undefined, seed) as tf.Tensor2D;
}
