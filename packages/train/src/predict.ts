import { availableParallelism } from 'node:os';
import { tokensOf, type Example, type Span } from '@nerflow/corpus';
import type { LoadModelOptions, Predictor } from '@nerflow/core';
import { z } from 'zod';
import { resolveModelDir } from '@nerflow/core';
import { loadNerModel, readModelConfig, type ModelConfig } from './model/modelFolder.js';
import { OptimiserState, stepSeed, type DecodedSpan, type NerModel } from './model/nerModel.js';
import { frozenBaseDir, inFrozenBase, withFrozenBase } from './transfer/frozenBase.js';
import { evidenceOf } from './model/evidence.js';
import { DEFAULT_DROPOUT, trainLoopShape } from './options.js';
import { DecodePool } from './training/decodePool.js';

const LOOP_DEFAULTS = z.object(trainLoopShape).parse({});

/** The optimiser settings of a teach-mode update (`NerPredictor.update`). */
export interface TeachOptions {
  /** Adam's rate, constant (no schedule: teach has no number of steps to plan for). */
  learnRate: number;
  dropout: number;
  /** Global gradient-norm clip (0: none). */
  clip: number;
  /** Seed of the dropout masks: update k uses `stepSeed(seed, k)`, as training step k of a run with that seed. */
  seed: number;
}

/**
 * Teach mode's defaults. Dropout is DEFAULT_DROPOUT (that of training an existing model) and clip the loop's default. The
 * rate is not: training's schedule warms up to 0.002 and decays to 0.0002, while a teach update
 * moves an already trained model on about ten binary answers with no warm-up, so it keeps the rate
 * teach mode has used since it was written, 5e-4 (a quarter of the peak; not tuned on data). The seed
 * 1 gives the dropout masks teach mode always had (1,000,003 + update number).
 */
export const TEACH_DEFAULTS: Readonly<TeachOptions> = { learnRate: 5e-4, dropout: DEFAULT_DROPOUT, clip: LOOP_DEFAULTS.clip, seed: 1 };

/** The frozen base of a folder trained with `--old-types frozen`, and the labels taken from it. */
export interface FrozenPart {
  predictor: NerPredictor;
  labels: ReadonlySet<string>;
}

/**
 * A loaded model that labels examples: what `loadModel` returns (core's Predictor contract). With
 * `frozen` (a folder trained with `--old-types frozen`) its spans are the trained model's, with the
 * frozen base's spans of `frozen.labels` where they overlap none of them (transfer/frozenBase.ts);
 * `update` changes the trained model only.
 */
export class NerPredictor implements Predictor {
  private optimiser: OptimiserState | null = null;
  private pool: DecodePool | null = null;

  constructor(readonly model: NerModel, readonly config: ModelConfig, readonly dir: string, readonly frozen: FrozenPart | null = null) {
    model.encoder.beginPrediction?.();
  }

  get labels(): string[] {
    return this.model.labels;
  }

  /**
   * Decodes large inputs on `threads` cores from now on (0: all cores; 1: this thread only), with
   * worker copies of the model: same spans, ~N times the words per second. Call `dispose` when done.
   */
  async useThreads(threads: number): Promise<void> {
    const n = threads === 0 ? availableParallelism() : threads;
    await this.pool?.close();
    this.pool = n > 1 ? await DecodePool.start(this.model, n) : null;
    await this.frozen?.predictor.useThreads(threads);
  }

  /**
   * Forgets what the encoder cached while predicting (tok2vec: each word's context-free embedding),
   * in this thread and in the `useThreads` workers: the next batch runs cold, as the first one did
   * (the tagging benchmarks time cold runs; spans never depend on the caches).
   */
  async clearCaches(): Promise<void> {
    this.model.encoder.endPrediction?.();
    this.model.encoder.beginPrediction?.();
    await this.pool?.clearCaches();
    await this.frozen?.predictor.clearCaches();
  }

  /** The spans of tokenized documents: the model's own or, with a frozen base, both merged. */
  async decodeSpans(docs: { words: string[] }[], options: { scores?: boolean } = {}): Promise<DecodedSpan[][]> {
    await this.model.encoder.prepare?.(docs);
    const own = (this.pool ? await this.pool.decode(docs, options) : this.model.decode(docs, options)).map((d) => d.spans);
    this.model.encoder.release?.();
    if (!this.frozen) return own;
    const base = await this.frozen.predictor.decodeSpans(docs, options);
    return own.map((spans, i) => withFrozenBase(spans, base[i]!, this.frozen!.labels));
  }

