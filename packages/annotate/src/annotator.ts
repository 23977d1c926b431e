import { NerError, type Example, type PatternMatcher } from '@nerflow/corpus';
import type { Logger, Predictor } from '@nerflow/core';
import type { Store } from '@nerflow/store';
import type { AnnotateMode, AnswerIn, ConfigResponse, Progress, ReviewInfo, Task } from './api.js';
import { AnnotateErrors } from './errors.js';
import { createFeed, type TaskFeed } from './shared-feed.js';
import { GroupCommit } from './group-commit.js';
import { SourceIndex, firstExample, type SourceFactory } from './source-index.js';
import { taskStream } from './task-stream.js';
import { answerRecord } from './validate-answer.js';

export interface AnnotatorOptions {
  store: Store;
  dataset: string;
  /** The source examples in memory (small sources, tests); or give `source`. */
  examples?: Example[];
  /**
   * The source, read lazily: called once per feed (once per session with overlap) and once to count
   * it in the background, so memory stays bounded whatever its size.
   */
  source?: SourceFactory;
  labels: string[];
  mode?: AnnotateMode;
  matcher?: PatternMatcher;
  predictor?: Predictor;
  /** Teach: update the model after this many accept/reject answers (default 10). */
  updateEvery?: number;
  overlap?: boolean;
  leaseMs?: number;
  /** Review mode: the review tasks (see planReview) and what is reviewed, instead of a source. */
  review?: { tasks: Task[]; info: ReviewInfo };
  log?: Logger;
  version?: string;
}

/**
 * The annotation logic without HTTP: feeds tasks, validates and stores answers (each committed
 * before the call returns), undo, progress, and teach-mode model updates in the background.
 */
export class Annotator {
  readonly mode: AnnotateMode;
  readonly labels: ReadonlySet<string>;
  private readonly feed: TaskFeed;
  private readonly writer: GroupCommit;
  private readonly sourceInputs: SourceIndex;
  /** Per progress key ('' without overlap): answers per input hash, to count remaining texts. */
  private readonly inputCounts = new Map<string, Map<number, number>>();
  /** Per progress key: how many source texts have at least one answer (kept up to date, not recounted). */
  private readonly doneCounts = new Map<string, number>();
  private readonly sessionCounts = new Map<string, number>();
  private datasetCount = 0;
  private answersThisRun = 0;
  private pendingUpdate: Example[] = [];
  private updating: Promise<void> = Promise.resolve();
  private model = { updates: 0, loss: null as number | null };

  private constructor(private readonly o: AnnotatorOptions) {
    this.mode = o.mode ?? 'manual';
    this.labels = new Set(o.labels);
    this.writer = new GroupCommit(o.store, o.dataset);
    const review = o.review;
    const source: SourceFactory = review ? () => review.tasks.map((t) => ({ text: t.text, _input_hash: t._input_hash })) : o.source ?? (() => o.examples ?? []);
    // Counts done so far were taken against a partial index: recount once it is complete.
    this.sourceInputs = new SourceIndex(source, () => this.recount(), o.log);
    this.feed = createFeed(o.store.leases, o.dataset,
      () => (review ? arrayStream(review.tasks) : taskStream(source(), { mode: this.mode, labels: o.labels, matcher: o.matcher, predictor: o.predictor }))[Symbol.asyncIterator](),
      (session) => o.store.taskHashes(o.dataset, session),
      { overlap: o.overlap, leaseMs: o.leaseMs },
    );
  }

