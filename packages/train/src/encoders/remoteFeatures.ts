import type { TransformerFeaturizer } from './transformerFeatures.js';

/** Documents per `featurize` call in `TransformerEncoder.prepare` (one feature job each with a remote). */
export const FEATURIZE_CHUNK = 256;

/** The model settings a worker needs to compute the same features (the featurizer's `opts`, without the cache). */
export interface FeatureSpec {
  model: string;
  revision: string;
  pooling: 'first' | 'mean';
  maxLength: number;
  overlap: number;
  batchSize: number;
}

/**
 * Where a featurizer's model runs when not here: `nerflow train --queue URL` sets one (the CLI's
 * featurize jobs), so that the same `featurize` (cache reads, cache writes, order) runs here and
 * only its `compute` of the uncached documents runs on `nerflow worker` processes.
 */
export interface RemoteFeatures {
  /**
   * Told, before the first `featurize` call of a `prepare`, the documents each call will compute
   * (`plannedComputes`): lets all their jobs start at once instead of one call after the other.
   */
  plan(spec: FeatureSpec, computes: string[][][]): void;
  /** The features of `docs` (what `TransformerFeaturizer.compute(docs)` gives), computed elsewhere. */
  compute(spec: FeatureSpec, docs: string[][]): Promise<Float32Array[]>;
}

let current: RemoteFeatures | null = null;

/** Sets (or clears, with null) where featurizers compute; returns the previous one. */
export function setRemoteFeatures(remote: RemoteFeatures | null): RemoteFeatures | null {
  const prev = current;
  current = remote;
  return prev;
}

export function remoteFeatures(): RemoteFeatures | null {
  return current;
}

/** The settings of a featurizer as a worker must reproduce them. */
export function featureSpec(f: TransformerFeaturizer): FeatureSpec {
  const { model, revision, pooling, maxLength, overlap, batchSize } = f.opts;
  return { model, revision, pooling, maxLength, overlap, batchSize };
}

/**
 * The documents each of the `featurize(chunk)` calls in `chunks` will send to `compute`, called
 * in order as `TransformerEncoder.prepare` does: a call computes its documents that are neither
 * in the disk cache nor computed by an earlier call (those it reads from the cache then), and
 * every copy of a document repeated inside one call. Planned this way, each remote compute gets
 * exactly the documents (and so the onnxruntime batches) the local run computes: same features,
 * bit for bit.
 */
export function plannedComputes(f: TransformerFeaturizer, chunks: { words: string[] }[][]): string[][][] {
  const written = new Set<string>();
  return chunks.map((chunk) => {
    const todo = chunk.filter((d) => {
      const key = f.docKey(d.words);
      return !f.isCached(key) && !written.has(key);
    });
    if (f.hasCache) for (const d of todo) written.add(f.docKey(d.words));
    return todo.map((d) => d.words);
  });
}
