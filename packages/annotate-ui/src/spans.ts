/**
 * The page's domain logic, free of DOM and HTTP (tested in node): selections snap to whole tokens,
 * a new span replaces the spans it overlaps (as Prodigy's ner.manual), labels map to number keys.
 */
import type { SpanIn, Task } from '@nerflow/annotate';
import type { Span } from '@nerflow/corpus';

/** A span on the page: token indices plus where it came from. */
export interface PageSpan {
  token_start: number;
  token_end: number;
  label: string;
  source: string;
  score?: number;
}

export interface Selection {
  anchor: number;
  focus: number;
}

/** Inclusive token range of a selection, whichever way it was dragged. */
export function selectionRange(sel: Selection): [number, number] {
  return sel.anchor <= sel.focus ? [sel.anchor, sel.focus] : [sel.focus, sel.anchor];
}

export function fromTask(spans: readonly Span[]): PageSpan[] {
  return spans.map((s) => {
    const p: PageSpan = { token_start: s.token_start, token_end: s.token_end, label: s.label, source: s.source ?? 'user' };
    if (typeof s.score === 'number') p.score = s.score;
    return p;
  });
}

const overlaps = (a: PageSpan, start: number, end: number) => a.token_start <= end && start <= a.token_end;

/**
 * The selection without whitespace tokens at its ends (newlines are tokens of their own, as in
 * spaCy), or null when nothing but whitespace is selected.
 */
export function trimRange(tokens: readonly { text: string }[], start: number, end: number): [number, number] | null {
  while (start <= end && tokens[start]!.text.trim() === '') start++;
  while (end >= start && tokens[end]!.text.trim() === '') end--;
  return start <= end ? [start, end] : null;
}

/** Adds a user span over tokens start..end (inclusive), dropping the spans it overlaps. */
export function addSpan(spans: readonly PageSpan[], start: number, end: number, label: string): PageSpan[] {
  const kept = spans.filter((s) => !overlaps(s, start, end));
  return [...kept, { token_start: start, token_end: end, label, source: 'user' }].sort((a, b) => a.token_start - b.token_start);
}

/** The span covering token `i`, if any. */
export function spanAt(spans: readonly PageSpan[], i: number): PageSpan | undefined {
  return spans.find((s) => s.token_start <= i && i <= s.token_end);
}

export function removeSpan(spans: readonly PageSpan[], span: PageSpan): PageSpan[] {
  return spans.filter((s) => s !== span);
}

/** What the page sends for an answer. */
export function toAnswerSpans(spans: readonly PageSpan[]): SpanIn[] {
  return spans.map((s) => {
    const out: SpanIn = { token_start: s.token_start, token_end: s.token_end, label: s.label, source: s.source };
    if (s.score !== undefined) out.score = s.score;
    return out;
  });
}

/** Keys 1-9 then 0 pick labels 1..10; more labels are picked with the mouse. */
export function labelForKey(key: string, labels: readonly string[]): string | undefined {
  const i = key === '0' ? 9 : /^[1-9]$/.test(key) ? Number(key) - 1 : -1;
  return i >= 0 ? labels[i] : undefined;
}

export function keyForLabel(index: number): string {
  return index < 9 ? String(index + 1) : index === 9 ? '0' : '';
}

/** Where a span came from, as shown on its badge: "pattern", "model 0.82", "vectors 0.74" (terms), "user". */
export function sourceText(s: PageSpan): string {
  return (s.source === 'model' || s.source === 'vectors') && s.score !== undefined ? `${s.source} ${s.score.toFixed(2)}` : s.source;
}

/** Pieces to render: runs of tokens outside spans, and spans with their tokens. */
export type Piece = { kind: 'token'; index: number } | { kind: 'span'; span: PageSpan; indices: number[] };

export function pieces(task: Pick<Task, 'tokens'>, spans: readonly PageSpan[]): Piece[] {
  const out: Piece[] = [];
  const sorted = [...spans].sort((a, b) => a.token_start - b.token_start);
  let k = 0;
  for (let i = 0; i < task.tokens.length; ) {
    const s = sorted[k];
    if (s && s.token_start === i) {
      const indices: number[] = [];
      for (let j = s.token_start; j <= Math.min(s.token_end, task.tokens.length - 1); j++) indices.push(j);
      out.push({ kind: 'span', span: s, indices });
      i = s.token_end + 1;
      k++;
    } else {
      out.push({ kind: 'token', index: i });
      i++;
      while (sorted[k] && sorted[k]!.token_start < i) k++; // skip spans starting inside (should not happen)
    }
  }
  return out;
}
