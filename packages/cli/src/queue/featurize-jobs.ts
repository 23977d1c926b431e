import { existsSync } from 'node:fs';
import type { JobHandler } from '@nerflow/ingest';
import type { FeatureSpec, TransformerFeaturizer } from '@nerflow/train';

/** The pg-boss queue of transformer featurisation jobs: one job per `featurize` call of training (up to 256 documents). */
export const FEATURIZE_QUEUE = 'nerflow-featurize-batch';

/** The data of one featurize job. */
export interface FeaturizeJob {
  /** The featurizer's settings; `model` is a hub id or an absolute folder the workers see at the same path. */
  spec: FeatureSpec;
  localOnly: boolean;
  /** Index of the job in its training run (for logs and the sender's messages). */
  job: number;
  /** The documents' token texts, as JSON text (`string[][]`). */
  docs: string;
}

/** What a featurize job returns: every document's rows (float32, little-endian, base64) and their row counts. */
export interface FeaturizeJobOutput {
  features: string;
  rows: number[];
  dim: number;
}

/** Packs feature matrices for the queue (bytes as they are: the sender gets the same floats, bit for bit). */
export function packFeatures(feats: Float32Array[], dim: number): FeaturizeJobOutput {
  const total = feats.reduce((a, f) => a + f.length, 0);
  const all = new Float32Array(total);
  let at = 0;
  for (const f of feats) { all.set(f, at); at += f.length; }
  return { features: Buffer.from(all.buffer, all.byteOffset, all.byteLength).toString('base64'), rows: feats.map((f) => f.length / dim), dim };
}

/** The inverse of `packFeatures`. */
export function unpackFeatures(out: FeaturizeJobOutput): Float32Array[] {
  const bytes = Buffer.from(out.features, 'base64');
  const expected = out.rows.reduce((a, r) => a + r, 0) * out.dim * 4;
  if (bytes.byteLength !== expected) throw new Error(`a featurize job returned ${bytes.byteLength} bytes of features where ${expected} were expected`);
  const all = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(all.buffer).set(bytes); // copied: a Buffer's offset need not be a multiple of 4
  const feats: Float32Array[] = [];
  let at = 0;
  for (const r of out.rows) { feats.push(all.slice(at, at + r * out.dim)); at += r * out.dim; }
  return feats;
}

/**
 * The worker side of `nerflow train --queue`: each job's documents go through the same
 * `TransformerFeaturizer.compute` the local path runs, with the model loaded once per worker
 * process (no disk cache here: the sender caches). A worker whose copy of a local model folder
 * differs from the sender's (another content hash) fails the job, so another worker retries it.
 */
export function featurizeJobHandler(): JobHandler {
  const loaded = new Map<string, Promise<TransformerFeaturizer>>();
  return {
    queue: FEATURIZE_QUEUE,
    async run(data: unknown) {
      const { spec, localOnly, docs } = data as FeaturizeJob;
      const key = JSON.stringify(spec);
      let featurizer = loaded.get(key);
      if (!featurizer) {
        const local = existsSync(spec.model);
        // Imported on first use: a worker that only ingests never loads onnxruntime.
        featurizer = import('@nerflow/train').then(({ TransformerFeaturizer }) => TransformerFeaturizer.load({
          model: spec.model, revision: local ? undefined : spec.revision, pooling: spec.pooling, maxLength: spec.maxLength,
          overlap: spec.overlap, batchSize: spec.batchSize, localOnly, cacheDir: null,
        }));
        loaded.set(key, featurizer);
        featurizer.catch(() => loaded.delete(key));
      }
      const f = await featurizer;
      if (f.opts.revision !== spec.revision) {
        throw new Error(`the model folder ${spec.model} on this worker is not the sender's (content ${f.opts.revision}, sender ${spec.revision}): give every worker the same model folder`);
      }
      const words = JSON.parse(docs) as string[][];
      return packFeatures(await f.compute(words), f.dim) satisfies FeaturizeJobOutput;
    },
    async close() {
      for (const p of loaded.values()) await (await p.catch(() => undefined))?.dispose();
      loaded.clear();
    },
  };
}
