/**
 * Prodigy JSONL in and out. Prodigy's task JSON is already our record, but files found in the wild
 * lack parts of it: tokens without `ws` or `id`, spans without token indices (or without
 * character offsets), no tokens at all, no hashes. `fromProdigy` fills them in; `toProdigy` can
 * drop the fields only nerflow knows.
 */
import type { Readable, Writable } from 'node:stream';
import type { LabelMap } from './conll.js';
import { CorpusErrors, NerError } from './errors.js';
import { withHashes } from './hash.js';
import { readJsonlLines, writeJsonl, type OnBadLine } from './jsonl.js';
import { codePointLength, OffsetMap } from './offsets.js';
import { alignCharSpan, tokenSpanToChars, type AlignmentMode } from './spans.js';
import { tokenize } from './tokenizer.js';
import type { Example, Span, Token } from './types.js';
import { OUTSIDE } from './types.js';
import { assertValidExample } from './validate.js';

export interface FromProdigyOptions {
  /** How spans without token indices are aligned to tokens (default `strict`: misaligned spans are errors). */
  align?: AlignmentMode;
  labelMap?: LabelMap;
  /** Add missing `_input_hash`/`_task_hash` (default true; existing ones are kept). */
  hashes?: boolean;
  file?: string;
  line?: number;
}

/**
 * Fills `ws` and `id` from the text for tokens that lack them (Prodigy before v1.10, hand-made
 * files). Whitespace other than one space after a token becomes a token of its own, as spaCy
 * does; `remap[i]` is the new index of old token i.
 */
function completeTokens(text: string, tokens: Partial<Token>[]): { tokens: Token[]; remap: number[] } {
  if (tokens.every((t) => typeof t.ws === 'boolean' && typeof t.id === 'number')) return { tokens: tokens as Token[], remap: tokens.map((_, i) => i) };
  const map = new OffsetMap(text);
  const out: Token[] = [];
  const remap: number[] = [];
  tokens.forEach((t, i) => {
    remap.push(out.length);
    const next = tokens[i + 1];
    const gapEnd = typeof next?.start === 'number' ? next.start : map.cpLength;
    const valid = typeof t.end === 'number' && gapEnd >= t.end && gapEnd <= map.cpLength;
    const gap = valid && typeof t.ws !== 'boolean' ? map.slice(t.end!, gapEnd) : '';
    const ws = typeof t.ws === 'boolean' ? t.ws : gap.startsWith(' ');
    out.push({ ...t, id: out.length, ws } as Token);
    const rest = ws ? gap.slice(1) : gap;
    if (rest !== '' && /^\s+$/u.test(rest)) {
      const start = t.end! + (ws ? 1 : 0);
      out.push({ text: rest, start, end: gapEnd, id: out.length, ws: false });
    }
  });
  return { tokens: out, remap };
}

/**
 * A Prodigy record as a complete nerflow example: tokenized (with `tokenize` when it has no
 * tokens), every span with both character offsets and token indices, labels mapped, hashes set.
 * Throws a NerError located at `file:line` for a span that cannot be aligned or a record without text.
 */
