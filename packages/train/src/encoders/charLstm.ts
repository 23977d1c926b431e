import { tf } from '../tf/backend.js';
import { lstmPredictStates, lstmRecurrence, lstmWeights, runningSteps, stepOffsets } from '../tf/bilstm.js';
import { charRow, distinctWordChars } from './wordChars.js';
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

/** The character BiLSTM of `--char-lstm N` (N states per direction; 0: none). */
export function charLstmConfig(hidden: number): CharLstmConfig | null {
  return hidden > 0 ? { ...DEFAULT_CHAR_LSTM, hidden } : null;
}

/**
 * Character features of each word, two [words.length, hidden] parts (forward, backward), computed once per distinct word of
 * the batch. Case is kept (capitals matter for names). The words run time-major through the same
 * recurrence op as the word BiLSTM, longest first; a word's feature is each direction's state after
 * its last character, and the padding steps after a short word are skipped. The input
 * projection is applied to the embedding table (rows x 4H) and gathered, which is the same as
 * projecting each gathered character and cheaper.
 */
export function charLstm(p: ParamStore, name: string, words: readonly string[], cfg: CharLstmConfig, inference = false): tf.Tensor2D[] {
  const { chars, index } = distinctWordChars(words, cfg.maxChars);
  if (inference) return charLstmPredict(p, name, chars, index, cfg);
  const U = chars.length;
  const T = Math.max(1, ...chars.map((c) => c.length));
  const H = cfg.hidden;
  // Longest words first, so the recurrence skips the padding after short words (lstmRecurrence's steps).
  const steps1 = (u: number) => Math.max(1, chars[u]!.length);
  const byLength = Array.from(chars.keys()).sort((a, b) => steps1(b) - steps1(a) || a - b);
  const rank = new Int32Array(U);
  byLength.forEach((u, r) => { rank[u] = r; });
  const steps = runningSteps(byLength.map(steps1), T);
  const off = stepOffsets(steps); // the packed layout: step t's rows follow the steps before
  const P = off[T]!;
  const table = p.get(`${name}/embed`, [cfg.rows, cfg.dim], { uniform: 0.1 });
  const pres: tf.Tensor2D[] = [];
  const whs: tf.Tensor2D[] = [];
  const last = new Int32Array(2 * U); // each word's last step in the two directions' stacked states
  (['fwd', 'bwd'] as const).forEach((dir, d) => {
    const ids = new Int32Array(P); // a word without characters reads the padding row 0 once
    byLength.forEach((u, r) => {
      const c = chars[u]!;
      for (let t = 0; t < c.length; t++) ids[off[t]! + r] = charRow(c[dir === 'fwd' ? t : c.length - 1 - t]!, cfg.rows);
      last[d * U + r] = d * P + off[steps1(u) - 1]! + r;
    });
    const { Wx, b, Wh } = lstmWeights(p, `${name}/${dir}`, cfg.dim, H);
    const projected = tf.add(tf.matMul(table, Wx), b) as tf.Tensor2D;
    pres.push(tf.gather(projected, tf.tensor1d(ids, 'int32')) as tf.Tensor2D);
    whs.push(Wh);
  });
  const hs = lstmRecurrence(pres, whs, T, U, H, steps);
  const finals = [0, 1].map((d) => tf.gather(hs, tf.tensor1d(last.subarray(d * U, (d + 1) * U), 'int32')) as tf.Tensor2D);
  // Two parts (not a concat, whose gradient is a slow column split on wasm): the caller mixes the
  // embedding's parts by a maxout with a weight block per part.
  const rows = tf.tensor1d(Array.from(index, (u) => rank[u]!), 'int32');
  return finals.map((f) => tf.gather(f, rows) as tf.Tensor2D);
}

/**
 * `charLstm` for prediction (no gradient): the distinct words' characters one after another (a word
 * with none reads the padding row once, as in training), the recurrence over them in place
 * (`lstmPredictStates`), and each word's forward state at its last character, backward state at its first.
 */
function charLstmPredict(p: ParamStore, name: string, chars: number[][], index: Int32Array, cfg: CharLstmConfig): tf.Tensor2D[] {
  const U = chars.length;
  const starts = new Int32Array(U);
  const lengths = Int32Array.from(chars, (c) => Math.max(1, c.length));
  let rows = 0;
  lengths.forEach((l, u) => { starts[u] = rows; rows += l; });
  const ids = new Int32Array(rows); // the padding row 0 where a word has no characters
  chars.forEach((c, u) => c.forEach((cp, t) => { ids[starts[u]! + t] = charRow(cp, cfg.rows); }));
  // the characters' embeddings, projected in the kernel (the same sums as training's projected table, gathered)
  const x = tf.gather(p.get(`${name}/embed`, [cfg.rows, cfg.dim], { uniform: 0.1 }), tf.tensor1d(ids, 'int32')) as tf.Tensor2D;
  const dirs = (['fwd', 'bwd'] as const).map((dir) => lstmWeights(p, `${name}/${dir}`, cfg.dim, cfg.hidden));
  const [fwd, bwd] = lstmPredictStates(x, dirs, cfg.hidden, starts, lengths);
  const last = Int32Array.from(index, (u) => starts[u]! + lengths[u]! - 1);
  const first = Int32Array.from(index, (u) => starts[u]!);
  return [tf.gather(fwd!, tf.tensor1d(last, 'int32')) as tf.Tensor2D, tf.gather(bwd!, tf.tensor1d(first, 'int32')) as tf.Tensor2D];
}
