/**
 * The nerflow example record: Prodigy's task JSON, so files move between the tools unchanged.
 * All character offsets (`start`, `end`) count Unicode code points, as Python (Prodigy, spaCy) does,
 * never JavaScript's UTF-16 code units: see `offsets.ts` for the conversion helpers.
 */

/** A token with its character offsets (code points) and whether whitespace follows it. */
export interface Token {
  text: string;
  /** Code-point offset of the first character. */
  start: number;
  /** Code-point offset one past the last character. */
  end: number;
  /** Index of the token in its example (0-based). */
  id: number;
  /**
   * True when one space follows the token in `text` (spaCy's `whitespace_`). Any other whitespace
   * (newlines, runs of spaces) is a token of its own, as in spaCy, so that concatenating
   * `text + (ws ? ' ' : '')` over the tokens rebuilds the input exactly.
   */
  ws: boolean;
}

/** A labelled span. `token_end` is inclusive, as in Prodigy. */
export interface Span {
  start: number;
  end: number;
  token_start: number;
  token_end: number;
  label: string;
  /** Where the suggestion came from: 'pattern', 'model', 'user', 'rehearsal', ... */
  source?: string;
  /** Model confidence in [0, 1], or 1.0 for a pattern match. */
  score?: number;
  /** Pattern id or text that produced the span (Prodigy's `pattern`). */
  pattern?: number | string;
  /** Prodigy-compatible extra keys are kept. */
  [extra: string]: unknown;
}

export type Answer = 'accept' | 'reject' | 'ignore';

/** One example (a sentence or paragraph) of a corpus file. */
export interface Example {
  text: string;
  meta?: Record<string, unknown>;
  tokens?: Token[];
  spans?: Span[];
  answer?: Answer;
  /** Hash of the input (text) only: the same text always gets the same hash. */
  _input_hash?: number;
  /** Hash of the input plus the task (spans, label...): the same question always gets the same hash. */
  _task_hash?: number;
  /** Prodigy view id: 'ner_manual' annotations are complete, 'ner' (binary accept/reject) are partial. */
  _view_id?: string;
  _session_id?: string;
  _annotator_id?: string;
  /** Unix seconds. */
  _timestamp?: number;
  /**
   * nerflow extension: true when the spans are not a complete annotation of the text, so that tokens
   * outside them are unknown (missing values) rather than `O`. Binary (teach) answers are partial
   * whatever this says; see `isPartial()`.
   */
  _partial?: boolean;
  [extra: string]: unknown;
}

/** Tag schemes for token-level labels. */
export type TagScheme = 'BILUO' | 'IOB2';

/** The label meaning "no entity" and the one meaning "unknown" (missing value), as in spaCy. */
export const OUTSIDE = 'O';
export const MISSING = '-';
