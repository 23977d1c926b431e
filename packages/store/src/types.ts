import type { Answer, Example } from '@nerflow/corpus';

/** A dataset as listed by the store. */
export interface DatasetSummary {
  name: string;
  /** Unix milliseconds. */
  created: number;
  /** Free-form settings kept with the dataset (annotate keeps `labels` and `mode` here). */
  meta: Record<string, unknown>;
  /** Stored examples (answers), all sessions together. */
  examples: number;
}

/** Counts of one session (annotator) of a dataset; the session without a name is `''`. */
export interface SessionStats {
  session: string;
  total: number;
  accept: number;
  reject: number;
  ignore: number;
  /** Unix milliseconds of the last answer. */
  last: number;
}

export interface DatasetStats extends DatasetSummary {
  accept: number;
  reject: number;
  ignore: number;
  /** Examples stored without an answer (e.g. imported raw text). */
  unanswered: number;
  /** Distinct `_input_hash` values: how many different texts. */
  inputs: number;
  sessions: SessionStats[];
  /** Count of spans per label over accepted examples. */
  labels: Record<string, number>;
}

/**
 * What to do when an example with the same (dataset, session, `_task_hash`) is already stored:
 * `ignore` keeps the first (imports: running them twice adds nothing), `replace` keeps the newest
 * (a user who undoes and answers again).
 */
export type OnConflict = 'ignore' | 'replace';

export interface AddOptions {
  /** Session to store under when the example has no `_session_id` (default: its own or `''`). */
  session?: string;
  onConflict?: OnConflict;
  /** Also return each example's status (for callers that batch several requests into one commit). */
  details?: boolean;
}

export interface AddResult {
  added: number;
  /** Examples already stored (kept as they were with `ignore`, overwritten with `replace`). */
  existing: number;
  /** With `details`: per example, in order, whether it was new. */
  statuses?: ('added' | 'existing')[];
}

export interface ExampleQuery {
  session?: string;
  answer?: Answer | 'none';
}

export interface MergeOptions {
  /**
   * Keep each source session apart (default) or collapse all into one session named `collapse`,
   * keeping the newest answer per task.
   */
  collapse?: string;
}

/**
 * The annotation store. Async so that a network database (PostgreSQL, for teams) can implement the
 * same interface; the SQLite implementation answers from the same thread without waiting.
 */
export interface Store {
  /** 'sqlite', 'postgres', ... */
  readonly kind: string;
  /** Where the data lives (a file path for SQLite), for messages. */
  readonly location: string;
  datasets(): Promise<DatasetSummary[]>;
  getDataset(name: string): Promise<DatasetSummary | undefined>;
  /** Creates the dataset if absent; merges `meta` into its meta when given. */
  ensureDataset(name: string, meta?: Record<string, unknown>): Promise<DatasetSummary>;
  /** Removes the dataset and its examples; false when there was none. */
  dropDataset(name: string): Promise<boolean>;
  /** Stores examples (hashes computed when missing); one transaction per call. */
  add(dataset: string, examples: Iterable<Example> | AsyncIterable<Example>, options?: AddOptions): Promise<AddResult>;
  /** Deletes one stored answer (undo); false when there was none. */
  remove(dataset: string, taskHash: number, session?: string): Promise<boolean>;
  /** Examples in insertion order, with `answer`, `_session_id` and `_timestamp` as stored. */
  examples(dataset: string, query?: ExampleQuery): AsyncIterable<Example>;
  /** One stored example by task hash (and session), or undefined. */
  getExample(dataset: string, taskHash: number, session?: string): Promise<Example | undefined>;
  /** Task hashes already stored: in any session, or in one session when given. */
  taskHashes(dataset: string, session?: string): Promise<Set<number>>;
  /** Input (text) hashes of answered examples: in any session, or in one session when given. */
  inputHashes(dataset: string, session?: string): Promise<Set<number>>;
  stats(dataset: string): Promise<DatasetStats>;
  /** Copies the examples of `sources` into `target` (created if absent), deduplicated. */
  merge(sources: string[], target: string, options?: MergeOptions): Promise<AddResult>;
  /**
   * Task leases kept in the database, when the backend has them (PostgreSQL): then several annotate
   * servers of one dataset share one queue. Absent for SQLite, where one server per dataset runs.
   */
  readonly leases?: TaskLeases;
  close(): Promise<void>;
}

/** A task handed out (or to hand out), as the leases keep it: its hash and the whole task as JSON. */
export interface LeasedTask<T = unknown> {
  hash: number;
  task: T;
}

export interface LeaseState {
  session: string;
  task: unknown;
  /** Answered (kept so that no server asks it again). */
  done: boolean;
  /** Held by `session` right now: not done and not expired. */
  live: boolean;
}

/**
 * Who is asked what, shared by every server of a dataset. A queue is `''` (all sessions share the
 * tasks) or a session name (with --overlap each session has its own). A lease is held by one
 * session until it expires; storing an answer marks the task's lease done (in the queue '' and in
 * the answering session's), in the same transaction, so no server asks it again. Times are the
 * database's clock, so servers on different machines agree.
 */
export interface TaskLeases {
  /** This session's open leases (oldest first, an undone task first of all), renewed, up to `n`. */
  renew(dataset: string, queue: string, session: string, n: number, ttlMs: number): Promise<LeasedTask[]>;
  /** Takes over up to `n` expired leases of other sessions (a killed server's, an idle annotator's) that are not answered. */
  takeOver(dataset: string, queue: string, session: string, n: number, ttlMs: number): Promise<LeasedTask[]>;
  /** Of `hashes`, those nobody holds, has done, or has answered in the queue: worth trying to claim. */
  available(dataset: string, queue: string, session: string, hashes: number[]): Promise<Set<number>>;
  /**
   * Leases each task to `session` unless answered, done, or held by another session; returns the
   * hashes leased. With `reservedBy` (the caller's `reserve` holder), tasks held live by it are taken from it.
   */
  claim(dataset: string, queue: string, session: string, tasks: LeasedTask[], ttlMs: number, reservedBy?: string): Promise<Set<number>>;
  /**
   * Reserves for `holder` (a server's own name, one no session can have: `~` + an id, since session
   * names start with a letter or digit) the tasks that have no lease at all (never handed out) and
   * are not answered, for `ttlMs`; returns the hashes reserved. The server then hands them to its
   * sessions with `claim(..., reservedBy: holder)`, a claim no other server can win meanwhile.
   */
  reserve(dataset: string, queue: string, holder: string, tasks: LeasedTask[], ttlMs: number): Promise<Set<number>>;
  /**
   * `renew` and `claim` in one round trip (a get-next's usual work): renews up to `n` of the session's
   * open leases, then claims from `candidates`, in order, at most as many as `n` leaves room for
   * (candidates beyond that are not tried: the caller keeps them for the next request). `reservedBy`
   * as for `claim`.
   */
  renewAndClaim(dataset: string, queue: string, session: string, n: number, ttlMs: number, candidates: LeasedTask[], reservedBy?: string): Promise<{ renewed: LeasedTask[]; claimed: Set<number> }>;
  /** Ends `holder`'s reservations now (its server stops): other servers take them over at their next look for expired leases. */
  release(dataset: string, queue: string, holder: string): Promise<void>;
  /** The lease row of one task (any state), undefined when it was never handed out in the queue. */
  lease(dataset: string, queue: string, hash: number): Promise<LeaseState | undefined>;
  /** Undo: the task is leased again to `session`, ahead of its other leases. */
  reopen(dataset: string, queue: string, session: string, task: LeasedTask, ttlMs: number): Promise<void>;
}
