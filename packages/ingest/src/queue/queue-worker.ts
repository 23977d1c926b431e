import type PgBoss from 'pg-boss';
import type { StageContext } from '@nerflow/core';
import { FilePool } from '../pool.js';
import { INGEST_QUEUE, openBoss, type QueuePolicy } from './boss.js';
import type { IngestJob } from './queue-runner.js';

/**
 * Another stage's jobs for `nerflow worker` (predict's batches: packages/cli/src/queue/): the
 * queue they arrive on and the function that runs one, returning its output (JSON) to the sender.
 * Throwing fails the job, so pg-boss retries it (elsewhere, after a backoff).
 */
export interface JobHandler {
  queue: string;
  run(data: unknown, signal: AbortSignal): Promise<unknown>;
  /** Frees what the handler keeps between jobs (loaded models), once the worker stops. */
  close?(): Promise<void> | void;
}

export interface WorkerOptions {
  queue: string;
  /** Jobs run at once per queue (ingest's each in its own worker thread, with --timeout and --max-memory as locally). */
  concurrency: number;
  timeoutSeconds: number;
  maxMemoryMb: number;
  policy: QueuePolicy;
  /** Other stages' jobs this worker also takes (besides ingest's files). */
  handlers?: JobHandler[];
}

export interface WorkerSummary { jobs: number; ok: number; failed: number }

/**
 * `nerflow worker`: takes jobs from the queue until `ctx.signal` aborts. Ingest jobs run with the
 * same processFile as a local ingest (through the same thread pool, so a stuck or oversized file is
 * stopped the same way); a bad file is a result (completed, reported by the coordinator). Other
 * stages' jobs run their handler. Only a job this worker could not finish (shutdown, a handler's
 * error) is failed, so that pg-boss retries it.
 */
export async function runWorker(o: WorkerOptions, ctx: StageContext): Promise<WorkerSummary> {
  const summary: WorkerSummary = { jobs: 0, ok: 0, failed: 0 };
  const handlers = o.handlers ?? [];
  const boss: PgBoss = await openBoss(o.queue, o.policy, (err) => ctx.log.warn(`queue: ${err.message}`), [INGEST_QUEUE, ...handlers.map((h) => h.queue)]);
  const pool = new FilePool(o.concurrency, o.timeoutSeconds * 1000, o.maxMemoryMb);
  const stop = new AbortController();
  const done = (ok: boolean) => {
    summary.jobs++;
    summary[ok ? 'ok' : 'failed']++;
    ctx.progress({ unit: 'jobs', done: summary.jobs, phase: 'worker', stats: { ok: summary.ok, failed: summary.failed } });
  };
  const ingest = async ([job]: PgBoss.Job<IngestJob>[]) => {
    const r = await pool.run(job!.data.task, stop.signal);
    if (!r.ok && r.code === 'E_INTERRUPTED') throw new Error('worker stopped before the file was done');
    done(r.ok);
    return r;
  };
  try {
    // pg-boss 10 runs one job per work() loop: one loop per slot gives `concurrency` jobs at once.
    const work = { batchSize: 1, pollingIntervalSeconds: 0.5 };
    for (let i = 0; i < o.concurrency; i++) {
      await boss.work<IngestJob>(INGEST_QUEUE, work, ingest);
      for (const h of handlers) {
        await boss.work(h.queue, work, async ([job]) => {
          const out = await h.run(job!.data, stop.signal);
          done(true);
          return out;
        });
      }
    }
    const others = handlers.map((h) => ` and ${h.queue.replace(/^nerflow-/, '')}`).join('');
    ctx.log.info(`worker: taking ingest${others} jobs from the queue (${o.concurrency} at a time of each kind); Ctrl-C to stop`);
    await new Promise<void>((resolve) => {
      if (ctx.signal.aborted) return resolve();
      ctx.signal.addEventListener('abort', () => resolve(), { once: true });
    });
  } finally {
    // Take no new job; let running ones finish for a while (pg-boss fails what is left, to be retried), then stop.
    await boss.stop({ graceful: true, wait: true, timeout: 10_000, close: true }).catch(() => undefined);
    stop.abort();
    await pool.close();
    for (const h of handlers) await h.close?.();
  }
  return summary;
}
