/**
 * Page state and actions (queue of tasks, current spans, selection, undo history), kept out of the
 * components so that the keyboard, the mouse and the buttons all go through the same actions.
 */
import type { ConfigResponse, Progress, Task } from '@nerflow/annotate';
import type { Answer } from '@nerflow/corpus';
import { ApiClient, ApiFailure } from './api-client.js';
import { addSpan, fromTask, removeSpan, selectionRange, toAnswerSpans, trimRange, type PageSpan, type Selection } from './spans.js';

const PREFETCH = 3;

export class Controller {
  config: ConfigResponse | null = null;
  queue: Task[] = [];
  spans: PageSpan[] = [];
  selection: Selection | null = null;
  cursor = 0;
  progress: Progress | null = null;
  error: string | null = null;
  help = false;
  busy = false;
  loaded = false;
  /** Review: the version last copied into the editor (-1: none, or edited since). */
  chosen = -1;
  /** Hashes answered from this page, newest last: backspace undoes them in turn. */
  private history: number[] = [];

  constructor(private readonly api: ApiClient, private readonly changed: () => void) {}

  get task(): Task | undefined {
    return this.queue[0];
  }

  /** A binary question (teach's span, terms' term): accept or reject, no editing. */
  get teach(): boolean {
    return this.task?._view_id === 'ner' || this.task?._view_id === 'terms';
  }

  async start(): Promise<void> {
    await this.run(async () => {
      this.config = await this.api.config();
      await this.refill();
    });
    this.loaded = true;
    this.changed();
  }

  get review(): boolean {
    return this.task?._view_id === 'review';
  }

  private show(task: Task | undefined): void {
    this.spans = task ? fromTask(task.spans) : [];
    this.chosen = -1;
    this.selection = null;
    this.cursor = 0;
  }

  private async refill(): Promise<void> {
    if (this.queue.length >= PREFETCH) return;
    const r = await this.api.tasks(PREFETCH);
    this.progress = r.progress;
    const had = this.queue.length;
    for (const t of r.tasks) if (!this.queue.some((q) => q._task_hash === t._task_hash)) this.queue.push(t);
    if (had === 0) this.show(this.queue[0]);
  }

  /** Runs an action, showing the server's reason when it fails (the page keeps working). */
  private async run(action: () => Promise<void>): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.error = null;
    this.changed();
    try {
      await action();
    } catch (err) {
      this.error = err instanceof ApiFailure ? `${err.body.error}${err.body.hint ? ` — ${err.body.hint}` : ''}` : `Cannot reach the server: ${(err as Error).message}`;
      if (err instanceof ApiFailure && err.body.code === 'E_ANNOTATE_UNKNOWN_TASK') {
        this.queue = []; // the server restarted: take its tasks again
        await this.refill().catch(() => undefined);
      }
    } finally {
      this.busy = false;
      this.changed();
    }
  }

  answer(kind: Answer): Promise<void> {
    const task = this.task;
    if (!task) return Promise.resolve();
    return this.run(async () => {
      const r = await this.api.answer({ _task_hash: task._task_hash, answer: kind, spans: this.teach ? undefined : toAnswerSpans(this.spans) });
      this.progress = r.progress;
      this.history.push(task._task_hash);
      this.queue.shift();
      this.show(this.queue[0]);
      await this.refill();
    });
  }

  undo(): Promise<void> {
    const hash = this.history.at(-1);
    if (hash === undefined) return Promise.resolve();
    return this.run(async () => {
      const r = await this.api.undo(hash);
      this.history.pop();
      this.progress = r.progress;
      if (r.task) {
        this.queue = [r.task, ...this.queue.filter((t) => t._task_hash !== hash)];
        this.show(r.task);
      }
    });
  }

  get canUndo(): boolean {
    return this.history.length > 0;
  }

  select(sel: Selection | null): void {
    if (this.teach) return;
    this.selection = sel;
    if (sel) this.cursor = sel.focus;
    this.changed();
  }

  /** Labels the selection (the whole tokens it touches). */
  label(label: string): void {
    if (!this.selection || this.teach) return;
    const range = trimRange(this.task!.tokens, ...selectionRange(this.selection));
    if (range) this.spans = addSpan(this.spans, range[0], range[1], label);
    this.selection = null;
    this.chosen = -1;
    this.changed();
  }

  remove(span: PageSpan): void {
    if (this.teach) return;
    this.spans = removeSpan(this.spans, span);
    this.chosen = -1;
    this.changed();
  }

  /** Review: copies version `i` into the editor (accept then stores it as it is, or after edits). */
  useVersion(i: number): void {
    const v = this.task?.versions?.[i];
    if (!v) return;
    this.spans = v.answer === 'accept' ? fromTask(v.spans) : [];
    this.chosen = i;
    this.selection = null;
    this.changed();
  }

  /** Arrow keys: move the cursor; with shift, grow the selection from where it started. */
  move(delta: number, extend: boolean): void {
    const n = this.task?.tokens.length ?? 0;
    if (!n || this.teach) return;
    const next = Math.max(0, Math.min(n - 1, this.cursor + delta));
    if (extend) this.selection = { anchor: this.selection?.anchor ?? this.cursor, focus: next };
    else this.selection = null;
    this.cursor = next;
    this.changed();
  }

  toggleHelp(on = !this.help): void {
    this.help = on;
    this.changed();
  }
}
