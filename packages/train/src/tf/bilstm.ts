import { tf } from './backend.js';
import type { ParamStore } from './params.js';

const GATES = ['i', 'f', 'g', 'o'] as const;

/**
 * A bidirectional LSTM over a flat batch of documents ([N, W] in, [N, W] out: forward and backward
 * states mixed by one linear map), the alternative to the window encoder (`--arch bilstm`).
 * Documents are laid out time-major with row gathers; the backward direction reads each document
 * reversed, so padding is always after the real steps and never leaks into them. One weight matrix
 * per gate, and the input projections of all steps computed at once: column splits and concats have
 * slow gradients on wasm (docs/stack.md section 2).
 */
export function bilstm(p: ParamStore, name: string, x: tf.Tensor2D, docStarts: Int32Array, hidden: number): tf.Tensor2D {
  const [n, w] = x.shape;
  const B = docStarts.length;
  const len = Array.from(docStarts, (s, b) => (b + 1 < B ? docStarts[b + 1]! : n) - s);
  const T = Math.max(1, ...len);
  const padded = tf.concat([x, tf.zeros([1, w])], 0) as tf.Tensor2D; // row n = zeros
  const outs: tf.Tensor2D[] = [];
  for (const dir of ['fwd', 'bwd'] as const) {
    const order = new Int32Array(T * B).fill(n);
    const back = new Int32Array(n);
    for (let b = 0; b < B; b++) {
      for (let t = 0; t < len[b]!; t++) {
        const tok = docStarts[b]! + (dir === 'fwd' ? t : len[b]! - 1 - t);
        order[t * B + b] = tok;
        back[tok] = t * B + b;
      }
    }
    const xs = tf.gather(padded, tf.tensor1d(order, 'int32'));
    const pre = GATES.map((g) => tf.split(
      tf.add(tf.matMul(xs, p.get(`${name}/${dir}/Wx_${g}`, [w, hidden], 'glorot')),
        p.get(`${name}/${dir}/b_${g}`, [hidden], g === 'f' ? 'ones' : 'zeros')), T, 0) as tf.Tensor2D[]);
    const Wh = GATES.map((g) => p.get(`${name}/${dir}/Wh_${g}`, [hidden, hidden], 'glorot'));
    let h = tf.zeros([B, hidden]) as tf.Tensor2D;
    let c = tf.zeros([B, hidden]) as tf.Tensor2D;
    const hs: tf.Tensor2D[] = [];
    for (let t = 0; t < T; t++) {
      const [i, f, g, o] = GATES.map((_, k) => tf.add(pre[k]![t]!, tf.matMul(h, Wh[k]!)));
      c = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!)));
      h = tf.mul(tf.sigmoid(o!), tf.tanh(c));
      hs.push(h);
    }
    outs.push(tf.gather(tf.concat(hs, 0), tf.tensor1d(back, 'int32')));
  }
  return tf.add(
    tf.add(tf.matMul(outs[0]!, p.get(`${name}/out/Wf`, [hidden, w], 'glorot')), tf.matMul(outs[1]!, p.get(`${name}/out/Wb`, [hidden, w], 'glorot'))),
    p.get(`${name}/out/b`, [w], 'zeros'),
  );
}
