import { tf } from '../tf/backend.js';
import { Tok2Vec, type Tok2VecConfig } from '../encoders/tok2vec.js';
import { StaticVectors } from '../encoders/staticVectors.js';
import { makeBatch } from '../encoders/encoder.js';
import { Adam } from '../training/adam.js';
import { PretrainObjective, type ObjectiveConfig } from './objective.js';
import type { MaskedDoc } from './masking.js';

/** Everything needed to build identical replicas in several threads (plain JSON). */
export interface ReplicaSpec {
  encoder: Partial<Tok2VecConfig>;
  objective: ObjectiveConfig;
  seed: number;
  /** Static vectors used as encoder INPUT features (a .vec file or a vectors folder), or null. */
  inputVectors: string | null;
  /** Static vectors used as the `vectors` objective's TARGETS, or null. */
  targetVectors: string | null;
  /** The input vectors are tuned (their offsets are weights): when continuing an encoder that tunes them. */
  tuneVectors?: boolean;
}

export interface OptimizerState {
  t: number;
  m: Float32Array[];
  v: Float32Array[];
}

export interface ReplicaGradients {
  /** Summed loss over the hidden words of this part of the batch. */
  loss: number;
  /** Hidden words that counted. */
  count: number;
  /** One gradient per variable, in `variables()` order (of the SUMMED loss). */
  grads: Float32Array[];
}

/**
 * One copy of the model being pretrained (encoder + objective head + Adam state). Data-parallel
 * pretraining runs one replica per thread: each computes the gradients of its share of the batch,
 * the shares are summed, and every replica applies the same update, so the copies stay identical
 * (PyTorch DDP's all-reduce, by message passing between worker threads).
 */
export class PretrainReplica {
  private readonly adam = new Adam();

  private constructor(readonly encoder: Tok2Vec, readonly objective: PretrainObjective) {}

  static async create(spec: ReplicaSpec): Promise<PretrainReplica> {
    const inputVectors = spec.inputVectors ? await StaticVectors.load(spec.inputVectors) : null;
    const targetVectors = spec.targetVectors
      ? (spec.targetVectors === spec.inputVectors ? inputVectors : await StaticVectors.load(spec.targetVectors))
      : null;
    const encoder = Tok2Vec.create(spec.encoder, spec.seed, inputVectors, spec.inputVectors ?? '', spec.tuneVectors === true);
    const r = new PretrainReplica(encoder, new PretrainObjective(spec.objective, spec.seed, targetVectors));
    // Create the head's variables now (a one-word pass), so every replica lists them in the same order.
    tf.tidy(() => {
      const x = encoder.encode(makeBatch([{ words: ['a'] }]), { dropout: 0 });
      r.objective.loss(x, ['a'], new Int32Array([0]));
    });
    return r;
  }

  /** Encoder variables, then the head's: the order gradients and weights are exchanged in. */
  variables(): tf.Variable[] {
    return [...this.encoder.store.variables(), ...this.objective.params.variables()];
  }

  /** Gradients of the summed cloze loss over `docs` (no update). */
  gradients(docs: MaskedDoc[], dropout: number, seed: number): ReplicaGradients {
    const vars = this.variables();
    if (!docs.length) return { loss: 0, count: 0, grads: vars.map((v) => new Float32Array(v.size)) };
    let count = 0;
    const positions: number[] = [];
    let offset = 0;
    for (const d of docs) {
      for (const p of d.positions) positions.push(offset + p);
      offset += d.words.length;
    }
    const words = docs.flatMap((d) => d.words);
    const { value, grads } = tf.variableGrads(() => {
      const x = this.encoder.encode(makeBatch(docs.map((d) => ({ words: d.inputs }))), { dropout, seed });
      const r = this.objective.loss(x, words, Int32Array.from(positions));
      count = r.count;
      return r.loss;
    }, vars);
    const loss = value.dataSync()[0]!;
    value.dispose();
    const out = vars.map((v) => {
      const g = grads[v.name];
      const data = g ? (g.dataSync() as Float32Array).slice() : new Float32Array(v.size);
      g?.dispose();
      return data;
    });
    return { loss, count, grads: out };
  }

  /** Applies one Adam update from summed-and-scaled gradients; returns the gradient norm. */
  apply(grads: Float32Array[], lr: number, clip: number): number {
    const vars = this.variables();
    const map = new Map<tf.Variable, tf.Tensor>();
    vars.forEach((v, i) => map.set(v, tf.tensor(grads[i]!, v.shape)));
    return this.adam.apply(map, lr, clip);
  }

  /** Adam's step count and moments, in `variables()` order (saved with checkpoints: resume is exact). */
  optimizerState(): OptimizerState {
    return this.adam.state(this.variables());
  }

  setOptimizerState(s: OptimizerState): void {
    this.adam.setState(this.variables(), s);
  }

  /** Current weights, in `variables()` order (copies). */
  weights(): Float32Array[] {
    return this.variables().map((v) => (v.dataSync() as Float32Array).slice());
  }

  /** Overwrites every weight (broadcast from the coordinating thread, or loaded from a checkpoint). */
  setWeights(weights: Float32Array[]): void {
    this.variables().forEach((v, i) => tf.tidy(() => v.assign(tf.tensor(weights[i]!, v.shape))));
  }

  dispose(): void {
    this.adam.dispose();
    this.encoder.dispose();
    this.objective.params.dispose();
  }
}
