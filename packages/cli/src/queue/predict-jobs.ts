import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Example } from '@nerflow/corpus';
import type { JobHandler } from '@nerflow/ingest';
import type { NerPredictor } from '@nerflow/train';

/** The pg-boss queue of predict jobs: one job per batch of examples (about --batch-words words). */
export const PREDICT_QUEUE = 'nerflow-predict-batch';

/** The data of one predict job. */
export interface PredictJob {
  /** The model folder, absolute: workers see it at the same path (a shared mount, or the same install). */
  model: string;
  /** The folder's manifest.json (its weights' SHA-256 sums), hashed: a worker with another copy refuses the job. */
  fingerprint: string;
  localOnly: boolean;
  allowIncomplete: boolean;
  scores: boolean;
  /** Index of the batch in the input (the sender writes the outputs in this order). */
  batch: number;
  /**
   * The examples as JSON text, not as JSON: pg-boss keeps job data and output as jsonb, which
   * reorders object keys, and the output must be the local run's byte for byte.
   */
  examples: string;
}

/** What a predict job returns: the batch's examples with their predicted spans, in order (JSON text, as `PredictJob.examples`). */
export interface PredictJobOutput {
  examples: string;
}

/** SHA-256 of the model folder's manifest.json (config.json for a folder without one). */
export function modelFingerprint(dir: string): string {
  const file = [path.join(dir, 'manifest.json'), path.join(dir, 'config.json')].find((f) => existsSync(f));
  if (!file) throw new Error(`${dir} is not a model folder here (no manifest.json or config.json)`);
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The worker side of `nerflow predict --queue`: each job's examples go through the same
 * `NerPredictor.predict` the local path's `predictStream` calls, with the model loaded once per
 * worker process (and again only if its folder changed). A worker whose copy of the model differs
 * from the sender's fails the job, so it is retried on another worker and reported if none has it.
 */
export function predictJobHandler(): JobHandler {
  const loaded = new Map<string, Promise<NerPredictor>>();
  return {
    queue: PREDICT_QUEUE,
    async run(data: unknown) {
      const job = data as PredictJob;
      const here = modelFingerprint(job.model);
      if (here !== job.fingerprint) {
        throw new Error(`the model folder ${job.model} on this worker is not the sender's (manifest.json differs): give every worker the same model folder`);
      }
      const key = `${job.model}\u0000${here}`;
      let predictor = loaded.get(key);
      if (!predictor) {
        // Imported on first use: a worker that only ingests never loads tfjs.
        predictor = import('@nerflow/train').then(({ loadModel }) => loadModel(job.model, { localOnly: job.localOnly, allowIncomplete: job.allowIncomplete }));
        loaded.set(key, predictor);
        predictor.catch(() => loaded.delete(key));
      }
      const examples = JSON.parse(job.examples) as Example[];
      // An object, not the text itself: pg-boss stores a non-object output wrapped as { value }.
      return { examples: JSON.stringify(await (await predictor).predict(examples, { scores: job.scores })) } satisfies PredictJobOutput;
    },
    async close() {
      for (const p of loaded.values()) (await p.catch(() => undefined))?.dispose();
      loaded.clear();
    },
  };
}
