import type { Worker } from 'node:worker_threads';
import { NerError } from '@nerflow/corpus';
import { siblingModule, startWorker } from '../tf/startWorker.js';
import type { DecodedSpan, NerModel } from '../model/nerModel.js';
import { split } from '../pretrain/pool.js';
import { TrainErrors } from '../errors.js';
import { replicaSpec } from './replica.js';
import type { TrainWorkerReply, TrainWorkerRequest } from './worker.js';

type Decoded = { tags: Int32Array; spans: DecodedSpan[] };

/**
 * Prediction on several cores: worker threads hold frozen copies of the model, each call splits
 * the documents into contiguous shares of about equal words, decodes one share here and the others
 * in the workers at once, and returns the results in input order. Every document is decoded by the
 * same code as `NerModel.decode` (a row of the network never depends on the other rows), so the
 * spans are those of one thread (tested). Small inputs stay on this thread (a round trip costs more).
 * Close it (`NerPredictor.dispose` does): live workers keep the process running.
 */
export class DecodePool {
  private constructor(readonly model: NerModel, private readonly workers: Worker[], private readonly pending: ((r: TrainWorkerReply) => void)[][]) {}

  /** Starts `threads - 1` workers (none when the encoder cannot be copied: transformer features). */
  static async start(model: NerModel, threads: number): Promise<DecodePool> {
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
    const pool = new DecodePool(model, workers, pending);
    try {
      await Promise.all(workers.map((_, i) => pool.request(i, { type: 'init', spec: spec!, predict: true })));
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  private request(i: number, msg: TrainWorkerRequest): Promise<TrainWorkerReply> {
    return new Promise((resolve, reject) => {
      this.pending[i]!.push((r) => {
        if (r.type === 'error') {
          reject(new NerError(TrainErrors.WORKER, `Prediction worker ${i + 1} failed: ${r.message}`, { hint: 'Run again with --threads 1 to see the error in the main thread.' }));
        } else resolve(r);
      });
      this.workers[i]!.postMessage(msg);
    });
  }

  /** `NerModel.decode` of `docs`, spread over the threads when there are at least `minWords` words. */
  async decode(docs: { words: string[] }[], options: { scores?: boolean } = {}, minWords = 1000): Promise<Decoded[]> {
    const words = docs.reduce((a, d) => a + d.words.length, 0);
    if (!this.workers.length || words < minWords) return this.model.decode(docs, options);
    const shares = split(docs, this.threads);
    const scores = options.scores !== false;
    const remote = this.workers.map((_, i) => this.request(i, { type: 'decode', docs: shares[i + 1]!.map((d) => ({ words: d.words })), scores }));
    const mine = this.model.decode(shares[0]!, options);
    const rest = (await Promise.all(remote)).flatMap((r) => (r as Extract<TrainWorkerReply, { type: 'decode' }>).decoded);
    return [...mine, ...rest];
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.workers.length = 0;
  }
}
