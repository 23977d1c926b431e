import type { Task } from './api.js';

export interface FeedOptions {
  /** Each session gets every task (for agreement studies) instead of sharing one queue. */
  overlap?: boolean;
  /** How long a task handed out stays reserved for its session before another may get it. */
  leaseMs?: number;
  now?: () => number;
}

/** Per-queue state: the task generator, tasks given back (undo, expired leases), and answered hashes. */
interface Queue {
  stream: AsyncIterator<Task>;
  requeued: Task[];
  answered: Set<number>;
  /** task hash -> lease, in the order handed out. */
  leases: Map<number, { session: string; task: Task; expires: number }>;
  exhausted: boolean;
  /** Serialises pulls: two sessions asking at once must not get the same task. */
  lock: Promise<unknown>;
}

/**
 * Hands tasks to sessions so that none is asked twice: tasks already answered in the dataset are
 * skipped (restart, second tab, second annotator), a task handed out is leased to its session (a
 * reload gets the same tasks back, another session does not get them until the lease expires), and
 * with `overlap` each session has its own queue over the whole source.
 */
export class Feed {
  private readonly queues = new Map<string, Queue>();
  /** Every task handed out, by hash: answers are checked against these. */
  private readonly known = new Map<number, Task>();
  private readonly leaseMs: number;
  private readonly now: () => number;

  constructor(
    private readonly makeStream: () => AsyncIterator<Task>,
    private readonly loadAnswered: (session: string | undefined) => Promise<Set<number>>,
    private readonly options: FeedOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    this.now = options.now ?? Date.now;
  }

  private async queue(session: string): Promise<Queue> {
    const key = this.options.overlap ? session : '';
    let q = this.queues.get(key);
    if (!q) {
      const answered = await this.loadAnswered(this.options.overlap ? session : undefined);
      q = this.queues.get(key); // another request may have created it while we waited
      if (!q) {
        q = { stream: this.makeStream(), requeued: [], answered, leases: new Map(), exhausted: false, lock: Promise.resolve() };
        this.queues.set(key, q);
      }
    }
    return q;
  }

  /** Up to `n` tasks for `session`: its own open leases first, then new ones. */
  async next(session: string, n: number): Promise<Task[]> {
    const q = await this.queue(session);
    const run = q.lock.then(() => this.take(q, session, n));
    q.lock = run.catch(() => undefined);
    return run;
  }

  private async take(q: Queue, session: string, n: number): Promise<Task[]> {
    const now = this.now();
    const out: Task[] = [];
    for (const [hash, lease] of q.leases) {
      if (lease.session === session) {
        if (out.length < n) { out.push(lease.task); lease.expires = now + this.leaseMs; }
      } else if (lease.expires < now) {
        q.leases.delete(hash);
        q.requeued.push(lease.task);
      }
    }
    while (out.length < n) {
      const task = await this.pull(q);
      if (!task) break;
      if (q.answered.has(task._task_hash) || q.leases.has(task._task_hash)) continue;
      q.leases.set(task._task_hash, { session, task, expires: now + this.leaseMs });
      this.known.set(task._task_hash, task);
      out.push(task);
    }
    return out;
  }

  private async pull(q: Queue): Promise<Task | undefined> {
    if (q.requeued.length) return q.requeued.shift();
    if (q.exhausted) return undefined;
    const r = await q.stream.next();
    if (r.done) { q.exhausted = true; return undefined; }
    return r.value;
  }

  /** The task with this hash if it was handed out by this server. */
  task(hash: number): Task | undefined {
    return this.known.get(hash);
  }

  /**
   * The session holding an unexpired lease on a task in the queue `session` draws from, or
   * undefined (with overlap every session has its own queue, so only it can hold its leases).
   */
  leaseHolder(session: string, hash: number): string | undefined {
    const lease = this.queues.get(this.options.overlap ? session : '')?.leases.get(hash);
    return lease && lease.expires >= this.now() ? lease.session : undefined;
  }

  /** Records a stored answer: the task is never handed out again (to this session, or to anyone without overlap). */
  async answered(session: string, hash: number): Promise<void> {
    const q = await this.queue(session);
    q.answered.add(hash);
    q.leases.delete(hash);
  }

  /** Undo: the task comes back first for this session. */
  async reopen(session: string, task: Task): Promise<void> {
    const q = await this.queue(session);
    q.answered.delete(task._task_hash);
    this.known.set(task._task_hash, task);
    // Re-insert the lease at the front so the next request of this session shows it first.
    const rest = [...q.leases].filter(([h]) => h !== task._task_hash);
    q.leases.clear();
    q.leases.set(task._task_hash, { session, task, expires: this.now() + this.leaseMs });
    for (const [h, l] of rest) q.leases.set(h, l);
  }
}
