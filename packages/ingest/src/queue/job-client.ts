import type PgBoss from 'pg-boss';
import { openBoss, type QueuePolicy } from './boss.js';

/** How a job ended, as its sender sees it. */
export type JobOutcome<T> =
  | { ok: true; output: T }
  /** Failed on the workers `tries` times (retries included), or cancelled (`interrupted`). */
  | { ok: false; message: string; tries: number; interrupted?: boolean };

interface Waiting { resolve: (r: JobOutcome<unknown>) => void; queue: string }

const POLL_MS = 200;

/**
 * The sending side of nerflow's jobs on pg-boss (ingest's files, predict's batches): `send()` puts
 * one job on a queue, with the retry policy (retries with backoff, expiry of a job whose worker
 * died), and resolves once a `nerflow worker` has completed it or it has failed for good. All jobs
 * waited on are polled in one pass. The sender writes the results itself, in its own order, so a
 * job that ran twice cannot duplicate anything.
 */
export class JobClient {
  private readonly waiting = new Map<string, Waiting>();
  private timer?: NodeJS.Timeout;
  private polling = false;
  private readonly signals = new WeakSet<AbortSignal>();

  private constructor(private readonly boss: PgBoss, private readonly policy: QueuePolicy) {}

  /** Connects to the queue server at `url` and creates `queues` when absent. */
  static async open(url: string, policy: QueuePolicy, queues: string[], onError: (err: Error) => void): Promise<JobClient> {
    return new JobClient(await openBoss(url, policy, onError, queues), policy);
  }

  /** Sends one job and waits for its outcome; aborting `signal` cancels every job waited on. */
  async send<T>(queue: string, data: object, signal?: AbortSignal): Promise<JobOutcome<T>> {
    const id = await this.boss.send(queue, data, {
      retryLimit: this.policy.retries, retryDelay: this.policy.retryDelaySeconds, retryBackoff: true,
      expireInSeconds: this.policy.expireSeconds,
    });
    if (!id) throw new Error(`pg-boss did not accept a job on ${queue}`);
    // One abort listener per signal (not per job: 32 jobs in flight would pile up listeners).
    if (signal && !this.signals.has(signal)) {
      this.signals.add(signal);
      signal.addEventListener('abort', () => this.interruptAll(), { once: true });
    }
    return new Promise<JobOutcome<T>>((resolve) => {
      this.waiting.set(id, { resolve: resolve as Waiting['resolve'], queue });
      if (signal?.aborted) return this.interruptAll();
      this.timer ??= setInterval(() => void this.poll(), POLL_MS);
    });
  }

  /** Ctrl-C: every job waited on is cancelled in the queue and reported as interrupted. */
  private interruptAll(): void {
    for (const [id, w] of this.waiting) {
      void this.boss.cancel(w.queue, id).catch(() => undefined);
      w.resolve({ ok: false, message: 'interrupted', tries: 0, interrupted: true });
    }
    this.waiting.clear();
  }

  private async poll(): Promise<void> {
    if (this.polling || this.waiting.size === 0) return;
    this.polling = true;
    try {
      const ids = [...this.waiting.keys()];
      const jobs = await Promise.all(ids.map((id) => this.boss.getJobById(this.waiting.get(id)!.queue, id, { includeArchive: true })));
      jobs.forEach((job, i) => {
        const w = this.waiting.get(ids[i]!);
        if (!w || !job || (job.state !== 'completed' && job.state !== 'failed' && job.state !== 'cancelled')) return;
        this.waiting.delete(ids[i]!);
        if (job.state === 'completed') return w.resolve({ ok: true, output: job.output });
        const why = job.output as { message?: string; value?: { message?: string } } | null;
        w.resolve({ ok: false, message: why?.message ?? why?.value?.message ?? job.state, tries: job.retryCount + 1 });
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
