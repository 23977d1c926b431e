import type { Worker } from 'node:worker_threads';
import { NerError } from '@nerflow/corpus';
import { siblingModule, startWorker } from '../tf/startWorker.js';
import type { NerModel } from '../model/nerModel.js';
import { TrainErrors } from '../errors.js';
import { replicaSpec } from './replica.js';
import type { TrainWorkerReply, TrainWorkerRequest } from './worker.js';

/**
 * The worker threads that hold copies of a model, for training (`ParallelTrainer`) and prediction
 * (`DecodePool`): started together, each initialised with the model's weights, asked one request
 * at a time in order (replies match requests first in, first out), and terminated together.
 */
export class ReplicaWorkers {
  private constructor(private readonly workers: Worker[], private readonly pending: ((r: TrainWorkerReply) => void)[][], private readonly role: string) {}

  /**
   * Starts `threads - 1` workers holding copies of `model` (none when its encoder cannot be
   * copied: transformer features). `role` names them in errors ("Training", "Prediction").
   */
  static async start(model: NerModel, threads: number, role: string, options: { predict?: boolean } = {}): Promise<ReplicaWorkers> {
    const spec = threads > 1 ? replicaSpec(model) : null;
    const workers: Worker[] = [];
    const pending: ((r: TrainWorkerReply) => void)[][] = [];
    for (let i = 1; spec && i < threads; i++) {
      const w = startWorker(siblingModule(import.meta.url, 'worker'));
      const queue: ((r: TrainWorkerReply) => void)[] = [];
      w.on('message', (r: TrainWorkerReply) => queue.shift()?.(r));
      w.on('error', (err) => { for (const f of queue.splice(0)) f({ type: 'error', message: err.message, stack: err.stack }); });
      workers.push(w);
      pending.push(queue);
    }
    const pool = new ReplicaWorkers(workers, pending, role);
    try {
      await Promise.all(workers.map((_, i) => pool.request(i, { type: 'init', spec: spec!, ...(options.predict ? { predict: true } : {}) })));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  /** Workers running (threads - 1). */
  get count(): number {
    return this.workers.length;
  }

  /** Sends `msg` to worker `i` and resolves with its reply; a worker's error rejects with E_TRAIN_WORKER. */
  request(i: number, msg: TrainWorkerRequest): Promise<TrainWorkerReply> {
    return new Promise((resolve, reject) => {
      this.pending[i]!.push((r) => {
        if (r.type === 'error') {
          reject(new NerError(TrainErrors.WORKER, `${this.role} worker ${i + 1} failed: ${r.message}`, { hint: 'Run again with --threads 1 to see the error in the main thread.' }));
        } else resolve(r);
      });
      this.workers[i]!.postMessage(msg);
    });
  }

  /** Sends `msg` to every worker without waiting for a reply (`transfer`: buffers to move, per worker). */
  broadcast(msg: (i: number) => { msg: TrainWorkerRequest; transfer?: ArrayBuffer[] }): void {
    this.workers.forEach((w, i) => { const m = msg(i); w.postMessage(m.msg, m.transfer ?? []); });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
