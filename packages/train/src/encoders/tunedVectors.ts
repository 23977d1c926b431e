import { tf } from '../tf/backend.js';
import type { ParamStore } from '../tf/params.js';
import { attrValue } from './hashFeatures.js';
import type { StaticVectors } from './staticVectors.js';

/** The trainable offsets' variable: row 0 is UNKNOWN, row i + 1 the i-th word of the NORM vocabulary. */
export const TUNED_VECTORS_PARAM = 'vectors/tune';

/**
 * Static vectors fine-tuned on the training words, as the peer's word embedding (a table initialised
 * from the vectors and trained, /work/shared/peer/bilstm_crf.py), without copying the whole table:
 * a word of the training NORM vocabulary gets its vector plus a trained offset (zero at the start,
 * so Adam moves it exactly as it would move the initialised row); a word seen only by the vectors
 * keeps its vector untouched (in the peer such rows get no gradient either); a word neither knows is
 * UNKNOWN, one trained row. Training's word dropout (`unknown`) makes a word seen once UNKNOWN,
 * vector and all, as the peer's <unk>: so UNKNOWN's row learns from many words, and the model
 * learns to tag from context and characters alone (dev F1 +0.37 over 2 seeds against dropping to
 * the plain vector, the way before 2026-12-04; docs/benchmarks/train.md).
 */
export class TunedVectors {
  private readonly index = new Map<string, number>();

  constructor(private readonly vectors: StaticVectors, vocabulary: readonly string[]) {
    vocabulary.forEach((w, i) => this.index.set(w, i + 1));
  }

  /** Rows of the offsets table. */
  get rows(): number {
    return this.index.size + 1;
  }

  /** Creates the (zero) offsets in `store`, replacing any of another shape (the vocabulary is learnt after `create`). */
  init(store: ParamStore): void {
    const shape = [this.rows, this.vectors.dim];
    if (store.has(TUNED_VECTORS_PARAM)) {
      const old = store.get(TUNED_VECTORS_PARAM, shape, 'zeros');
      if (old.shape[0] === shape[0] && old.shape[1] === shape[1]) return;
    }
    store.set(TUNED_VECTORS_PARAM, new Float32Array(shape[0]! * shape[1]!), shape);
  }

  /** Per token: the offset row and whether to add it (0: a word only the vectors know keeps its vector). */
  lookup(words: readonly string[], unknown?: Uint8Array): { vectorRows: Int32Array; offsetRows: Int32Array; use: Float32Array } {
    const n = words.length;
    const vectorRows = new Int32Array(n);
    const offsetRows = new Int32Array(n);
    const use = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const w = words[i]!;
      const dropped = unknown?.[i] === 1;
      const v = dropped ? 0 : this.vectors.row(w);
      vectorRows[i] = v;
      const seen = dropped ? 0 : this.index.get(attrValue('norm', w)) ?? 0;
      offsetRows[i] = seen;
      use[i] = seen > 0 || v === 0 ? 1 : 0;
    }
    return { vectorRows, offsetRows, use };
  }

  /** [N, dim]: each token's vector plus, where `lookup` says so, its trained offset. */
  embed(store: ParamStore, table: tf.Tensor2D, words: readonly string[], unknown?: Uint8Array): tf.Tensor2D {
    const { vectorRows, offsetRows, use } = this.lookup(words, unknown);
    const offsets = store.get(TUNED_VECTORS_PARAM, [this.rows, this.vectors.dim], 'zeros');
    const base = tf.gather(table, tf.tensor1d(vectorRows, 'int32'));
    const delta = tf.mul(tf.gather(offsets, tf.tensor1d(offsetRows, 'int32')), tf.tensor2d(use, [words.length, 1]));
    return tf.add(base, delta) as tf.Tensor2D;
  }
}
