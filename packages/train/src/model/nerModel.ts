import { getChunks, type TagScheme } from '@nerflow/corpus';
import { readTidy, readView, tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { dense } from '../tf/layers.js';
import { viterbi, pathProbabilities, type CrfStructure } from '../crf/crf.js';
import { crfLoss, type TagEvidence } from '../crf/loss.js';
import { crfStructure } from '../crf/structure.js';
import { makeBatch, type TokenEncoder } from '../encoders/encoder.js';
import { HostAdam } from '../training/hostAdam.js';

/** A document as the model sees it: token texts, plus what is known about its tags when training. */
export interface TrainDoc extends TagEvidence {
  words: string[];
}

/** One decoded entity: token range [start, end] inclusive, label and CRF marginal probability. */
export interface DecodedSpan {
  tokenStart: number;
  tokenEnd: number;
  label: string;
  score: number;
}

export interface StepResult {
  loss: number;
  grads: Map<tf.Variable, tf.Tensor>;
}

/** Summed loss and gradients (one array per variable, `NerModel.variables()` order) of a batch. */
export type HostGradients = { loss: number; grads: Float32Array[] };

/** One step of `NerModel.update`: the optimiser settings of this step and what to compute the gradients with. */
export interface UpdateOptions {
  /** Adam's learning rate for this step (the training loop's schedule gives it per step). */
  learnRate: number;
  /** Global gradient-norm clip (0: none). */
  clip: number;
  dropout: number;
  /** Seed of this step's dropout masks (`stepSeed(seed, step)`). */
  seed: number;
  /** Variables whose weights and Adam moments stay unchanged this step (--freeze-tok2vec-steps). */
  frozen?: ReadonlySet<tf.Variable>;
  /**
   * The batch's summed loss and gradients (default: `hostGradients` on this thread); the
   * data-parallel trainer passes one that spreads the batch over its replicas.
   */
  gradients?: (docs: TrainDoc[], dropout: number, seed: number) => Promise<HostGradients>;
}

/** The dropout seed of update number `step` of a run seeded `seed` (training loop and teach mode alike). */
export function stepSeed(seed: number, step: number): number {
  return seed * 1_000_003 + step;
}

/**
 * What `NerModel.update` carries from one step to the next: Adam's moments and step count, and the
 * weights as plain arrays (the update runs on them, then writes them into the model's variables).
 * It belongs to the variables the model had when it was made (a label added since needs a new one).
 */
export class OptimiserState {
  readonly variables: tf.Variable[];
  /** The training weights, `variables()` order (equal to the variables' values after each update). */
  readonly weights: Float32Array[];
  readonly adam: HostAdam;
  /** Updates applied so far. */
  updates = 0;

  constructor(model: NerModel) {
    this.variables = model.variables();
    this.weights = model.weights();
    this.adam = new HostAdam(this.variables.map((v) => v.size));
  }
}

/**
 * The NER model: an encoder (tok2vec or transformer features), a linear layer to per-tag emission
 * scores, and a linear-chain CRF with hard BILUO/IOB2 constraints. The CRF runs in plain TS
 * (crf/crf.ts); its gradient enters the graph through the surrogate `sum(emissions * dLoss/dEmissions)`,
 * whose gradient w.r.t. every weight is exactly the loss's.
 */
export class NerModel {
  tags: string[];
  structure: CrfStructure;

  constructor(readonly encoder: TokenEncoder, public labels: string[], readonly scheme: TagScheme, readonly head: ParamStore) {
    ({ tags: this.tags, structure: this.structure } = crfStructure(labels, scheme));
  }

  /** A new model with a freshly initialised head over `encoder`. */
  static create(encoder: TokenEncoder, labels: string[], scheme: TagScheme, seed = 0): NerModel {
    const m = new NerModel(encoder, labels, scheme, new ParamStore(new Rng(seed + 7919)));
    m.initHead();
    return m;
  }

  /** Creates missing head variables (output layer, transitions). */
  initHead(): void {
    const n = this.tags.length;
    this.head.get('output/W', [this.encoder.width, n], 'glorot');
    this.head.get('output/b', [n], 'zeros');
    this.head.get('transitions', [n, n], 'zeros');
  }

  /** Every trainable variable (encoder first). */
  variables(): tf.Variable[] {
    return [...(this.encoder.params()?.variables() ?? []), ...this.head.variables()];
  }

  /** Every variable's values as plain arrays (`variables()` order). */
  weights(): Float32Array[] {
    return this.variables().map((v) => (v.dataSync() as Float32Array).slice());
  }

  /** Overwrites every variable with `weights` (`variables()` order), skipping the indices in `skip`. */
  setWeights(weights: Float32Array[], skip?: ReadonlySet<number>): void {
    const vars = this.variables();
    tf.tidy(() => vars.forEach((v, i) => { if (!skip?.has(i)) v.assign(tf.tensor(weights[i]!, v.shape)); }));
  }

  /**
   * One optimiser step on `docs` (the training loop's, and annotate's teach mode through
   * `NerPredictor.update`): the gradient of the batch's mean loss, clipped to `clip` global norm,
   * one Adam update of `state`'s weights (frozen variables skipped), written into the variables.
   * Encoder caches are the caller's business (`endPrediction` first when predicting in between).
   * @returns the batch's mean loss per document and the gradient norm before clipping.
   */
  async update(docs: TrainDoc[], state: OptimiserState, o: UpdateOptions): Promise<{ loss: number; gradNorm: number }> {
    const vars = this.variables();
    if (vars.length !== state.variables.length || vars.some((v, i) => v !== state.variables[i])) {
      throw new Error('NerModel.update: the optimiser state belongs to other variables (labels added since it was made?)');
    }
    await this.encoder.prepare?.(docs);
    const { loss, grads } = o.gradients ? await o.gradients(docs, o.dropout, o.seed) : this.hostGradients(docs, o.dropout, o.seed);
    const scale = 1 / Math.max(1, docs.length);
    const skip = o.frozen?.size ? new Set(vars.flatMap((v, i) => (o.frozen!.has(v) ? [i] : []))) : undefined;
    const gradNorm = state.adam.apply(state.weights, grads, o.learnRate, o.clip, skip, scale);
    state.updates++;
    this.setWeights(state.weights, skip);
    return { loss: loss * scale, gradNorm };
  }

  /**
   * Emission scores [tokens, nTags] for a flat batch (inside the caller's tidy); `inference`: no
   * gradient will be taken (EncodeOptions'), so the encoder may run its forward-only kernels.
   */
  emissions(docs: { words: string[] }[], dropout: number, seed?: number, inference = false): tf.Tensor2D {
    const x = this.encoder.encode(makeBatch(docs), { dropout, seed, inference });
    return dense(this.head, 'output', x, this.tags.length);
  }

  private transitions(): Float32Array {
    return this.head.get('transitions', [0], 'zeros').dataSync() as Float32Array;
  }

  /**
   * Loss (summed over documents, divided by their number) and gradients for every variable,
   * given the tag evidence of each document. The caller disposes the gradients.
   */
  gradients(docs: TrainDoc[], dropout: number, seed: number, frozen: Set<tf.Variable> = new Set()): StepResult {
    const vars = this.variables().filter((v) => !frozen.has(v));
    const { loss, grads } = this.lossGrads(docs, dropout, seed, 0, 1 / Math.max(1, docs.length), vars);
    const out = new Map<tf.Variable, tf.Tensor>();
    for (const v of vars) if (grads[v.name]) out.set(v, grads[v.name]!);
    return { loss: loss / Math.max(1, docs.length), grads: out };
  }

  /**
   * Gradients of the SUMMED loss of `docs` as plain arrays, one per variable in `variables()`
   * order (zeros where a variable has none): what a data-parallel replica sends back.
   * `tokenOffset` is the index of the first token of `docs` in the whole batch (dropout masks).
   */
  hostGradients(docs: TrainDoc[], dropout: number, seed: number, tokenOffset = 0): HostGradients {
    const vars = this.variables();
    if (!docs.length) return { loss: 0, grads: vars.map((v) => new Float32Array(v.size)) };
    const { loss, grads } = this.lossGrads(docs, dropout, seed, tokenOffset, 1, vars);
    return {
      loss,
      grads: vars.map((v) => {
        const g = grads[v.name];
        const data = g ? readView(g).slice() : new Float32Array(v.size);
        g?.dispose();
        return data;
      }),
    };
  }

  private lossGrads(docs: TrainDoc[], dropout: number, seed: number, tokenOffset: number, scale: number, vars: tf.Variable[]) {
    const n = this.tags.length;
    let loss = 0;
    const { value, grads } = tf.variableGrads(() => {
      const x = this.encoder.encode(makeBatch(docs), { dropout, seed, tokenOffset });
      const em = dense(this.head, 'output', x, n);
      const emData = em.dataSync() as Float32Array;
      const trans = this.transitions();
      const gEm = new Float32Array(emData.length);
      const gTrans = new Float32Array(n * n);
      let offset = 0;
      for (const d of docs) {
        const r = crfLoss(this.structure, trans, { em: emData, offset, length: d.words.length }, d);
        loss += r.loss;
        gEm.set(r.gEm, offset * n);
        for (let k = 0; k < gTrans.length; k++) gTrans[k] += r.gTrans[k]!;
        offset += d.words.length;
      }
      const transVar = this.head.get('transitions', [n, n], 'zeros');
      // Surrogate whose gradient is the CRF's: d/dθ sum(em * gEm) = gEm . d em/dθ.
      return tf.mul(
        tf.add(tf.sum(tf.mul(em, tf.tensor2d(gEm, em.shape))), tf.sum(tf.mul(transVar, tf.tensor2d(gTrans, [n, n])))),
        scale,
      ) as tf.Scalar;
    }, vars);
    value.dispose();
    return { loss, grads };
  }

  /**
   * Best legal tag sequence per document and its entities, each with its CRF marginal probability
   * (`scores: false` skips the extra forward passes that computes). The network runs its
   * forward-only kernels; `reference: true` runs the training graph's forward pass instead (what
   * the tests compare them with: same spans).
   */
  decode(docs: { words: string[] }[], options: { scores?: boolean; reference?: boolean } = {}): { tags: Int32Array; spans: DecodedSpan[] }[] {
    const nonEmpty = docs.filter((d) => d.words.length > 0);
    const emData = nonEmpty.length ? readTidy(() => this.emissions(nonEmpty, 0, undefined, !options.reference)) : new Float32Array(0);
    const trans = this.transitions();
    let offset = 0;
    return docs.map((d) => {
      if (d.words.length === 0) return { tags: new Int32Array(0), spans: [] };
      const x = { em: emData, offset, length: d.words.length };
      offset += d.words.length;
      const tags = viterbi(this.structure, trans, x);
      const spans = this.spansOf(tags);
      if (options.scores !== false && spans.length) {
        const probs = pathProbabilities(this.structure, trans, x, spans.map((s) => ({ start: s.tokenStart, tags: tags.subarray(s.tokenStart, s.tokenEnd + 1) })));
        spans.forEach((s, k) => { s.score = probs[k]!; });
      }
      return { tags, spans };
    });
  }

  /** Entities of a (legal) tag sequence, read by the corpus chunker (the one eval scores with). */
  spansOf(tags: Int32Array): DecodedSpan[] {
    return getChunks(Array.from(tags, (t) => this.tags[t]!)).map((c) => ({ tokenStart: c.start, tokenEnd: c.end - 1, label: c.label, score: 1 }));
  }

  /**
   * Grows the label set (issue 8, new entity types): old tags keep their output columns and
   * transition scores, new tags start from small random weights, so predictions of the old labels
   * are unchanged until training updates them.
   */
  addLabels(newLabels: string[], seed = 0): void {
    const added = newLabels.filter((l) => !this.labels.includes(l));
    if (!added.length) return;
    const oldTags = this.tags;
    const oldN = oldTags.length;
    const W = this.head.get('output/W', [0], 'zeros').dataSync() as Float32Array;
    const b = this.head.get('output/b', [0], 'zeros').dataSync() as Float32Array;
    const T = this.transitions();
    this.labels = [...this.labels, ...added];
    ({ tags: this.tags, structure: this.structure } = crfStructure(this.labels, this.scheme));
    const n = this.tags.length;
    const width = this.encoder.width;
    const rng = new Rng(seed + 104729);
    const W2 = new Float32Array(width * n);
    const b2 = new Float32Array(n);
    const T2 = new Float32Array(n * n);
    const oldIndex = this.tags.map((t) => oldTags.indexOf(t));
    // New tags get a strongly negative bias so they are never chosen before training: old labels' predictions stay the same.
    this.tags.forEach((_, j) => {
      const o = oldIndex[j]!;
      for (let i = 0; i < width; i++) W2[i * n + j] = o >= 0 ? W[i * oldN + o]! : rng.normal() * 0.01;
      b2[j] = o >= 0 ? b[o]! : -10;
      this.tags.forEach((__, k) => { const ok = oldIndex[k]!; T2[j * n + k] = o >= 0 && ok >= 0 ? T[o * oldN + ok]! : 0; });
    });
    this.head.set('output/W', W2, [width, n]);
    this.head.set('output/b', b2, [n]);
    this.head.set('transitions', T2, [n, n]);
  }

  dispose(): void {
    this.encoder.dispose();
    this.head.dispose();
  }
}
