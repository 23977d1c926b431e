import { existsSync } from 'node:fs';
import path from 'node:path';
import { tf } from '../tf/backend.js';
import { dropout } from '../tf/layers.js';
import type { EncodeOptions, TokenBatch, TokenEncoder } from './encoder.js';
import type { EncoderEntry } from './registry.js';
import type { TransformerFeaturizer, TransformerOptions, Pooling } from './transformerFeatures.js';
import { FEATURIZE_CHUNK, featureSpec, plannedComputes, remoteFeatures } from './remoteFeatures.js';

/**
 * The `transformer` encoder: frozen features from a BERT-like model (computed once in `prepare`,
 * cached on disk), so the trainable part is the NER head on top. Transfer learning with someone
 * else's pretraining, as spaCy's transformer listeners without fine-tuning.
 */
export class TransformerEncoder implements TokenEncoder {
  readonly name = 'transformer.v1';
  readonly type = 'transformer';
  private readonly memory = new Map<string, Float32Array>();

  constructor(readonly featurizer: TransformerFeaturizer) {}

  get width(): number {
    return this.featurizer.dim;
  }

  async prepare(docs: { words: string[] }[]): Promise<void> {
    const missing = docs.filter((d) => !this.memory.has(this.featurizer.docKey(d.words)));
    if (!missing.length) return; // each training step calls this (NerModel.update): nothing to plan or compute
    const chunks: { words: string[] }[][] = [];
    for (let i = 0; i < missing.length; i += FEATURIZE_CHUNK) chunks.push(missing.slice(i, i + FEATURIZE_CHUNK));
    // A remote (nerflow train --queue) starts every chunk's job now; featurize then collects them in order.
    remoteFeatures()?.plan(featureSpec(this.featurizer), plannedComputes(this.featurizer, chunks));
    for (const chunk of chunks) {
      const feats = await this.featurizer.featurize(chunk);
      chunk.forEach((d, k) => this.memory.set(this.featurizer.docKey(d.words), feats[k]!));
    }
  }

  /** Drops in-memory features (prediction calls this after each batch to keep memory flat). */
  release(): void {
    this.memory.clear();
  }

  encode(batch: TokenBatch, opt: EncodeOptions): tf.Tensor2D {
    const D = this.width;
    const all = new Float32Array(batch.words.length * D);
    batch.docs.forEach((d, i) => {
      const f = this.memory.get(this.featurizer.docKey(d.words));
      if (!f) throw new Error('TransformerEncoder.encode called before prepare() for this document');
      all.set(f, batch.starts[i]! * D);
    });
    return dropout(tf.tensor2d(all, [batch.words.length, D]), opt.dropout, opt.seed, opt.tokenOffset);
  }

  params(): null {
    return null;
  }

  config(): Record<string, unknown> & { type: string } {
    const o = this.featurizer.opts;
    return { type: 'transformer', model: o.model, revision: o.revision, pooling: o.pooling, maxLength: o.maxLength, overlap: o.overlap, width: this.width };
  }

  async save(): Promise<void> {
    // Nothing trainable: config.json records model, revision and settings.
  }

  dispose(): void {
    this.memory.clear();
    void this.featurizer.dispose();
  }
}

/**
 * Builds the transformer encoder from an encoder spec (a model config's `encoder`, or the CLI's
 * `transformer:NAME_OR_PATH`). A relative local path is resolved from the current folder, then
 * from `baseDir` (the model folder).
 */
export async function loadTransformerEncoder(
  spec: Record<string, unknown>, options: { localOnly?: boolean; baseDir?: string; cacheDir?: string | null } = {},
): Promise<TransformerEncoder> {
  const { TransformerFeaturizer } = await import('./transformerFeatures.js');
  let model = String(spec.model);
  if (!existsSync(model) && options.baseDir && existsSync(path.join(options.baseDir, model))) model = path.join(options.baseDir, model);
  const opts: TransformerOptions = {
    model: existsSync(model) ? path.resolve(model) : model,
    revision: spec.revision as string | undefined,
    pooling: spec.pooling as Pooling | undefined,
    maxLength: spec.maxLength as number | undefined,
    overlap: spec.overlap as number | undefined,
    localOnly: options.localOnly,
    cacheDir: options.cacheDir,
  };
  return new TransformerEncoder(await TransformerFeaturizer.load(opts));
}

/**
 * `transformer.v1` in the encoder registry: frozen features of a BERT-like ONNX model. Nothing is
 * trained or saved inside the encoder; the model folder's config.json names the model and revision.
 */
export const transformerEntry: EncoderEntry = {
  type: 'transformer',
  version: 1,
  usage: 'transformer:NAME_OR_PATH (a hub id or a local ONNX model folder)',
  argument: 'NAME_OR_PATH',
  options: ['pooling'],
  remoteFeatures: true,
  create: (o, model) => loadTransformerEncoder({ model, pooling: o.pooling }, { localOnly: o.localOnly }),
  load: (ref, dir, options) => loadTransformerEncoder(ref, { localOnly: options.localOnly, baseDir: dir }),
  save: async (encoder) => ({ ...encoder.config(), type: 'transformer' }),
};
