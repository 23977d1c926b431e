import { loadNative } from '@nerflow/native';
import { setMatMulThreads, type tf } from '../tf/backend.js';
import { OptimiserState, type HostGradients, type NerModel, type TrainDoc } from '../model/nerModel.js';
import { split, sumShares } from '../pretrain/pool.js';
import { startReplicaWorkers, type ReplicaWorkers } from './replicaWorkers.js';
import type { TrainWorkerReply } from './worker.js';

/**
 * Synchronous data-parallel training of a NER model over `threads` replicas (PyTorch DDP's
 * all-reduce, by message passing): this thread holds the model itself, worker threads hold copies.
 * Each step splits the batch into contiguous shares of about equal words, every replica computes
 * the gradient of its share's summed loss at once, the shares are added in a fixed order and
 * divided by the batch's documents, one Adam update runs here on plain arrays (`NerModel.update`,
 * the step teach mode takes too), and the new weights go to every replica. Dropout masks depend on
 * each token's place in the whole batch, so N threads give what one gives, up to float summation
 * order. Gradients travel dense: even the hash tables' (16,000 x 96 floats) are a zero-copy
 * transfer and a ~2 ms sum, measured below the noise of a step.
 */
export class ParallelTrainer {
  private readonly state: OptimiserState;
  /** Moving averages of the weights (thinc's `use_averages`), or null when off. */
  private readonly averages: Float32Array[] | null;

  private constructor(readonly model: NerModel, private readonly workers: ReplicaWorkers, average: boolean) {
    this.state = new OptimiserState(model);
    this.averages = average ? this.state.weights.map((w) => w.slice()) : null;
  }

  /**
   * Trains on `threads` cores as {@link planTrainingThreads} says: replicas in `replicas - 1` workers
   * (one thread when the encoder cannot be copied), matrix products on `matMulThreads` threads.
   */
  static async start(model: NerModel, threads: number, options: { average?: boolean; plan?: { replicas: number; matMulThreads: number } } = {}): Promise<ParallelTrainer> {
    const plan = options.plan ?? planTrainingThreads(threads, loadNative() !== null);
    setMatMulThreads(plan.matMulThreads);
    return new ParallelTrainer(model, await startReplicaWorkers(model, plan.replicas, 'Training'), options.average ?? false);
  }

  /**
   * Runs `fn` with the model holding the averaged weights (when averaging is on), then puts the
   * training weights back: dev scoring and the kept checkpoint use the averages, as spaCy does.
   */
  withAverages<T>(fn: () => T): T {
    if (!this.averages || this.state.updates === 0) return fn();
    this.model.setWeights(this.averages);
    try {
      return fn();
    } finally {
      this.model.setWeights(this.state.weights);
    }
  }

  get threads(): number {
    return this.workers.count + 1;
  }

  /**
   * One update on `batch`: returns the mean loss per document and the gradient norm before clipping.
   * `frozen` variables keep their weights and Adam moments this step.
   */
  async step(batch: TrainDoc[], dropout: number, seed: number, lr: number, clip: number, frozen?: ReadonlySet<tf.Variable>): Promise<{ loss: number; gradNorm: number }> {
    const gradients = this.workers.count ? (docs: TrainDoc[], d: number, s: number) => this.sharedGradients(docs, d, s) : undefined;
    const r = await this.model.update(batch, this.state, { dropout, seed, learnRate: lr, clip, frozen, gradients });
    if (this.averages) updateAverages(this.averages, this.state.weights, this.state.updates);
    this.workers.broadcast(() => {
      const copy = this.state.weights.map((x) => x.slice());
      return { msg: { type: 'weights', weights: copy }, transfer: copy.map((x) => x.buffer as ArrayBuffer) };
    });
    return r;
  }

  /** The batch's summed loss and gradients: contiguous shares, one per replica, added in a fixed order. */
  private async sharedGradients(batch: TrainDoc[], dropout: number, seed: number): Promise<HostGradients> {
    const shares = split(batch, this.threads);
    const offsets: number[] = [];
    let at = 0;
    for (const s of shares) { offsets.push(at); for (const d of s) at += d.words.length; }
    const remote = shares.slice(1).map((share, i) =>
      this.workers.request(i, { type: 'grad', docs: share, dropout, seed, tokenOffset: offsets[i + 1]! }));
    const mine = this.model.hostGradients(shares[0]!, dropout, seed, 0);
    const parts = [mine, ...(await Promise.all(remote)).map((r) => r as Extract<TrainWorkerReply, { type: 'grad' }>)];
    return { loss: parts.reduce((a, p) => a + p.loss, 0), grads: sumShares(parts) };
  }

  async close(): Promise<void> {
    await this.workers.close();
  }
}

/**
 * thinc's weight averaging: decay (1 + t) / (10 + t), at most 0.9999, so the average covers about
 * the last ninth of the steps so far, and needs no setting.
 */
export function updateAverages(averages: Float32Array[], weights: Float32Array[], t: number, native = loadNative()): void {
  const decay = Math.min(0.9999, (1 + t) / (10 + t));
  averages.forEach((avg, k) => {
    const w = weights[k]!;
    if (native) return native.average(avg, w, decay);
    for (let i = 0; i < avg.length; i++) avg[i] = avg[i]! - (1 - decay) * (avg[i]! - w[i]!);
  });
}

/**
 * How `threads` training cores are used. With the native kernels, one replica whose matrix products
 * run on every core: the products are most of a step, and one replica has no per-step gradient sum
 * or weight broadcast (measured on 2,000 sentences of esp.train: 9.8 s against 10.7 s for two
 * replicas, docs/benchmarks/train.md). Without them (wasm: one thread per product), data-parallel
 * replicas are the only way to use more cores.
 */
export function planTrainingThreads(threads: number, native: boolean): { replicas: number; matMulThreads: number } {
  const n = Math.max(1, threads);
  return native ? { replicas: 1, matMulThreads: n } : { replicas: n, matMulThreads: 1 };
}