  /**
   * Adds predicted `spans` (`source: 'model'`, `score` = CRF marginal probability of the span)
   * to each example, keeping its tokens (tokenizing texts that have none). Other keys are kept.
   */
  async predict(examples: Example[], options: { scores?: boolean } = {}): Promise<Example[]> {
    const tokens = examples.map((ex) => tokensOf(ex));
    const docs = tokens.map((t) => ({ words: t.map((x) => x.text) }));
    const decoded = await this.decodeSpans(docs, options);
    return examples.map((ex, i) => {
      const toks = tokens[i]!;
      const spans: Span[] = decoded[i]!.map((s) => ({
        start: toks[s.tokenStart]!.start, end: toks[s.tokenEnd]!.end, token_start: s.tokenStart, token_end: s.tokenEnd,
        label: s.label, source: 'model', score: Math.round(s.score * 1e4) / 1e4,
      }));
      return { ...ex, tokens: toks, spans };
    });
  }

  /**
   * One update on answered examples (annotate's teach mode): `NerModel.update`, the training loop's
   * step, with `TEACH_DEFAULTS` (or `options`). Binary answers are partial: tokens outside accepted
   * spans are missing values, rejected spans count only against themselves. Adam's state is kept
   * from one call to the next.
   * @returns the batch's mean loss per example before the update (0 when nothing was answered).
   */
  async update(examples: Example[], options: Partial<TeachOptions> = {}): Promise<{ loss: number }> {
    const docs = examples.map((ex) => evidenceOf(ex, this.model.tags, this.model.scheme)).filter((d) => d !== null);
    if (!docs.length) return { loss: 0 };
    await this.pool?.close(); // the workers' copies would be stale after this update
    this.pool = null;
    const o = { ...TEACH_DEFAULTS, ...options };
    this.optimiser ??= new OptimiserState(this.model);
    this.model.encoder.endPrediction?.();
    try {
      const { loss } = await this.model.update(docs, this.optimiser, { ...o, seed: stepSeed(o.seed, this.optimiser.updates) });
      return { loss };
    } finally {
      this.model.encoder.beginPrediction?.();
    }
  }

  dispose(): void {
    void this.pool?.close();
    this.model.dispose();
    this.frozen?.predictor.dispose();
  }
}

/**
 * Loads a model folder written by `nerflow train` (with its frozen base, `base/`, when it was
 * trained with `--old-types frozen`: E_MODEL_NO_BASE when that is missing, E_MODEL_CORRUPT naming
 * the file when it is damaged).
 * @param dir the model folder (config.json, head/, tok2vec/)
 * @returns a Predictor: `await (await loadModel('model')).predict([{ text: 'Juan vive en Madrid.' }])`
 * @example
 * const nlp = await loadModel('models/ner-es');
 * const [doc] = await nlp.predict([{ text: 'El juez Baltasar Garzón llegó a Madrid.' }]);
 * doc.spans; // [{ label: 'PER', start: 8, end: 23, score: 0.98, ... }, { label: 'LOC', ... }]
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<NerPredictor> {
  const folder = resolveModelDir(dir);
  const ref = (await readModelConfig(folder)).frozenBase;
  if (!ref) {
    const loaded = await loadNerModel(folder, options);
    return new NerPredictor(loaded.model, loaded.config, loaded.dir);
  }
  const baseDir = frozenBaseDir(folder, ref); // a missing base/ is named before the checksums would
  try {
    const loaded = await loadNerModel(folder, options);
    let base: NerPredictor;
    try {
      base = await loadModel(baseDir, { ...options, allowIncomplete: false });
    } catch (err) {
      loaded.model.dispose();
      throw err;
    }
    return new NerPredictor(loaded.model, loaded.config, loaded.dir, { predictor: base, labels: new Set(ref.labels) });
  } catch (err) {
    throw inFrozenBase(folder, baseDir, err);
  }
}

/**
 * Groups examples into batches of about `batchWords` words (tokens, or characters / 6 for raw
 * text; the last batch may be smaller): the batches `predictStream` predicts, and the jobs of
 * `nerflow predict --queue`, so both give the same output.
 */
export async function* wordBatches(examples: AsyncIterable<Example>, batchWords = 4000): AsyncGenerator<Example[]> {
  let batch: Example[] = [];
  let words = 0;
  for await (const ex of examples) {
    batch.push(ex);
    words += ex.tokens?.length ?? ex.text.length / 6;
    if (words >= batchWords) {
      yield batch;
      batch = [];
      words = 0;
    }
  }
  if (batch.length) yield batch;
}

/**
 * Streams examples through a model in batches of about `batchWords` words (constant memory).
 */
export async function* predictStream(
  predictor: NerPredictor, examples: AsyncIterable<Example>, options: { batchWords?: number; scores?: boolean } = {},
): AsyncGenerator<Example> {
  for await (const batch of wordBatches(examples, options.batchWords)) yield* await predictor.predict(batch, options);
}
