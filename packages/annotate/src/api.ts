/**
 * The HTTP contract between the annotate server and the page (packages/annotate-ui imports these
 * types only). All routes are under /api; errors are `ApiError` with an HTTP 4xx/5xx status.
 */
import type { Answer, Span, Token } from '@nerflow/corpus';

export type AnnotateMode = 'manual' | 'correct' | 'teach' | 'review' | 'terms';

/** Review: one annotator's (or dataset's) answer to a text. */
export interface ReviewVersion {
  /** `dataset/session`, or the part that tells the versions apart. */
  name: string;
  answer: Answer;
  spans: Span[];
  /** Indices into `spans` of the spans some other accepting version does not have. */
  differs: number[];
}

/** Review: what is being reviewed and how much the versions agreed before review. */
export interface ReviewInfo {
  from: string[];
  versions: string[];
  /** Texts with several versions (the review tasks). */
  inputs: number;
  /** Entity-level F1 between versions (store's entityAgreement), overall and per label; NaN is sent as null. */
  agreement: { f1: number; perLabel: Record<string, { f1: number; agreed: number; a: number; b: number }> };
}

/** A question for the annotator. Manual/correct: a text with pre-filled spans; teach: one span to accept or reject. */
export interface Task {
  _task_hash: number;
  _input_hash: number;
  /** 'ner_manual' (complete annotation), 'ner' (binary, teach), 'review' (choose among versions, edit) or 'terms' (is this term of the label?). */
  _view_id: 'ner_manual' | 'ner' | 'review' | 'terms';
  text: string;
  tokens: Token[];
  /** Suggestions: `source` is 'pattern', 'model' (with `score`) or 'user'. */
  spans: Span[];
  meta?: Record<string, unknown>;
  /** Review: the versions to choose from. */
  versions?: ReviewVersion[];
}

/** A span as the page sends it: token indices only; the server derives the character offsets. */
export interface SpanIn {
  token_start: number;
  token_end: number;
  label: string;
  source?: string;
  score?: number;
}

export interface AnswerIn {
  _task_hash: number;
  answer: Answer;
  /** Manual/correct: the final spans. Ignored in teach mode (the task's span is the question). */
  spans?: SpanIn[];
}

/** POST /api/answers */
export interface AnswersRequest {
  answers: AnswerIn[];
}

export interface Progress {
  session: string;
  /** Answers stored by this session in this dataset. */
  session_count: number;
  /** Examples stored in the dataset, all sessions. */
  dataset_count: number;
  /** Distinct texts in the source (counted so far while `source_complete` is false). */
  source_total: number;
  /** False while a streamed source is still being counted in the background. */
  source_complete?: boolean;
  /** Source texts this session's feed has not had answered yet. */
  remaining: number;
  /** Terms mode: this session's answers by kind (seeds not counted). */
  terms?: { accept: number; reject: number; ignore: number };
  /** Teach mode: model updates done and the last loss. */
  model?: { updates: number; loss: number | null };
}

/** GET /api/config */
export interface ConfigResponse {
  dataset: string;
  mode: AnnotateMode;
  labels: string[];
  session: string;
  version: string;
  review?: ReviewInfo;
}

/** GET /api/tasks?n=3 */
export interface TasksResponse {
  tasks: Task[];
  progress: Progress;
}

/** POST /api/answers: every answer was committed to the database before this reply. */
export interface AnswersResponse {
  stored: number;
  progress: Progress;
}

/** DELETE /api/answers/:taskHash: the task back with the spans that had been answered. */
export interface UndoResponse {
  task: Task | null;
  progress: Progress;
}

export interface ApiError {
  code: string;
  error: string;
  hint?: string;
  detail?: unknown;
}
