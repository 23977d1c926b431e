import type PgBoss from 'pg-boss';
import type { StageContext } from '@nerflow/core';
import { FilePool } from '../pool.js';
import { INGEST_QUEUE, openBoss, type QueuePolicy } from './boss.js';
import type { IngestJob } from './queue-runner.js';

export interface WorkerOptions {
  queue: string;
  /** Jobs run at once (each in its own worker thread, with --timeout and --max-memory as locally). */
  concurrency: number;
  timeoutSeconds: number;
  maxMemoryMb: number;
  policy: QueuePolicy;
}

export interface WorkerSummary { jobs: number; ok: number; failed: number }

/**
 * `nerflow worker`: takes ingest jobs from the queue until `ctx.signal` aborts, running each with
 * the same processFile as a local ingest (through the same thread pool, so a stuck or oversized
 * file is stopped the same way). A bad file is a result (completed, reported by the coordinator);
 * only a job this worker could not finish (shutdown) is failed, so that pg-boss retries it.
 */
export async function runWorker(o: WorkerOptions, ctx: StageContext): Promise<WorkerSummary> {
  const summary: WorkerSummary = { jobs: 0, ok: 0, failed: 0 };
  const boss: PgBoss = await openBoss(o.queue, o.policy, (err) => ctx.log.warn(`queue: ${err.message}`));
  const pool = new FilePool(o.concurrency, o.timeoutSeconds * 1000, o.maxMemoryMb);
  const stop = new AbortController();
  const handle = async ([job]: PgBoss.Job<IngestJob>[]) => {
    const r = await pool.run(job!.data.task, stop.signal);
    if (!r.ok && r.code === 'E_INTERRUPTED') throw new Error('worker stopped before the file was done');
    summary.jobs++;
    summary[r.ok ? 'ok' : 'failed']++;
    ctx.progress({ unit: 'jobs', done: summary.jobs, phase: 'worker', stats: { ok: summary.ok, failed: summary.failed } });
    return r;
  };
  try {
    // pg-boss 10 runs one job per work() loop: one loop per slot gives `concurrency` jobs at once.
    for (let i = 0; i < o.concurrency; i++) await boss.work<IngestJob>(INGEST_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, handle);
    ctx.log.info(`worker: taking ingest jobs from the queue (${o.concurrency} at a time); Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    // Take no new job; let running ones finish for a while (pg-boss fails what is left, to be retried), then stop.
    await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true }).catch(() => undefined);
    stop.abort();
    await pool.close();
  }
  return summary;
}
