import { NerError } from '@nerflow/corpus';
import { siblingModule } from '../tf/startWorker.js';
import type { NerModel } from '../model/nerModel.js';
import { TrainErrors } from '../errors.js';
import { replicaSpec } from './replica.js';
import { WorkerPool } from './workerPool.js';
import type { TrainWorkerReply, TrainWorkerRequest } from './worker.js';

/** The worker threads that hold copies of a model, for training (`ParallelTrainer`) and prediction (`DecodePool`). */
export type ReplicaWorkers = WorkerPool<TrainWorkerRequest, TrainWorkerReply>;

/**
 * Starts `threads - 1` workers holding copies of `model` (none when its encoder cannot be copied:
 * transformer features), each initialised with the model's weights. `role` names them in errors
 * ("Training", "Prediction"); a failed start leaves no worker running.
 */
export async function startReplicaWorkers(model: NerModel, threads: number, role: string, options: { predict?: boolean } = {}): Promise<ReplicaWorkers> {
  const spec = threads > 1 ? replicaSpec(model) : null;
  const pool: ReplicaWorkers = new WorkerPool(siblingModule(import.meta.url, 'worker'), spec ? threads - 1 : 0, (i, message) =>
    new NerError(TrainErrors.WORKER, `${role} worker ${i + 1} failed: ${message}`, { hint: 'Run again with --threads 1 to see the error in the main thread.' }));
  try {
    await Promise.all(Array.from({ length: pool.count }, (_, i) => pool.request(i, { type: 'init', spec: spec!, ...(options.predict ? { predict: true } : {}) })));
  } catch (err) {
    await pool.close();
    throw err;
  }
  return pool;
}
