import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type PgBoss from 'pg-boss';
import { IngestErrors, failureHints } from '../errors.js';
import type { FileResult, FileTask } from '../process-file.js';
import { INGEST_QUEUE, openBoss, type QueuePolicy } from './boss.js';

/** What runIngest needs to have files processed: the local thread pool, or the job queue. */
export interface FileRunner {
  run(task: FileTask, signal?: AbortSignal): Promise<FileResult>;
  close(): Promise<void>;
}

/** The data of one ingest job: the same FileTask a local worker thread gets. */
export interface IngestJob {
  run: string;
  task: FileTask;
}

interface Waiting { resolve: (r: FileResult) => void; since: number }

const POLL_MS = 200;

/**
 * Runs files as pg-boss jobs instead of local threads: `run()` enqueues one job per file and
 * resolves with the job's output once a `nerflow worker` (any machine, any number) has completed
 * it. runIngest keeps committing results in input order through its own OutputStore, so the output
 * folder is written by this one process only: a job retried after its worker died cannot add a
 * duplicate, and the result is the one the single-process path gives.
 */
export class QueueRunner implements FileRunner {
  private readonly waiting = new Map<string, Waiting>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private readonly runId = randomUUID();
  private readonly signals = new WeakSet<AbortSignal>();

  private constructor(private readonly boss: PgBoss, private readonly policy: QueuePolicy) {}

  static async open(url: string, policy: QueuePolicy, onError: (err: Error) => void): Promise<QueueRunner> {
    return new QueueRunner(await openBoss(url, policy, onError), policy);
  }

  async run(task: FileTask, signal?: AbortSignal): Promise<FileResult> {
    // Absolute paths: a worker may run in another folder (or machine, with the inputs mounted alike).
    const job: IngestJob = { run: this.runId, task: { ...task, file: path.resolve(task.file) } };
    const id = await this.boss.send(INGEST_QUEUE, job, {
      retryLimit: this.policy.retries, retryDelay: this.policy.retryDelaySeconds, retryBackoff: true,
      expireInSeconds: this.policy.expireSeconds,
    });
    if (!id) throw new Error(`pg-boss did not accept the job for ${task.source}`);
    const since = performance.now();
    // One abort listener per signal (not per job: 32 jobs in flight would pile up listeners).
    if (signal && !this.signals.has(signal)) {
      this.signals.add(signal);
      signal.addEventListener('abort', () => this.interruptAll(), { once: true });
    }
    return new Promise<FileResult>((resolve) => {
      this.waiting.set(id, { resolve, since });
      if (signal?.aborted) return this.interruptAll();
      this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    });
  }

  /** Ctrl-C: every job waited on is cancelled in the queue and reported as not processed. */
  private interruptAll(): void {
    for (const [id, w] of this.waiting) {
      void this.boss.cancel(INGEST_QUEUE, id).catch(() => undefined);
      w.resolve({ ok: false, code: 'E_INTERRUPTED', message: 'interrupted', ms: performance.now() - w.since });
    }
    this.waiting.clear();
  }

  /** One query for every job waited on: completed ones resolve with their output, failed ones as JOB_FAILED. */
  private async poll(): Promise<void> {
    if (this.polling || this.waiting.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.waiting.keys()];
      const jobs = await Promise.all(ids.map((id) => this.boss.getJobById<IngestJob>(INGEST_QUEUE, id, { includeArchive: true })));
      jobs.forEach((job, i) => {
        const w = this.waiting.get(ids[i]!);
        if (!w || !job || (job.state !== 'completed' && job.state !== 'failed' && job.state !== 'cancelled')) return;
        this.waiting.delete(ids[i]!);
        const ms = performance.now() - w.since;
        if (job.state === 'completed') w.resolve(job.output as FileResult);
        else {
          const why = (job.output as { message?: string; value?: { message?: string } } | null);
          w.resolve({
            ok: false, code: IngestErrors.JOB_FAILED, ms, hint: failureHints[IngestErrors.JOB_FAILED],
            message: `its job failed ${job.retryCount + 1} time(s) on the workers: ${why?.message ?? why?.value?.message ?? job.state}`,
          });
        }
      });
    } finally {
      this.polling = false;
      if (this.waiting.size === 0 && this.timer) { clearInterval(this.timer); this.timer = undefined; }
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }
}
