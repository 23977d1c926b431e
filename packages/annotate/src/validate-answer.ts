import { findOverlaps, formatProblem, validateExample, type Example, type Span } from '@nerflow/corpus';
import { z } from 'zod';
import type { AnswerIn, Task } from './api.js';
import { badAnswer } from './errors.js';
import { reviewRecordMeta } from './review-tasks.js';

/** Most spans one answer may carry (a guard against absurd payloads, far above any real sentence). */
export const MAX_SPANS = 2000;
/** Most answers one request may carry. */
export const MAX_ANSWERS = 500;

const spanIn = z.strictObject({
  token_start: z.number().int().nonnegative(),
  token_end: z.number().int().nonnegative(),
  label: z.string().min(1).max(100),
  source: z.string().max(40).optional(),
  score: z.number().min(0).max(1).optional(),
});

export const answerInSchema = z.strictObject({
  _task_hash: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer'),
  answer: z.enum(['accept', 'reject', 'ignore']),
  spans: z.array(spanIn).max(MAX_SPANS).optional(),
});

export const answersRequestSchema = z.strictObject({
  answers: z.array(z.unknown()).min(1).max(MAX_ANSWERS),
});

/** Checks the request shape; throws E_ANNOTATE_BAD_ANSWER with the zod path of the first problems. */
export function parseAnswersRequest(body: unknown): AnswerIn[] {
  const outer = answersRequestSchema.safeParse(body);
  if (!outer.success) throw badAnswer(`Bad request body: ${formatIssues(outer.error.issues)}`, outer.error.issues);
  return outer.data.answers.map((a, i) => {
    const r = answerInSchema.safeParse(a);
    if (!r.success) throw badAnswer(`answers[${i}]: ${formatIssues(r.error.issues)}`, r.error.issues);
    return r.data;
  });
}

function formatIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues.slice(0, 3).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

/**
 * The record to store for an answer to `task`: text, tokens and hashes come from the server's own
 * task (a client cannot change what was asked), spans from the client, snapped to token boundaries
 * and checked against the label set. Teach answers keep the task's single span.
 */
export function answerRecord(task: Task, answer: AnswerIn, labels: ReadonlySet<string>, session: string): Example {
  let spans: Span[];
  if (task._view_id === 'ner') {
    spans = task.spans;
  } else {
    spans = (answer.spans ?? []).map((s, k) => {
      if (!labels.has(s.label)) {
        throw badAnswer(`spans[${k}]: label "${s.label}" is not one of this dataset's labels (${[...labels].join(', ')}).`);
      }
      if (s.token_start > s.token_end) {
        // token_end is inclusive (the last token of the span, as in Prodigy): a one-token span has start = end.
        throw badAnswer(`spans[${k}]: token_start ${s.token_start} is after token_end ${s.token_end}; token_end is inclusive (the span's last token), so a one-token span has token_start = token_end.`);
      }
      if (s.token_end >= task.tokens.length) {
        throw badAnswer(`spans[${k}]: tokens ${s.token_start}..${s.token_end} are outside the text's ${task.tokens.length} tokens (0..${task.tokens.length - 1}).`);
      }
      const span: Span = {
        start: task.tokens[s.token_start]!.start, end: task.tokens[s.token_end]!.end,
        token_start: s.token_start, token_end: s.token_end, label: s.label, source: s.source ?? 'user',
      };
      if (s.score !== undefined) span.score = s.score;
      return span;
    }).sort((a, b) => a.start - b.start);
    const overlaps = findOverlaps(spans);
    if (overlaps.length) {
      const [i, j] = overlaps[0]!;
      throw badAnswer(`spans overlap: tokens ${spans[i]!.token_start}..${spans[i]!.token_end} and ${spans[j]!.token_start}..${spans[j]!.token_end}.`);
    }
  }
  const record: Example = {
    text: task.text, tokens: task.tokens, spans, answer: answer.answer,
    _input_hash: task._input_hash, _task_hash: task._task_hash, _view_id: task._view_id,
    _timestamp: Math.floor(Date.now() / 1000),
  };
  if (task.meta) record.meta = task.meta;
  if (task._view_id === 'review') record.meta = { ...task.meta, review: reviewRecordMeta(task, answer.answer, spans, session) };
  if (task._view_id === 'ner') record._partial = true;
  if (session) record._session_id = session;
  // The corpus schema and its offset checks, as every stage reading the dataset will apply them.
  const problems = validateExample(record);
  if (problems.length) throw badAnswer(`The answer is not a valid corpus record: ${problems.slice(0, 3).map(formatProblem).join('; ')}`, problems);
  return record;
}
