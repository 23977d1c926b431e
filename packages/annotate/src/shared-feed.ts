import { randomBytes } from 'node:crypto';
import type { LeasedTask, TaskLeases } from '@nerflow/store';
import type { Task } from './api.js';
import { Feed, type FeedOptions } from './feed.js';

/** What the Annotator needs from a feed: the in-memory `Feed` (one server) and `SharedFeed` (several). */
export interface TaskFeed {
  next(session: string, n: number): Promise<Task[]>;
  /** A task handed out (by this server, or with a shared feed by any server of the dataset). */
  task(hash: number, session: string): Task | undefined | Promise<Task | undefined>;
  /** The session holding a live lease on the task in the queue `session` draws from. */
  leaseHolder(session: string, hash: number): string | undefined | Promise<string | undefined>;
  answered(session: string, hash: number): Promise<void>;
  reopen(session: string, task: Task): Promise<void>;
  /** The server stops: gives back what it reserved and has not handed out. */
  close?(): Promise<void>;
}

interface LocalQueue {
  stream: AsyncIterator<Task>;
  /** Pulled from the stream and free when last checked, not claimed yet. */
  pending: Task[];
  lastTakeOver: number;
  answered: Set<number>;
  exhausted: boolean;
  lock: Promise<unknown>;
}

/** Tasks checked against the database per round trip while walking past tasks other servers hold (overlap). */
const SCAN = 64;
/**
 * Tasks a server reserves per round trip in the shared queue. Small, because a reservation keeps
 * them from the other servers' annotators until this server hands them out or the reservation
 * expires (at most RESERVE_MS): at the end of the source that is what they may wait.
 */
const RESERVE = 16;
const RESERVE_MS = 15_000;
/** Expired leases a server takes into its reservation per look (at most once a second while the source lasts). */
const TAKE_OVER = 64;

/**
 * The feed of several annotate servers on one dataset: every server walks the same source, but
 * who gets which task is decided by the database's task leases (store.leases), one statement per
 * decision, so two servers never hand one task to two sessions (without overlap): usually one per
 * get-next (renew and claim together) and none per answer besides the answer's own INSERT. A session gets
 * its open leases first (a reload, or a request that reached another server), then expired leases
 * of others (a killed server's, an idle annotator's), then new tasks from the source.
 *
 * In the shared queue (no overlap) a server reserves the tasks it is about to hand out, RESERVE at a
 * time, under a holder name of its own (issue 20): servers walking the same source in the same order
 * then take disjoint tasks, and handing one to a session is a claim that does not lose (two servers
 * lost about half their claims to each other, one extra statement per get-next). A reservation is a
 * lease like any other: it expires, and another server takes it over as it does a killed server's.
 */
export class SharedFeed implements TaskFeed {
  private readonly queues = new Map<string, LocalQueue>();
  private readonly known = new Map<number, Task>();
  /** Leases this server obtained for a session, and until when (monotonic ms) they are surely live. */
  private readonly held = new Map<number, { session: string; until: number }>();
  private readonly leaseMs: number;
  /** This server's reservation holder in the shared queue (not a valid session name); none with overlap. */
  private readonly holder?: string;
  private readonly reserveMs: number;

  constructor(
    private readonly makeStream: () => AsyncIterator<Task>,
    private readonly loadAnswered: (session: string | undefined) => Promise<Set<number>>,
    private readonly leases: TaskLeases,
    private readonly dataset: string,
    private readonly options: FeedOptions = {},
  ) {
    this.leaseMs = options.leaseMs ?? 10 * 60_000;
    if (!options.overlap) this.holder = `~server-${randomBytes(6).toString('hex')}`;
    this.reserveMs = Math.min(this.leaseMs, RESERVE_MS);
  }

  /** The lease queue of a session: one shared queue, or its own with overlap. */
  private queueName(session: string): string {
    return this.options.overlap ? session : '';
  }

  private async local(session: string): Promise<LocalQueue> {
    const key = this.queueName(session);
    let q = this.queues.get(key);
    if (!q) {
      // Answered before this server started: skipped without asking the database about each.
      const answered = await this.loadAnswered(this.options.overlap ? session : undefined);
      q = this.queues.get(key);
      if (!q) {
        q = { stream: this.makeStream(), pending: [], lastTakeOver: 0, answered, exhausted: false, lock: Promise.resolve() };
        this.queues.set(key, q);
      }
    }
    return q;
  }

