import { NerError } from '@nerflow/corpus';
import { PretrainReplica, type ReplicaSpec } from './replica.js';
import type { MaskedDoc } from './masking.js';
import type { WorkerReply, WorkerRequest } from './worker.js';
import { PretrainErrors } from './errors.js';
import { siblingModule } from '../tf/startWorker.js';
import { WorkerPool } from '../training/workerPool.js';

export interface StepStats {
  /** Mean loss per hidden word. */
  loss: number;
  /** Hidden words that counted. */
  count: number;
  gradNorm: number;
}

/**
 * Synchronous data-parallel training over `threads` replicas: this thread holds replica 0, worker
 * threads hold the others. Each step splits the batch into contiguous shares, every replica computes
 * the gradient of its share's summed loss at the same time, the shares are added in a fixed order
 * and divided by the number of hidden words, and every replica applies that same update. The result
 * equals one replica training on the whole batch (up to float rounding), deterministically.
 */
export class DataParallel {
  private constructor(readonly local: PretrainReplica, private readonly workers: WorkerPool<WorkerRequest, WorkerReply>) {}

  /** Starts the replicas; `init` may load weights into replica 0 (a checkpoint), which are then broadcast. */
  static async start(spec: ReplicaSpec, threads: number, init?: (r: PretrainReplica) => Promise<void>): Promise<DataParallel> {
    const local = await PretrainReplica.create(spec);
    if (init) await init(local);
    const weights = local.weights();
    const workers = new WorkerPool<WorkerRequest, WorkerReply>(siblingModule(import.meta.url, 'worker'), threads - 1, (i, message) =>
      new NerError(PretrainErrors.WORKER, `Pretraining worker ${i + 1} failed: ${message}`, { hint: 'Run again with --workers 1 to see the error in the main thread.' }));
    const dp = new DataParallel(local, workers);
    const optimizer = local.optimizerState();
    try {
      await Promise.all(Array.from({ length: workers.count }, (_, i) => workers.request(i, { type: 'init', spec, weights, optimizer })));
    } catch (err) {
      await dp.close();
      throw err;
    }
    return dp;
  }

  get threads(): number {
    return this.workers.count + 1;
  }

  /** One update on `docs`, split across the replicas. */
  async step(docs: MaskedDoc[], dropout: number, seed: number, lr: number, clip: number): Promise<StepStats> {
    const shares = split(docs, this.threads);
    const remote = Array.from({ length: this.workers.count }, (_, i) =>
      this.workers.request(i, { type: 'grad', docs: shares[i + 1]!, dropout, seed: seed * 16 + i + 1 }));
    const mine = this.local.gradients(shares[0]!, dropout, seed * 16);
    const parts = [mine, ...(await Promise.all(remote)).map((r) => r as Extract<WorkerReply, { type: 'grad' }>)];
    const count = parts.reduce((a, p) => a + p.count, 0);
    const loss = parts.reduce((a, p) => a + p.loss, 0);
    const sum = sumShares(parts);
    const scale = 1 / Math.max(1, count);
    for (const s of sum) for (let j = 0; j < s.length; j++) s[j] *= scale;
    const gradNorm = this.local.apply(sum, lr, clip); // copies `sum` into tensors before it is sent
    this.workers.broadcast((i) => {
      const copy = i === this.workers.count - 1 ? sum : sum.map((s) => s.slice());
      return { msg: { type: 'apply', grads: copy, lr, clip }, transfer: copy.map((s) => s.buffer as ArrayBuffer) };
    });
    return { loss: loss / Math.max(1, count), count, gradNorm };
  }

  async close(): Promise<void> {
    await this.workers.close();
    this.local.dispose();
  }
}

/** The replicas' gradients added in a fixed order (share 0 first, into its arrays): what makes N threads deterministic. */
export function sumShares(parts: { grads: Float32Array[] }[]): Float32Array[] {
  const sum = parts[0]!.grads;
  for (const p of parts.slice(1)) p.grads.forEach((g, k) => { const s = sum[k]!; for (let j = 0; j < g.length; j++) s[j] += g[j]!; });
  return sum;
}

/** Contiguous shares of about equal word counts (some may be empty for tiny batches). */
export function split<T extends { words: string[] }>(docs: T[], parts: number): T[][] {
  const total = docs.reduce((a, d) => a + d.words.length, 0);
  const out: T[][] = Array.from({ length: parts }, () => []);
  let seen = 0;
  for (const d of docs) {
    const p = Math.min(parts - 1, Math.floor((seen * parts) / Math.max(1, total)));
    out[p]!.push(d);
    seen += d.words.length;
  }
  return out;
}
