import { NerError } from '@nerflow/corpus';
import { tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { dense, layerNorm, maxout } from '../tf/layers.js';
import type { StaticVectors } from '../encoders/staticVectors.js';
import { PretrainErrors } from './errors.js';

/** Which property of a hidden word the encoder learns to predict from its context. */
export type ObjectiveKind = 'characters' | 'vectors';

export interface ObjectiveConfig {
  kind: ObjectiveKind;
  /** `characters`: how many leading and trailing characters are predicted (spaCy's `n_characters`). */
  nCharacters: number;
  /** Width of the maxout layer between the encoder and the predictions. */
  hidden: number;
}

export const DEFAULT_OBJECTIVE: ObjectiveConfig = { kind: 'characters', nCharacters: 4, hidden: 256 };

/** Classes per predicted character: 1 + code point modulo 255 (Spanish letters never collide), 0 = no character. */
const CHAR_CLASSES = 256;

/**
 * The pretraining head on top of the tok2vec encoder (spaCy's `spacy.PretrainCharacters.v1` and
 * `spacy.PretrainVectors.v1`): a maxout + layer-norm layer, then
 * - `characters`: one 256-way softmax per leading and trailing character of the word (cross-entropy);
 * - `vectors`: a projection to the static vector's width (cosine loss; words without a vector skipped).
 * It sees only the encoder's output at masked positions, so the encoder must infer the word from
 * its context. The head is discarded after pretraining: only the encoder is reused.
 */
export class PretrainObjective {
  readonly params: ParamStore;

  constructor(readonly cfg: ObjectiveConfig, seed: number, readonly vectors: StaticVectors | null = null) {
    if (cfg.kind === 'vectors' && !vectors) {
      throw new NerError(PretrainErrors.BAD_OPTIONS, 'The vectors objective needs static vectors', {
        hint: 'Pass --vectors FILE.vec (e.g. from `nerflow vectors train`), or use --objective characters.',
      });
    }
    this.params = new ParamStore(new Rng(seed + 15485863));
  }

  /**
   * Summed loss over the `positions` (token indices into the batch) and how many positions counted,
   * for encoder outputs `x` [tokens, width]; `words` are the ORIGINAL (unmasked) token texts.
   * Call inside tf.variableGrads / tf.tidy.
   */
  loss(x: tf.Tensor2D, words: readonly string[], positions: Int32Array): { loss: tf.Scalar; count: number } {
    const h0 = tf.gather(x, tf.tensor1d(positions, 'int32'));
    const h = layerNorm(this.params, 'hidden/norm', maxout(this.params, 'hidden', h0, this.cfg.hidden, 3));
    return this.cfg.kind === 'characters' ? this.charLoss(h, words, positions) : this.vectorLoss(h, words, positions);
  }

  private charLoss(h: tf.Tensor2D, words: readonly string[], positions: Int32Array): { loss: tf.Scalar; count: number } {
    const k = this.cfg.nCharacters * 2;
    const targets = new Int32Array(positions.length * k);
    positions.forEach((p, i) => targets.set(characterTargets(words[p]!, this.cfg.nCharacters), i * k));
    const logits = tf.reshape(dense(this.params, 'output', h, k * CHAR_CLASSES), [positions.length * k, CHAR_CLASSES]);
    const onehot = tf.oneHot(tf.tensor1d(targets, 'int32'), CHAR_CLASSES);
    const loss = tf.neg(tf.sum(tf.mul(onehot, tf.logSoftmax(logits)))) as tf.Scalar;
    return { loss: tf.div(loss, k) as tf.Scalar, count: positions.length };
  }

  private vectorLoss(h: tf.Tensor2D, words: readonly string[], positions: Int32Array): { loss: tf.Scalar; count: number } {
    const v = this.vectors!;
    const keep: number[] = [];
    const rows: number[] = [];
    positions.forEach((p, i) => { const r = v.row(words[p]!); if (r > 0) { keep.push(i); rows.push(r); } });
    const pred0 = dense(this.params, 'output', h, v.dim);
    if (!keep.length) return { loss: tf.mul(tf.sum(pred0), 0) as tf.Scalar, count: 0 };
    const pred = tf.gather(pred0, tf.tensor1d(keep, 'int32'));
    const target = tf.tensor2d(gatherRows(v, rows), [rows.length, v.dim]);
    const unit = (t: tf.Tensor2D) => tf.div(t, tf.add(tf.norm(t, 'euclidean', 1, true), 1e-8));
    const cos = tf.sum(tf.mul(unit(pred), unit(target)), 1);
    return { loss: tf.sum(tf.sub(1, cos)) as tf.Scalar, count: keep.length };
  }

  config(): Record<string, unknown> {
    return { ...this.cfg };
  }
}

/**
 * Classes of the first and last `n` characters of a word (1 + code point modulo 255; 0 pads short
 * words), e.g. "Madrid" with n = 4 -> M a d r | d r i d (spaCy predicts the same from UTF-8 bytes).
 */
export function characterTargets(word: string, n: number): Int32Array {
  const cps = [...word].map((c) => (c.codePointAt(0)! % (CHAR_CLASSES - 1)) + 1);
  const out = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    out[i] = cps[i] ?? 0;
    out[n + i] = cps.length - n + i >= 0 ? cps[cps.length - n + i]! : 0;
  }
  return out;
}

function gatherRows(v: StaticVectors, rows: number[]): Float32Array {
  const out = new Float32Array(rows.length * v.dim);
  rows.forEach((r, i) => out.set(v.table.subarray(r * v.dim, (r + 1) * v.dim), i * v.dim));
  return out;
}