  async next(session: string, n: number): Promise<Task[]> {
    return this.take(await this.local(session), session, n);
  }

  private async take(q: LocalQueue, session: string, n: number): Promise<Task[]> {
    const queue = this.queueName(session);
    let out: Task[] = [];
    // Renewing and taking over are single statements on the session's own rows: no local lock needed.
    let renewed = false;
    if (this.takeOverDue(q)) {
      const t = performance.now();
      out = this.remember(await this.leases.renew(this.dataset, queue, session, n, this.leaseMs), session, t);
      if (this.holder) {
        // Shared queue: expired leases (a killed server's reservations, an idle annotator's tasks)
        // become this server's reservations, first in line: taken over one request at a time they
        // came back at one a second (issue 20's fault run: 12 reservations not all answered in 10 s).
        const back = await this.leases.takeOver(this.dataset, queue, this.holder, TAKE_OVER, this.reserveMs);
        q.pending.unshift(...back.map((x) => x.task as Task).filter((x) => !q.answered.has(x._task_hash)));
      } else if (out.length < n) {
        out.push(...this.remember(await this.leases.takeOver(this.dataset, queue, session, n - out.length, this.leaseMs), session, t));
      }
      renewed = true;
    }
    const given = new Set(out.map((t) => t._task_hash));
    while (out.length < n) {
      const want = await this.reserve(q, queue, session, n - out.length, given);
      if (!want.length && renewed) break;
      const t = performance.now();
      const candidates = want.map((x) => ({ hash: x._task_hash, task: x }));
      // Usually one statement per request: the session's open leases renewed and new tasks claimed together.
      const r = renewed
        ? { renewed: [], claimed: await this.leases.claim(this.dataset, queue, session, candidates, this.leaseMs, this.holder) }
        : await this.leases.renewAndClaim(this.dataset, queue, session, n - out.length, this.leaseMs, candidates, this.holder);
      for (const x of this.remember(r.renewed, session, t)) { given.add(x._task_hash); out.push(x); }
      const room = n - out.length;
      renewed = true;
      // Candidates past `room` were not tried (renewed leases filled the reply): kept, in order, for the next request.
      q.pending.unshift(...want.slice(room).filter((x) => !given.has(x._task_hash)));
      for (const x of want.slice(0, room)) {
        if (!r.claimed.has(x._task_hash)) continue; // another server claimed it first (or took over an expired reservation)
        this.hold(x, session, t);
        given.add(x._task_hash);
        out.push(x);
      }
      if (!want.length) break;
    }
    return out;
  }

  /**
   * Expired leases are rare (a dead server, an annotator gone): look for them at most once a
   * second per queue, and whenever the source has run out, rather than on every request.
   */
  private takeOverDue(q: LocalQueue): boolean {
    const now = Date.now();
    if (!q.exhausted && now - q.lastTakeOver < 1000) return false;
    q.lastTakeOver = now;
    return true;
  }

  /**
   * Up to `n` candidate tasks for this request, taken from the local buffer of tasks this server
   * reserved (shared queue) or the database said were free (overlap), refilled from the stream when
   * it runs low. Only this bookkeeping is serialised; the claim itself runs concurrently with other requests.
   */
  private reserve(q: LocalQueue, queue: string, session: string, n: number, given: Set<number>): Promise<Task[]> {
    const run = q.lock.then(async () => {
      await this.refill(q, queue, session, n, given);
      const out: Task[] = [];
      while (out.length < n && q.pending.length) {
        const t = q.pending.shift()!;
        if (!given.has(t._task_hash) && !q.answered.has(t._task_hash)) out.push(t);
      }
      return out;
    });
    q.lock = run.catch(() => undefined);
    // Shared queue: the next reservation is made while this request's claim runs, so that requests
    // seldom wait for one (issue 20: with 2 servers a reservation often won nothing, the other
    // server had just taken those tasks, and every request of the server waited for the next try).
    if (this.holder && !q.exhausted) {
      q.lock = q.lock.then(() => (q.pending.length < RESERVE / 2 ? this.refill(q, queue, session, RESERVE, new Set()) : undefined)).catch(() => undefined);
    }
    return run;
  }

