import { tf } from '../tf/backend.js';
import type { ParamStore } from '../tf/params.js';
import { maxPieces } from '../tf/layers.js';
import { charRow, distinctWordChars } from './wordChars.js';

/** A character CNN over each word (Ma & Hovy 2016; the peer's char BiLSTM plays the same part). */
export interface CharCnnConfig {
  /** Character embedding width. */
  dim: number;
  /** Convolution filters = output width per word. */
  filters: number;
  /** Characters seen per word: longer words keep their first and last maxChars / 2. */
  maxChars: number;
  /** Character embedding rows (code points below rows - 1 get their own row; row 0 pads). */
  rows: number;
}

export const DEFAULT_CHAR_CNN: CharCnnConfig = { dim: 32, filters: 64, maxChars: 16, rows: 1024 };

/**
 * Character features of each word, [words.length, filters]: embeddings of its characters, a width-3
 * convolution with ReLU, max over positions. Computed once per distinct word of the batch. Case is
 * kept (capitals matter for names). The convolution is three matrix products over shifted row
 * gathers and the max is over the last axis of a [filters, words, positions] layout, because a
 * conv1d, a concat or tf.max's gradients are slow or missing on wasm (docs/stack.md section 2).
 */
export function charCnn(p: ParamStore, name: string, words: readonly string[], cfg: CharCnnConfig): tf.Tensor2D {
  const { chars, index } = distinctWordChars(words, cfg.maxChars);
  const U = chars.length;
  const L = Math.max(1, ...chars.map((c) => c.length));
  // Rows of each window position: padded[u][t] for t in [-1, L] (0 = padding), laid out [u * L + t].
  const shifted = [-1, 0, 1].map((o) => {
    const ids = new Int32Array(U * L);
    chars.forEach((c, u) => {
      for (let t = 0; t < L; t++) {
        const at = t + o;
        ids[u * L + t] = at >= 0 && at < c.length ? charRow(c[at]!, cfg.rows) : 0;
      }
    });
    return ids;
  });
  const table = p.get(`${name}/embed`, [cfg.rows, cfg.dim], { uniform: 0.1 });
  const limit = Math.sqrt(6 / (3 * cfg.dim + cfg.filters));
  // [filters, U * L] = sum over offsets of W_o^T . E[ids_o]^T
  const terms = shifted.map((ids, o) =>
    tf.matMul(p.get(`${name}/W${o}`, [cfg.dim, cfg.filters], { uniform: limit }), tf.gather(table, tf.tensor1d(ids, 'int32')), true, true));
  const h = tf.relu(tf.add(tf.addN(terms), p.get(`${name}/b`, [cfg.filters, 1], 'zeros')));
  const pooled = maxPieces(tf.reshape(h, [cfg.filters, U, L]) as tf.Tensor3D); // [filters, U]
  return tf.gather(tf.transpose(pooled), tf.tensor1d(index, 'int32')) as tf.Tensor2D;
}