  /** Checks the options, creates the dataset (recording labels and mode in its meta). */
  static async create(options: AnnotatorOptions): Promise<Annotator> {
    const mode = options.mode ?? 'manual';
    if (!options.labels.length) {
      throw new NerError(AnnotateErrors.NO_LABELS, 'No labels to annotate.', { hint: 'Pass --labels PLATAFORMA,METRICA (comma-separated).' });
    }
    if ((mode === 'correct' || mode === 'teach') && !options.predictor) {
      throw new NerError(AnnotateErrors.NO_MODEL, `Mode "${mode}" needs a model.`, { hint: 'Pass --model PATH (a model folder from `nerflow train`), or use --mode manual.' });
    }
    if (mode === 'teach' && !options.predictor!.update) {
      options.log?.warn('The model cannot be updated in the loop (no update()); teach will still order by uncertainty.');
    }
    if (options.review && !options.review.tasks.length) {
      throw new NerError(AnnotateErrors.EMPTY_SOURCE, `Nothing to review: no text of ${options.review.info.from.join(', ')} was answered by two versions.`, {
        hint: 'Review needs the same texts annotated in several datasets (--from a,b) or sessions of one dataset (annotate with --overlap).',
      });
    }
    if (!options.review && !(await firstExample(options.source ?? (() => options.examples ?? [])))) {
      throw new NerError(AnnotateErrors.EMPTY_SOURCE, 'The source has no examples.', { hint: 'Check the source file (corpus JSONL, one {"text": ...} per line).' });
    }
    const ds = await options.store.ensureDataset(options.dataset, { labels: options.labels, mode });
    const a = new Annotator(options);
    a.datasetCount = ds.examples;
    // In memory the count is immediate; a streamed source keeps counting while the server answers.
    if (!options.source || options.review) await a.sourceInputs.finished;
    return a;
  }

  config(session: string): ConfigResponse {
    const c: ConfigResponse = { dataset: this.o.dataset, mode: this.mode, labels: [...this.labels], session, version: this.o.version ?? '0' };
    if (this.o.review) c.review = this.o.review.info;
    return c;
  }

  async tasks(session: string, n: number): Promise<Task[]> {
    return this.feed.next(session, n);
  }

  /** Validates every answer first (all or nothing), then stores them in one transaction. */
  async answer(session: string, answers: AnswerIn[]): Promise<number> {
    const records: Example[] = [];
    for (const a of answers) {
      const task = await this.feed.task(a._task_hash, session);
      if (!task) {
        throw new NerError(AnnotateErrors.UNKNOWN_TASK, `Task ${a._task_hash} was not handed out by this server.`, {
          hint: 'Fetch tasks from /api/tasks and answer those (after a server restart, reload the page).',
        });
      }
      // A lease is bound to its session: another annotator cannot answer it meanwhile.
      const holder = await this.feed.leaseHolder(session, a._task_hash);
      if (holder !== undefined && holder !== session) {
        throw new NerError(AnnotateErrors.LEASED, `Task ${a._task_hash} is being annotated by session "${holder}".`, {
          hint: 'Answer the tasks /api/tasks gives this session; the task comes back to others if its lease expires.',
        });
      }
      records.push(answerRecord(task, a, this.labels, session));
    }
    // Load the lazy counters first, so that they do not already include the answers being added.
    await this.sessionCount(session);
    await this.inputs(session);
    // When this resolves the answers are committed (WAL, synchronous=FULL by default).
    const statuses = await this.writer.write(records);
    for (let i = 0; i < records.length; i++) {
      const r = records[i]!;
      const added = statuses[i] === 'added' ? 1 : 0;
      this.sessionCounts.set(session, (await this.sessionCount(session)) + added);
      this.datasetCount += added;
      this.answersThisRun++;
      await this.feed.answered(session, r._task_hash!);
      await this.countInput(session, r._input_hash!, +1, added > 0);
    }
    if (this.mode === 'teach') this.queueUpdate(records);
    return records.length;
  }

  /** Removes this session's stored answer and gives the task back with the answered spans. */
  async undo(session: string, taskHash: number): Promise<Task | null> {
    const stored = await this.o.store.getExample(this.o.dataset, taskHash, session);
    const task = await this.feed.task(taskHash, session);
    if (!stored || !task) return null;
    await this.o.store.remove(this.o.dataset, taskHash, session);
    this.sessionCounts.set(session, (await this.sessionCount(session)) - 1);
    this.datasetCount--;
    await this.countInput(session, task._input_hash, -1, true);
    const back: Task = { ...task, spans: task._view_id === 'ner' ? task.spans : stored.spans ?? [] };
    await this.feed.reopen(session, back);
    return back;
  }

