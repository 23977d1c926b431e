import { NerError, inputHash, tokenize, type Span } from '@nerflow/corpus';
import type { Logger, TermSuggestion, TermTeacher, TermTeacherFactory } from '@nerflow/core';
import type { Store } from '@nerflow/store';
import type { AnswerIn, ConfigResponse, Progress, Task } from './api.js';
import { AnnotateErrors } from './errors.js';

export interface TermsAnnotatorOptions {
  store: Store;
  dataset: string;
  /** The one label whose terms are collected. */
  label: string;
  vectors: string;
  seeds: string[];
  /** The teach loop (core's termTeachers registry: @nerflow/terms' via the CLI). */
  teachers: TermTeacherFactory;
  beta?: number;
  log?: Logger;
  version?: string;
}

/**
 * `--mode terms`: terms.teach in the page. Each session has its own teach loop (resumed from what
 * that session stored), which decides the next term from the last answer; so a session gets one
 * task at a time, the current term, and undo takes back only its last answer. Calls of a session
 * are serialised (the page's prefetch may race its answer).
 */
export class TermsAnnotator {
  readonly mode = 'terms' as const;
  private readonly teachers = new Map<string, Promise<TermTeacher>>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private answersThisRun = 0;
  private datasetCount = 0;

  private constructor(private readonly o: TermsAnnotatorOptions) {}

  /** Opens the first (unnamed) session's loop, so bad seeds or vectors fail at start-up. */
  static async create(o: TermsAnnotatorOptions): Promise<TermsAnnotator> {
    const a = new TermsAnnotator(o);
    await a.teacher('');
    a.datasetCount = (await o.store.getDataset(o.dataset))?.examples ?? 0;
    return a;
  }

  private teacher(session: string): Promise<TermTeacher> {
    let t = this.teachers.get(session);
    if (!t) {
      t = this.o.teachers({ vectors: this.o.vectors, seeds: this.o.seeds, label: this.o.label, dataset: this.o.dataset, session, store: this.o.store, beta: this.o.beta, log: this.o.log });
      this.teachers.set(session, t);
      t.catch(() => this.teachers.delete(session)); // a failed open is retried by the next call
    }
    return t;
  }

  private serial<T>(session: string, fn: (t: TermTeacher) => Promise<T>): Promise<T> {
    const run = (this.locks.get(session) ?? Promise.resolve()).then(async () => fn(await this.teacher(session)));
    this.locks.set(session, run.catch(() => undefined));
    return run;
  }

  config(session: string): ConfigResponse {
    return { dataset: this.o.dataset, mode: 'terms', labels: [this.o.label], session, version: this.o.version ?? '0' };
  }

  /** The current term of this session (at most one: the next depends on this answer). */
  tasks(session: string, _n: number): Promise<Task[]> {
    return this.serial(session, async (t) => {
      const s = t.current();
      return s ? [this.task(s)] : [];
    });
  }

  answer(session: string, answers: AnswerIn[]): Promise<number> {
    return this.serial(session, async (t) => {
      for (const a of answers) {
        const s = t.current();
        if (!s || s.key !== a._task_hash) {
          throw new NerError(AnnotateErrors.UNKNOWN_TASK, `Task ${a._task_hash} is not the term this session is being asked${s ? ` ("${s.display}")` : ''}.`, {
            hint: 'Terms are asked one at a time: answer the task /api/tasks gives now (reload the page).',
          });
        }
        await t.answer(a.answer);
        this.answersThisRun++;
        this.datasetCount++;
      }
      return answers.length;
    });
  }

  /** Takes back this session's last answer when `taskHash` is that answer's; the term is asked again. */
  undo(session: string, taskHash: number): Promise<Task | null> {
    return this.serial(session, async (t) => {
      const last = t.decisions().at(-1);
      if (!last || last.key !== taskHash) return null; // a seed's answer too: seeds are asked like any term
      const d = await t.undo();
      if (!d) return null;
      this.datasetCount--;
      return this.task(d);
    });
  }

  progress(session: string): Promise<Progress> {
    return this.serial(session, async (t) => {
      const tally = { accept: 0, reject: 0, ignore: 0 };
      const decisions = t.decisions();
      for (const d of decisions) tally[d.answer]++;
      // From the store: other sessions' answers, which no counter here sees.
      this.datasetCount = (await this.o.store.getDataset(this.o.dataset))?.examples ?? this.datasetCount;
      return {
        session, session_count: tally.accept + tally.reject + tally.ignore, dataset_count: this.datasetCount,
        source_total: t.vocabulary, remaining: Math.max(0, t.vocabulary - decisions.length), terms: tally,
      };
    });
  }

  summary(): { answers: number; datasetCount: number; modelUpdates: number } {
    return { answers: this.answersThisRun, datasetCount: this.datasetCount, modelUpdates: 0 };
  }

  async close(): Promise<void> {
    await Promise.all([...this.locks.values()]);
  }

  /** A term as a binary question: its readable form as the text, one span over all of it. */
  private task(s: TermSuggestion): Task {
    const tokens = tokenize(s.display);
    const span: Span = {
      start: tokens[0]?.start ?? 0, end: tokens.at(-1)?.end ?? 0, token_start: 0, token_end: Math.max(0, tokens.length - 1),
      label: this.o.label, source: s.seed ? 'seed' : 'vectors', score: Math.max(0, Math.min(1, s.score)),
    };
    return {
      _input_hash: inputHash({ text: s.display }), _task_hash: s.key, _view_id: 'terms', text: s.display, tokens, spans: [span],
    };
  }
}
