/**
 * Character spans <-> token spans, overlap checks and the partial-annotation test. All offsets are
 * code points (see offsets.ts); `token_end` is inclusive, as in Prodigy.
 */
import { CorpusErrors, NerError } from './errors.js';
import { sliceCodePoints } from './offsets.js';
import type { Example, Span, Token } from './types.js';

/**
 * How to treat a character span whose ends fall inside tokens, as spaCy's `Doc.char_span`:
 * `strict` requires both ends on token boundaries, `expand` takes every token the span overlaps,
 * `contract` only the tokens entirely inside it.
 */
export type AlignmentMode = 'strict' | 'expand' | 'contract';

/** A span aligned to tokens: code-point offsets (snapped to token boundaries) and inclusive token indices. */
export interface AlignedSpan {
  start: number;
  end: number;
  token_start: number;
  token_end: number;
}

export interface AlignOptions {
  mode?: AlignmentMode;
  /** The example's text, to quote the span in error messages (rebuilt from the tokens otherwise). */
  text?: string;
  file?: string;
  line?: number;
}

/** Index of the first token whose end is > `offset` (tokens sorted by offset). */
function firstEndingAfter(tokens: readonly Token[], offset: number): number {
  let lo = 0, hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.end > offset) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** Index of the last token whose start is < `offset`, or -1. */
function lastStartingBefore(tokens: readonly Token[], offset: number): number {
  let lo = 0, hi = tokens.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (tokens[mid]!.start < offset) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}

/** Like `alignCharSpan` but returns null instead of throwing when no token can be chosen. */
export function tryAlignCharSpan(tokens: readonly Token[], start: number, end: number, mode: AlignmentMode = 'strict'): AlignedSpan | null {
  if (!(end > start) || tokens.length === 0) return null;
  // Tokens that overlap [start, end) are first..last.
  const first = firstEndingAfter(tokens, start);
  const last = lastStartingBefore(tokens, end);
  if (first > last) return null;
  let ts = first, te = last;
  if (mode === 'strict') {
    if (tokens[ts]!.start !== start || tokens[te]!.end !== end) return null;
  } else if (mode === 'contract') {
    if (tokens[ts]!.start < start) ts++;
    if (tokens[te]!.end > end) te--;
    if (ts > te) return null;
  }
  return { start: tokens[ts]!.start, end: tokens[te]!.end, token_start: ts, token_end: te };
}

/** The text the tokens stand for (exact when `ws` is right), for error messages. */
function rebuildText(tokens: readonly Token[]): string {
  let out = '';
  let pos = tokens.length ? tokens[0]!.start : 0;
  out += ' '.repeat(pos);
  for (const t of tokens) {
    out += ' '.repeat(Math.max(0, t.start - pos)) + t.text;
    pos = t.end;
  }
  return out;
}

/**
 * Aligns a character span `[start, end)` (code points) to tokens. In `strict` mode (the default) a
 * span whose ends are not token boundaries throws E_CORPUS_SPAN_MISALIGNED, quoting the span and the
 * nearest boundaries; `expand`/`contract` snap outwards/inwards and throw only when no token is left.
 */
export function alignCharSpan(tokens: readonly Token[], start: number, end: number, options: AlignOptions = {}): AlignedSpan {
  const mode = options.mode ?? 'strict';
  const aligned = tryAlignCharSpan(tokens, start, end, mode);
  if (aligned) return aligned;
  const text = options.text ?? rebuildText(tokens);
  const quoted = JSON.stringify(sliceCodePoints(text, Math.max(0, start), Math.max(start, Math.min(end, [...text].length))));
  const starts = tokens.map((t) => t.start);
  const ends = tokens.map((t) => t.end);
  const near = (xs: number[], x: number) => {
    let before = -Infinity, after = Infinity;
    for (const v of xs) {
      if (v <= x && v > before) before = v;
      if (v >= x && v < after) after = v;
    }
    return [...new Set([before, after].filter(Number.isFinite))].join(' or ');
  };
  const why = !(end > start)
    ? 'it is empty or reversed'
    : mode === 'strict'
      ? `its ends are not token boundaries (nearest token start: ${near(starts, start) || 'none'}; nearest token end: ${near(ends, end) || 'none'})`
      : `no token lies ${mode === 'contract' ? 'entirely inside' : 'under'} it`;
  throw new NerError(CorpusErrors.SPAN_MISALIGNED, `Span ${start}..${end} ${quoted} cannot be aligned to tokens: ${why}`, {
    hint: mode === 'strict'
      ? 'Move the span to token boundaries, or align it with mode "expand" or "contract" (nerflow convert --align expand).'
      : 'Check the span offsets (code points) against the text.',
    file: options.file, line: options.line, detail: { start, end, mode },
  });
}

