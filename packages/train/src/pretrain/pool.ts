import type { Worker } from 'node:worker_threads';
import { NerError } from '@nerflow/corpus';
import { PretrainReplica, type ReplicaSpec } from './replica.js';
import type { MaskedDoc } from './masking.js';
import type { WorkerReply, WorkerRequest } from './worker.js';
import { PretrainErrors } from './errors.js';
import { siblingModule, startWorker } from '../tf/startWorker.js';

/** A worker thread running worker.js (built) or worker.ts (from source). */
function startPretrainWorker(): Worker {
  return startWorker(siblingModule(import.meta.url, 'worker'));
}

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
  private constructor(readonly local: PretrainReplica, private readonly workers: Worker[], private readonly pending: ((r: WorkerReply) => void)[][]) {}

  /** Starts the replicas; `init` may load weights into replica 0 (a checkpoint), which are then broadcast. */
  static async start(spec: ReplicaSpec, threads: number, init?: (r: PretrainReplica) => Promise<void>): Promise<DataParallel> {
    const local = await PretrainReplica.create(spec);
    if (init) await init(local);
    const weights = local.weights();
    const workers: Worker[] = [];
    const pending: ((r: WorkerReply) => void)[][] = [];
    for (let i = 1; i < threads; i++) {
      const w = startPretrainWorker();
      const queue: ((r: WorkerReply) => void)[] = [];
      w.on('message', (r: WorkerReply) => queue.shift()?.(r));
      w.on('error', (err) => { for (const f of queue.splice(0)) f({ type: 'error', message: err.message, stack: err.stack }); });
      workers.push(w);
      pending.push(queue);
    }
    const dp = new DataParallel(local, workers, pending);
    const optimizer = local.optimizerState();
    await Promise.all(workers.map((_, i) => dp.request(i, { type: 'init', spec, weights, optimizer })));
    return dp;
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  private request(i: number, msg: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<WorkerReply> {
    return new Promise((resolve, reject) => {
      this.pending[i]!.push((r) => {
        if (r.type === 'error') {
          reject(new NerError(PretrainErrors.WORKER, `Pretraining worker ${i + 1} failed: ${r.message}`, {
            hint: 'Run again with --workers 1 to see the error in the main thread.',
          }));
        } else resolve(r);
      });
      this.workers[i]!.postMessage(msg, transfer);
    });
  }

  /** One update on `docs`, split across the replicas. */
  async step(docs: MaskedDoc[], dropout: number, seed: number, lr: number, clip: number): Promise<StepStats> {
    const shares = split(docs, this.threads);
    const remote = this.workers.map((_, i) =>
      this.request(i, { type: 'grad', docs: shares[i + 1]!, dropout, seed: seed * 16 + i + 1 }));
    const mine = this.local.gradients(shares[0]!, dropout, seed * 16);
    const parts = [mine, ...(await Promise.all(remote)).map((r) => r as Extract<WorkerReply, { type: 'grad' }>)];
    const count = parts.reduce((a, p) => a + p.count, 0);
    const loss = parts.reduce((a, p) => a + p.loss, 0);
    const sum = mine.grads;
    for (const p of parts.slice(1)) p.grads.forEach((g, k) => { const s = sum[k]!; for (let j = 0; j < g.length; j++) s[j] += g[j]!; });
    const scale = 1 / Math.max(1, count);
    for (const s of sum) for (let j = 0; j < s.length; j++) s[j] *= scale;
    const gradNorm = this.local.apply(sum, lr, clip); // copies `sum` into tensors before it is sent
    this.workers.forEach((w, i) => {
      const copy = i === this.workers.length - 1 ? sum : sum.map((s) => s.slice());
      w.postMessage({ type: 'apply', grads: copy, lr, clip } satisfies WorkerRequest, copy.map((s) => s.buffer as ArrayBuffer));
    });
    return { loss: loss / Math.max(1, count), count, gradNorm };
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
    this.local.dispose();
  }
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