  /** Pulls from the stream until `n` tasks are pending: reserved by this server (shared queue) or free when checked (overlap). */
  private async refill(q: LocalQueue, queue: string, session: string, n: number, skip: Set<number>): Promise<void> {
    while (q.pending.length < n && !q.exhausted) {
      const batch = await this.pull(q, this.holder ? RESERVE : SCAN, skip);
      if (!batch.length) break;
      const free = this.holder
        ? await this.leases.reserve(this.dataset, queue, this.holder, batch.map((t) => ({ hash: t._task_hash, task: t })), this.reserveMs)
        : await this.leases.available(this.dataset, queue, session, batch.map((t) => t._task_hash));
      // Tasks held or done elsewhere are dropped here: if their lease expires, takeOver finds them.
      q.pending.push(...batch.filter((t) => free.has(t._task_hash)));
    }
  }

  /** Up to `max` tasks from the stream not answered here and not already in this reply. */
  private async pull(q: LocalQueue, max: number, skip: Set<number>): Promise<Task[]> {
    const out: Task[] = [];
    while (out.length < max && !q.exhausted) {
      const r = await q.stream.next();
      if (r.done) { q.exhausted = true; break; }
      if (!q.answered.has(r.value._task_hash) && !skip.has(r.value._task_hash)) out.push(r.value);
    }
    return out;
  }

  /** Tasks leased to `session` by a statement sent at `sentAt` (performance.now()). */
  private remember(leased: LeasedTask[], session: string, sentAt: number): Task[] {
    return leased.map(({ task }) => this.hold(task as Task, session, sentAt));
  }

  /**
   * Records a lease this server obtained: its expiry is the database's now() at the statement plus
   * the lease time, so it is live for at least `leaseMs` after `sentAt` on this machine's monotonic
   * clock (whatever the clocks say), and until then no other session can take it (claims and
   * takeovers need an expired lease). leaseHolder answers from this record during that time, with a
   * margin, instead of asking the database on every answer.
   */
  private hold(task: Task, session: string, sentAt: number): Task {
    this.known.set(task._task_hash, task);
    this.held.set(task._task_hash, { session, until: sentAt + this.leaseMs - Math.min(5000, this.leaseMs / 2) });
    return task;
  }

  async task(hash: number, session: string): Promise<Task | undefined> {
    const local = this.known.get(hash);
    if (local) return local;
    // Handed out by another server (a load balancer without sticky sessions): the lease has it.
    const lease = await this.leases.lease(this.dataset, this.queueName(session), hash);
    if (lease) this.known.set(hash, lease.task as Task);
    return lease?.task as Task | undefined;
  }

  async leaseHolder(session: string, hash: number): Promise<string | undefined> {
    const mine = this.held.get(hash);
    if (mine?.session === session && performance.now() < mine.until) return session;
    const lease = await this.leases.lease(this.dataset, this.queueName(session), hash);
    return lease?.live ? lease.session : undefined;
  }

  async answered(session: string, hash: number): Promise<void> {
    const q = await this.local(session);
    q.answered.add(hash);
    // Its lease was marked done by the answer's own INSERT (store migration 3): nothing to send.
    this.held.delete(hash);
  }

  async close(): Promise<void> {
    if (!this.holder) return;
    // Best effort: if the database cannot be reached the reservations expire after reserveMs anyway.
    await this.leases.release(this.dataset, '', this.holder).catch(() => undefined);
  }

  async reopen(session: string, task: Task): Promise<void> {
    const q = await this.local(session);
    q.answered.delete(task._task_hash);
    const t = performance.now();
    await this.leases.reopen(this.dataset, this.queueName(session), session, { hash: task._task_hash, task }, this.leaseMs);
    this.hold(task, session, t);
  }
}

/**
 * The feed for a store: shared through the database's task leases when the store has them
 * (PostgreSQL: several servers may serve the dataset), else in this process (SQLite: one server).
 */
export function createFeed(
  leases: TaskLeases | undefined, dataset: string,
  makeStream: () => AsyncIterator<Task>, loadAnswered: (session: string | undefined) => Promise<Set<number>>, options: FeedOptions,
): TaskFeed {
  return leases ? new SharedFeed(makeStream, loadAnswered, leases, dataset, options) : new Feed(makeStream, loadAnswered, options);
}
