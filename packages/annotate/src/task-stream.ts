import {
  addTokenIndices, findOverlaps, inputHash, taskHash, tokensOf, type Example, type PatternMatcher, type Span,
} from '@nerflow/corpus';
import type { Predictor } from '@nerflow/core';
import type { AnnotateMode, Task } from './api.js';

export interface TaskStreamOptions {
  mode: AnnotateMode;
  labels: readonly string[];
  matcher?: PatternMatcher;
  predictor?: Predictor;
  /** Examples scored together (correct/teach); teach orders the candidates within this window. */
  window?: number;
}

/** The example ready to annotate: tokens (tokenized when absent), token-aligned spans, input hash. */
export function prepareExample(raw: Example): Example & { tokens: NonNullable<Example['tokens']>; _input_hash: number } {
  const tokens = tokensOf(raw);
  let ex: Example = { ...raw, tokens, spans: raw.spans ?? [] };
  if (ex.spans!.some((s) => s.token_start === undefined || s.token_end === undefined)) ex = addTokenIndices(ex, { mode: 'expand' });
  return { ...ex, tokens, _input_hash: Number.isInteger(raw._input_hash) ? raw._input_hash! : inputHash(raw) };
}

function makeTask(ex: ReturnType<typeof prepareExample>, spans: Span[], view: Task['_view_id']): Task {
  const task: Task = { _input_hash: ex._input_hash, _task_hash: 0, _view_id: view, text: ex.text, tokens: ex.tokens, spans };
  if (ex.meta) task.meta = ex.meta;
  // The view is part of the question: the same span asked in teach and in manual are different tasks.
  task._task_hash = taskHash({ ...task, label: view === 'ner' ? spans[0]?.label : undefined } as Example);
  return task;
}

/** Adds `extra` spans that do not overlap any span already in `base` (the source's own spans win). */
function mergeSpans(base: Span[], extra: Span[]): Span[] {
  const out = [...base];
  for (const s of extra) if (findOverlaps([...out, s]).every(([, j]) => j !== out.length)) out.push(s);
  return out.sort((a, b) => a.start - b.start);
}

/** How unsure the model is about a span: 0 = coin toss, 0.5 = certain. Pattern-only spans count as unsure. */
const certainty = (s: Span) => (s.source === 'model' && typeof s.score === 'number' ? Math.abs(s.score - 0.5) : 0);

/**
 * The tasks of a feed, in the order they are asked, generated lazily so that a teach model updated
 * while the user works scores the windows that come after the update.
 * - manual: the text with the source's spans plus pattern matches as suggestions;
 * - correct: the model's predictions pre-filled;
 * - teach: one candidate span per task (model predictions and pattern matches), most uncertain first
 *   within each window, as Prodigy's ner.teach `prefer_uncertain`.
 */
export async function* taskStream(source: Iterable<Example> | AsyncIterable<Example>, options: TaskStreamOptions): AsyncGenerator<Task> {
  const labels = new Set(options.labels);
  const keep = (spans: Span[]) => spans.filter((s) => labels.has(s.label));
  const patternSpans = (ex: ReturnType<typeof prepareExample>) => (options.matcher ? keep(options.matcher.matchSpans(ex.tokens)) : []);
  const size = options.mode === 'manual' ? 1 : options.window ?? 16;
  let window: ReturnType<typeof prepareExample>[] = [];

  const predict = (batch: ReturnType<typeof prepareExample>[]) => options.predictor!.predict(batch.map((ex) => ({ ...ex, spans: [] })));
  // correct/teach: the next window is being predicted while the annotator works through this one,
  // so crossing a window boundary does not make get-next wait for the model.
  let ahead: { batch: ReturnType<typeof prepareExample>[]; predicted: Promise<Example[]> } | undefined;

  async function* flush(): AsyncGenerator<Task> {
    const batch = window;
    window = [];
    if (options.mode === 'manual') {
      for (const ex of batch) yield makeTask(ex, mergeSpans(keep(ex.spans ?? []).map((s) => ({ source: 'user', ...s })), patternSpans(ex)), 'ner_manual');
      return;
    }
    const current = ahead;
    ahead = { batch, predicted: predict(batch) };
    ahead.predicted.catch(() => undefined); // awaited (and its error raised) when its turn comes
    if (current) yield* fromPredictions(current.batch, await current.predicted);
  }

  async function* fromPredictions(batch: ReturnType<typeof prepareExample>[], predicted: Example[]): AsyncGenerator<Task> {
    const modelSpans = predicted.map((p) => keep(p.spans ?? []).map((s) => ({ ...s, source: 'model' })));
    if (options.mode === 'correct') {
      for (let i = 0; i < batch.length; i++) yield makeTask(batch[i]!, modelSpans[i]!.sort((a, b) => a.start - b.start), 'ner_manual');
      return;
    }
    const candidates: { task: Task; certainty: number; order: number }[] = [];
    batch.forEach((ex, i) => {
      const fromModel = modelSpans[i]!;
      const fromPatterns = patternSpans(ex).filter((p) => !fromModel.some((m) => m.start === p.start && m.end === p.end && m.label === p.label));
      for (const span of [...fromModel, ...fromPatterns]) {
        candidates.push({ task: makeTask(ex, [span], 'ner'), certainty: certainty(span), order: candidates.length });
      }
    });
    candidates.sort((a, b) => a.certainty - b.certainty || a.order - b.order);
    for (const c of candidates) yield c.task;
  }

  for await (const raw of source) {
    window.push(prepareExample(raw));
    if (window.length >= size) yield* flush();
  }
  if (window.length) yield* flush();
  if (ahead) yield* fromPredictions(ahead.batch, await ahead.predicted);
}