/** Character offsets (code points) of the tokens `token_start..token_end` (inclusive). */
export function tokenSpanToChars(tokens: readonly Token[], tokenStart: number, tokenEnd: number): { start: number; end: number } {
  const a = tokens[tokenStart], b = tokens[tokenEnd];
  if (!a || !b || tokenEnd < tokenStart) {
    throw new NerError(CorpusErrors.SPAN_OUT_OF_RANGE, `Token span ${tokenStart}..${tokenEnd} is outside the ${tokens.length} tokens`);
  }
  return { start: a.start, end: b.end };
}

/**
 * A copy of `example` whose spans carry `token_start`/`token_end` (and, in expand/contract mode,
 * offsets snapped to tokens). Needs `example.tokens`; throws a located NerError otherwise.
 */
export function addTokenIndices(example: Example, options: AlignOptions = {}): Example {
  const tokens = example.tokens;
  if (!tokens) {
    throw new NerError(CorpusErrors.TOKENS_MISMATCH, 'The example has no tokens, so its spans cannot get token indices', {
      hint: 'Tokenize the text first (tokenize() from @nerflow/corpus).', file: options.file, line: options.line,
    });
  }
  if (!example.spans) return example;
  const spans = example.spans.map((s) => ({ ...s, ...alignCharSpan(tokens, s.start, s.end, { ...options, text: example.text }) }));
  return { ...example, spans };
}

/** Pairs of indices `[i, j]` (i < j, in `spans`) whose character ranges overlap. */
export function findOverlaps(spans: readonly Pick<Span, 'start' | 'end'>[]): [number, number][] {
  const order = spans.map((_, i) => i).sort((a, b) => spans[a]!.start - spans[b]!.start || spans[a]!.end - spans[b]!.end);
  const pairs: [number, number][] = [];
  const active: number[] = [];
  for (const i of order) {
    const s = spans[i]!;
    // Keep only spans still open at s.start; each one left overlaps s.
    for (let k = active.length - 1; k >= 0; k--) if (spans[active[k]!]!.end <= s.start) active.splice(k, 1);
    for (const j of active) pairs.push(j < i ? [j, i] : [i, j]);
    active.push(i);
  }
  return pairs.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
}

/** Throws E_CORPUS_SPAN_OVERLAP naming the first two overlapping spans. */
export function assertNoOverlaps(spans: readonly Pick<Span, 'start' | 'end' | 'label'>[], where: { text?: string; file?: string; line?: number } = {}): void {
  const [pair] = findOverlaps(spans);
  if (!pair) return;
  const show = (s: Pick<Span, 'start' | 'end' | 'label'>) =>
    `${s.label} ${s.start}..${s.end}${where.text === undefined ? '' : ` ${JSON.stringify(sliceCodePoints(where.text, s.start, s.end))}`}`;
  throw new NerError(CorpusErrors.SPAN_OVERLAP, `Spans ${pair[0]} (${show(spans[pair[0]]!)}) and ${pair[1]} (${show(spans[pair[1]]!)}) overlap`, {
    hint: 'An entity annotation cannot have overlapping spans: keep one of them.', file: where.file, line: where.line,
  });
}

/**
 * True when the example's spans are not a complete annotation of its text, so tokens outside them
 * are unknown rather than `O`: `_partial: true`, Prodigy's binary `ner` view, or spans that carry
 * their own accept/reject answer.
 */
export function isPartial(example: Example): boolean {
  if (example._partial === true) return true;
  if (example._view_id === 'ner') return true;
  return (example.spans ?? []).some((s) => typeof s.answer === 'string');
}