  async progress(session: string): Promise<Progress> {
    await this.inputs(session);
    const done = this.doneCounts.get(this.progressKey(session)) ?? 0;
    const p: Progress = {
      session, session_count: await this.sessionCount(session), dataset_count: this.datasetCount,
      source_total: this.sourceInputs.size, remaining: Math.max(0, this.sourceInputs.size - done),
      source_complete: this.sourceInputs.complete,
    };
    if (this.mode === 'teach') p.model = { ...this.model };
    return p;
  }

  /** Figures kept in memory (readable after the store is closed): answers given since start, dataset size. */
  summary(): { answers: number; datasetCount: number; modelUpdates: number } {
    return { answers: this.answersThisRun, datasetCount: this.datasetCount, modelUpdates: this.model.updates };
  }

  /** Resolves when queued model updates are done (tests, shutdown). */
  async idle(): Promise<void> {
    await this.updating;
  }

  private queueUpdate(records: Example[]): void {
    if (!this.o.predictor?.update) return;
    this.pendingUpdate.push(...records.filter((r) => r.answer !== 'ignore'));
    if (this.pendingUpdate.length < (this.o.updateEvery ?? 10)) return;
    const batch = this.pendingUpdate;
    this.pendingUpdate = [];
    // In the background: the answer is already stored; the next windows are scored by the new model.
    this.updating = this.updating.then(async () => {
      try {
        const { loss } = await this.o.predictor!.update!(batch);
        this.model = { updates: this.model.updates + 1, loss };
      } catch (err) {
        this.o.log?.error(`Model update failed: ${(err as Error).message}`);
      }
    });
  }

  /** Recounts the source texts answered per progress key against the (now complete) source index. */
  private recount(): void {
    for (const [key, m] of this.inputCounts) {
      let done = 0;
      for (const h of m.keys()) if (this.sourceInputs.has(h)) done++;
      this.doneCounts.set(key, done);
    }
  }

  /** Stops the background count, waits for queued model updates and gives back reserved tasks (before the store is closed). */
  async close(): Promise<void> {
    await this.sourceInputs.stop();
    await this.idle();
    await this.feed.close?.();
  }

  /** Resolves when the source has been counted (tests, benchmarks). */
  async sourceCounted(): Promise<void> {
    await this.sourceInputs.finished;
  }

  private async sessionCount(session: string): Promise<number> {
    let n = this.sessionCounts.get(session);
    if (n === undefined) {
      n = (await this.o.store.taskHashes(this.o.dataset, session)).size;
      this.sessionCounts.set(session, n);
    }
    return n;
  }

  private progressKey(session: string): string {
    return this.o.overlap ? session : '';
  }

  private async inputs(session: string): Promise<Map<number, number>> {
    const key = this.progressKey(session);
    let m = this.inputCounts.get(key);
    if (!m) {
      const hashes = await this.o.store.inputHashes(this.o.dataset, this.o.overlap ? session : undefined);
      m = this.inputCounts.get(key);
      if (!m) {
        m = new Map([...hashes].map((h) => [h, 1]));
        let done = 0;
        for (const h of hashes) if (this.sourceInputs.has(h)) done++;
        this.inputCounts.set(key, m);
        this.doneCounts.set(key, done);
      }
    }
    return m;
  }

  private async countInput(session: string, hash: number, delta: number, changed: boolean): Promise<void> {
    if (!changed) return;
    const m = await this.inputs(session);
    const key = this.progressKey(session);
    const before = m.get(hash) ?? 0;
    const n = before + delta;
    if (n > 0) m.set(hash, n);
    else m.delete(hash);
    if (this.sourceInputs.has(hash) && (before > 0) !== (n > 0)) this.doneCounts.set(key, this.doneCounts.get(key)! + (n > 0 ? 1 : -1));
  }
}

async function* arrayStream<T>(items: readonly T[]): AsyncGenerator<T> {
  yield* items;
}