export function fromProdigy(record: Record<string, unknown>, options: FromProdigyOptions = {}): Example {
  const where = { file: options.file, line: options.line };
  if (typeof record.text !== 'string') {
    throw new NerError(CorpusErrors.SCHEMA, '[text] is required (string)', { ...where, hint: 'Every example needs its text.' });
  }
  const text = record.text;
  const { tokens, remap } = Array.isArray(record.tokens)
    ? completeTokens(text, record.tokens as Partial<Token>[])
    : { tokens: tokenize(text), remap: null };
  const at = (i: number) => (remap ? remap[i] ?? i : i);
  const spans: Span[] = [];
  const length = codePointLength(text);
  const rawSpans = (Array.isArray(record.spans) ? record.spans : []) as Partial<Span>[];
  for (const [i, raw] of rawSpans.entries()) {
    if (typeof raw !== 'object' || raw === null) throw new NerError(CorpusErrors.SCHEMA, `[spans.${i}] is not an object`, where);
    if (typeof raw.label !== 'string' || raw.label === '') {
      throw new NerError(CorpusErrors.SCHEMA, `[spans.${i}.label] is required (string)`, { ...where, hint: 'Every span needs its label.' });
    }
    let label = raw.label;
    if (options.labelMap && label in options.labelMap) {
      label = options.labelMap[label]!;
      if (label === '' || label === OUTSIDE) continue;
    }
    let { start, end } = raw;
    const hasTokenIndices = typeof raw.token_start === 'number' && typeof raw.token_end === 'number';
    if ((typeof start !== 'number' || typeof end !== 'number') && hasTokenIndices) {
      ({ start, end } = tokenSpanToChars(tokens, at(raw.token_start!), at(raw.token_end!)));
    }
    if (typeof start !== 'number' || typeof end !== 'number') {
      throw new NerError(CorpusErrors.SCHEMA, `[spans.${i}] has neither start/end nor token_start/token_end`, where);
    }
    if (start < 0 || end > length || start >= end) {
      const why = end > length ? `[spans.${i}.end] is ${end}, past the end of the text (${length} code points)` : `[spans.${i}] is empty or reversed (${start}..${end})`;
      throw new NerError(CorpusErrors.SPAN_OUT_OF_RANGE, why, { ...where, hint: 'Span offsets count code points (Python len) from the start of the text.' });
    }
    const aligned = hasTokenIndices && options.align === undefined
      ? { start, end, token_start: at(raw.token_start!), token_end: at(raw.token_end!) }
      : alignCharSpan(tokens, start, end, { mode: options.align ?? 'strict', text, ...where });
    spans.push({ ...raw, ...aligned, label });
  }
  let example: Example = { ...record, text, tokens, spans } as Example;
  if (!Array.isArray(record.spans)) delete example.spans;
  if (options.hashes ?? true) {
    if (example._input_hash === undefined || example._task_hash === undefined) {
      const hashed = withHashes(example);
      example = { ...example, _input_hash: example._input_hash ?? hashed._input_hash, _task_hash: example._task_hash ?? hashed._task_hash };
    }
  }
  return example;
}

/** Fields only nerflow writes; `toProdigy({ strip: true })` removes them. */
export const NERFLOW_ONLY_FIELDS = ['_partial', '_conll_tags'] as const;

/** A record for Prodigy. With `strip`, the nerflow-only fields (`_partial`, `_conll_tags`) are dropped. */
export function toProdigy(example: Example, options: { strip?: boolean } = {}): Example {
  if (!options.strip) return example;
  const out: Example = { ...example };
  for (const k of NERFLOW_ONLY_FIELDS) delete out[k];
  return out;
}

export interface ReadProdigyOptions extends Omit<FromProdigyOptions, 'file' | 'line'> {
  /** Also run `validateExample` on each completed record (a problem is a located error). */
  validate?: boolean;
  onError?: OnBadLine;
  onSkip?: (error: NerError) => void;
  stdin?: Readable;
}

/** Streams a Prodigy (or nerflow) JSONL file as complete examples with their line numbers. */
export async function* readProdigyLines(path: string, options: ReadProdigyOptions = {}): AsyncGenerator<{ value: Example; line: number }> {
  const file = path === '-' ? '<stdin>' : path;
  for await (const { value, line } of readJsonlLines(path, options)) {
    try {
      const example = fromProdigy(value, { ...options, file, line });
      if (options.validate) assertValidExample(example, { file, line });
      yield { value: example, line };
    } catch (err) {
      if (!(err instanceof NerError) || options.onError !== 'skip') throw err;
      options.onSkip?.(err);
    }
  }
}

/** Streams a Prodigy (or nerflow) JSONL file as complete examples; errors name `file:line`. */
export async function* readProdigy(path: string, options: ReadProdigyOptions = {}): AsyncGenerator<Example> {
  for await (const { value } of readProdigyLines(path, options)) yield value;
}

/** Writes examples as Prodigy JSONL (see `toProdigy` for `strip`); returns how many were written. */
export async function writeProdigy(
  path: string, examples: AsyncIterable<Example> | Iterable<Example>, options: { strip?: boolean; stdout?: Writable } = {},
): Promise<number> {
  async function* mapped() { for await (const e of examples) yield toProdigy(e, options); }
  return writeJsonl(path, mapped(), { stdout: options.stdout });
}
