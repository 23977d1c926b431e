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
  close(): Promise<void>;
}
