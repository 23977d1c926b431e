import type { DecodedSpan, NerModel } from '../model/nerModel.js';
import { split } from '../pretrain/pool.js';
import { startReplicaWorkers, type ReplicaWorkers } from './replicaWorkers.js';
import type { TrainWorkerReply } from './worker.js';

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
  private constructor(readonly model: NerModel, private readonly workers: ReplicaWorkers) {}

  /** Starts `threads - 1` workers (none when the encoder cannot be copied: transformer features). */
  static async start(model: NerModel, threads: number): Promise<DecodePool> {
    return new DecodePool(model, await startReplicaWorkers(model, threads, 'Prediction', { predict: true }));
  }

  get threads(): number {
    return this.workers.count + 1;
  }

  /** `NerModel.decode` of `docs`, spread over the threads when there are at least `minWords` words. */
  async decode(docs: { words: string[] }[], options: { scores?: boolean } = {}, minWords = 1000): Promise<Decoded[]> {
    const words = docs.reduce((a, d) => a + d.words.length, 0);
    if (!this.workers.count || words < minWords) return this.model.decode(docs, options);
    const shares = split(docs, this.threads);
    const scores = options.scores !== false;
    const remote = shares.slice(1).map((share, i) => this.workers.request(i, { type: 'decode', docs: share.map((d) => ({ words: d.words })), scores }));
    const mine = this.model.decode(shares[0]!, options);
    const rest = (await Promise.all(remote)).flatMap((r) => (r as Extract<TrainWorkerReply, { type: 'decode' }>).decoded);
    return [...mine, ...rest];
  }

  /** Empties every worker's prediction caches (`NerPredictor.clearCaches`). */
  async clearCaches(): Promise<void> {
    await Promise.all(Array.from({ length: this.workers.count }, (_, i) => this.workers.request(i, { type: 'clearCaches' })));
  }

  async close(): Promise<void> {
    await this.workers.close();
  }
}
