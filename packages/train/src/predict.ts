import { availableParallelism } from 'node:os';
import { tokensOf, type Example, type Span } from '@nerflow/corpus';
import type { LoadModelOptions, Predictor } from '@nerflow/core';
import { loadNerModel, type ModelConfig } from './model/modelFolder.js';
import type { NerModel } from './model/nerModel.js';
import { evidenceOf } from './model/evidence.js';
import { Tok2Vec } from './encoders/tok2vec.js';
import { TransformerEncoder } from './encoders/transformerEncoder.js';
import { Adam } from './training/adam.js';
import { resolveModelDir } from './model/resolveModel.js';
import { DecodePool } from './training/decodePool.js';

/** A loaded model that labels examples: what `loadModel` returns (core's Predictor contract). */
export class NerPredictor implements Predictor {
  private adam: Adam | null = null;
  private steps = 0;
  private pool: DecodePool | null = null;

  constructor(readonly model: NerModel, readonly config: ModelConfig, readonly dir: string) {
    if (model.encoder instanceof Tok2Vec) model.encoder.cacheEmbeddings(true);
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
  }

  /**
   * Adds predicted `spans` (`source: 'model'`, `score` = CRF marginal probability of the span)
   * to each example, keeping its tokens (tokenizing texts that have none). Other keys are kept.
   */
  async predict(examples: Example[], options: { scores?: boolean } = {}): Promise<Example[]> {
    const tokens = examples.map((ex) => tokensOf(ex));
    const docs = tokens.map((t) => ({ words: t.map((x) => x.text) }));
    await this.model.encoder.prepare?.(docs);
    const decoded = this.pool ? await this.pool.decode(docs, options) : this.model.decode(docs, options);
    if (this.model.encoder instanceof TransformerEncoder) this.model.encoder.release();
    return examples.map((ex, i) => {
      const toks = tokens[i]!;
      const spans: Span[] = decoded[i]!.spans.map((s) => ({
        start: toks[s.tokenStart]!.start, end: toks[s.tokenEnd]!.end, token_start: s.tokenStart, token_end: s.tokenEnd,
        label: s.label, source: 'model', score: Math.round(s.score * 1e4) / 1e4,
      }));
      return { ...ex, tokens: toks, spans };
    });
  }

  /**
   * One gradient step on answered examples (annotate's teach mode). Binary answers are partial:
   * tokens outside accepted spans are missing values, rejected spans count only against themselves.
   */
  async update(examples: Example[]): Promise<{ loss: number }> {
    const docs = examples.map((ex) => evidenceOf(ex, this.model.tags, this.model.scheme)).filter((d) => d !== null);
    if (!docs.length) return { loss: 0 };
    await this.pool?.close(); // the workers' copies would be stale after this update
    this.pool = null;
    await this.model.encoder.prepare?.(docs);
    this.adam ??= new Adam();
    const { loss, grads } = this.model.gradients(docs, 0.1, 1_000_003 + this.steps++);
    this.adam.apply(grads, 5e-4, 5);
    if (this.model.encoder instanceof Tok2Vec) this.model.encoder.clearCache();
    return { loss };
  }

  dispose(): void {
    void this.pool?.close();
    this.adam?.dispose();
    this.model.dispose();
  }
}

/**
 * Loads a model folder written by `nerflow train`.
 * @param dir the model folder (config.json, head/, tok2vec/)
 * @returns a Predictor: `await (await loadModel('model')).predict([{ text: 'Juan vive en Madrid.' }])`
 * @example
 * const nlp = await loadModel('models/ner-es');
 * const [doc] = await nlp.predict([{ text: 'El juez Baltasar Garzón llegó a Madrid.' }]);
 * doc.spans; // [{ label: 'PER', start: 8, end: 23, score: 0.98, ... }, { label: 'LOC', ... }]
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<NerPredictor> {
  const { model, config } = await loadNerModel(dir, options);
  return new NerPredictor(model, config, resolveModelDir(dir));
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
