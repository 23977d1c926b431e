import { tf } from '../tf/backend.js';
import { lstmRecurrence } from '../tf/bilstm.js';
import type { ParamStore } from '../tf/params.js';

/**
 * A character BiLSTM over each word (Lample et al. 2016, the reference peer's character model): the
 * last state of a forward and of a backward LSTM over the word's characters, [2 * hidden] per word.
 */
export interface CharLstmConfig {
  /** Character embedding width. */
  dim: number;
  /** State width per direction (output: 2 * hidden per word). */
  hidden: number;
  /** Characters read per word: longer words keep their first and last maxChars / 2. */
  maxChars: number;
  /** Character embedding rows (code points below rows - 1 get their own row; row 0 pads). */
  rows: number;
}

export const DEFAULT_CHAR_LSTM: CharLstmConfig = { dim: 25, hidden: 25, maxChars: 20, rows: 1024 };

const GATES = ['i', 'f', 'g', 'o'] as const;

/** The characters a word is read as: all of them, or its first and last `max / 2` when longer. */
export function charsOf(word: string, max: number): number[] {
  const cps = Array.from(word, (c) => c.codePointAt(0)!);
  return cps.length <= max ? cps : [...cps.slice(0, max >> 1), ...cps.slice(cps.length - (max - (max >> 1)))];
}

export function charRow(cp: number, rows: number): number {
  return cp < rows - 1 ? cp + 1 : 1 + (cp % (rows - 1));
}

/**
 * Character features of each word, two [words.length, hidden] parts (forward, backward), computed once per distinct word of
 * the batch. Case is kept (capitals matter for names). The words run time-major through the same
 * recurrence op as the word BiLSTM; a word's feature is each direction's state after its last
 * character, so the padding steps after a short word are computed but never read. The input
 * projection is applied to the embedding table (rows x 4H) and gathered, which is the same as
 * projecting each gathered character and cheaper.
 */
export function charLstm(p: ParamStore, name: string, words: readonly string[], cfg: CharLstmConfig): tf.Tensor2D[] {
  const distinct = new Map<string, number>();
  const index = Int32Array.from(words, (w) => {
    let i = distinct.get(w);
    if (i === undefined) distinct.set(w, (i = distinct.size));
    return i;
  });
  const chars = [...distinct.keys()].map((w) => charsOf(w, cfg.maxChars));
  const U = chars.length;
  const T = Math.max(1, ...chars.map((c) => c.length));
  const H = cfg.hidden;
  const table = p.get(`${name}/embed`, [cfg.rows, cfg.dim], { uniform: 0.1 });
  const finals: tf.Tensor2D[] = [];
  for (const dir of ['fwd', 'bwd'] as const) {
    const ids = new Int32Array(T * U);
    const last = new Int32Array(U);
    chars.forEach((c, u) => {
      for (let t = 0; t < c.length; t++) ids[t * U + u] = charRow(c[dir === 'fwd' ? t : c.length - 1 - t]!, cfg.rows);
      last[u] = (Math.max(1, c.length) - 1) * U + u;
    });
    const Wx: tf.Tensor[] = [];
    const bias: tf.Tensor[] = [];
    for (const g of GATES) {
      Wx.push(p.get(`${name}/${dir}/Wx_${g}`, [cfg.dim, H], 'glorot'));
      bias.push(p.get(`${name}/${dir}/b_${g}`, [H], g === 'f' ? 'ones' : 'zeros'));
    }
    const Wh = tf.concat(GATES.map((g) => p.get(`${name}/${dir}/Wh_${g}`, [H, H], 'glorot')), 1) as tf.Tensor2D;
    const projected = tf.add(tf.matMul(table, tf.concat(Wx, 1) as tf.Tensor2D), tf.concat(bias, 0)) as tf.Tensor2D;
    const hs = lstmRecurrence(tf.gather(projected, tf.tensor1d(ids, 'int32')), Wh, T, U, H);
    finals.push(tf.gather(hs, tf.tensor1d(last, 'int32')));
  }
  // Two parts (not a concat, whose gradient is a slow column split on wasm): the caller mixes the
  // embedding's parts by a maxout with a weight block per part.
  return finals.map((f) => tf.gather(f, tf.tensor1d(index, 'int32')) as tf.Tensor2D);
}
