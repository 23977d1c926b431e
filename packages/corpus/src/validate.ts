/**
 * Validation of corpus records: the zod schema (schema.ts) plus what a schema cannot check, i.e.
 * offsets inside the text (code points), tokens in order and matching the text, token indices
 * consistent with the offsets, and no overlapping spans in complete accepted annotations.
 * Every problem is reported, each with its JSON path, so one run shows a file's whole damage.
 */
import { NerError } from './errors.js';
import { OffsetMap } from './offsets.js';
import { ExampleSchema } from './schema.js';
import { findOverlaps, isPartial } from './spans.js';
import { escapeControl, hasControl } from './terminal-text.js';
import type { Example } from './types.js';

export interface ValidationProblem {
  /** Stable error code (E_CORPUS_SCHEMA, E_CORPUS_SPAN_OUT_OF_RANGE...). */
  code: string;
  /** JSON path inside the record, e.g. `spans.0.end` ('' for the whole line). */
  path: string;
  message: string;
  file?: string;
  line?: number;
}

/** `file:line: [path] message`, the form `nerflow validate` prints. */
export function formatProblem(p: ValidationProblem): string {
  const where = p.file ? `${p.file}${p.line === undefined ? '' : `:${p.line}`}: ` : '';
  return escapeControl(`${where}${p.path ? `[${p.path}] ` : ''}${p.message}`);
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => Number.isSafeInteger(v);

/** The semantic checks; they look only at parts that have the right types (zod reports the rest). */
function semanticProblems(rec: Record<string, unknown>, add: (code: string, path: string, message: string) => void): void {
  if (typeof rec.text !== 'string') return;
  const map = new OffsetMap(rec.text);
  const len = map.cpLength;
  const quote = (a: number, b: number) => JSON.stringify(map.slice(a, b));
  const tokens = Array.isArray(rec.tokens) ? rec.tokens : undefined;
  const goodTokens = tokens?.every((t) => isObj(t) && typeof t.text === 'string' && isInt(t.start) && isInt(t.end)) ?? false;
  let prevEnd = 0;
  let prevExpect: string | null = '';
  tokens?.forEach((t, i) => {
    if (!isObj(t) || !isInt(t.start) || !isInt(t.end) || typeof t.text !== 'string') return;
    const at = `tokens.${i}`;
    if (t.id !== undefined && t.id !== i) add('E_CORPUS_TOKENS_MISMATCH', `${at}.id`, `is ${String(t.id)}, expected ${i} (its position)`);
    if (t.end > len || t.start > t.end) {
      add('E_CORPUS_TOKENS_MISMATCH', at, `offsets ${t.start}..${t.end} are outside the text (${len} code points)`);
      return;
    }
    if (t.start < prevEnd) add('E_CORPUS_TOKENS_MISMATCH', `${at}.start`, `is ${t.start}, before the end of the previous token (${prevEnd}): tokens must be in order`);
    else if (goodTokens) {
      const gap = map.slice(prevEnd, t.start);
      const expected = i === 0 ? gap : prevExpect;
      if (i === 0 && /\S/u.test(gap)) add('E_CORPUS_TOKENS_MISMATCH', at, `the text before the first token, ${JSON.stringify(gap)}, is not covered by any token`);
      else if (expected !== null && gap !== expected) add('E_CORPUS_TOKENS_MISMATCH', `tokens.${i - 1}.ws`, `says ${JSON.stringify(expected)} follows the token, but the text has ${JSON.stringify(gap)}`);
    }
    const actual = map.slice(t.start, t.end);
    if (actual !== t.text) add('E_CORPUS_TOKENS_MISMATCH', `${at}.text`, `is ${JSON.stringify(t.text)} but the text at ${t.start}..${t.end} is ${JSON.stringify(actual)}`);
    prevEnd = Math.max(prevEnd, t.end);
    // Without a boolean `ws` (old Prodigy tokens) the gap cannot be checked; the schema reports it.
    prevExpect = typeof t.ws === 'boolean' ? (t.ws ? ' ' : '') : null;
  });
  if (goodTokens && tokens!.length > 0 && prevEnd <= len) {
    const tail = map.slice(prevEnd, len);
    if (tail !== prevExpect && /\S/u.test(tail)) add('E_CORPUS_TOKENS_MISMATCH', `tokens.${tokens!.length - 1}`, `the text after the last token, ${JSON.stringify(tail)}, is not covered by any token`);
  }
  const spans = Array.isArray(rec.spans) ? rec.spans : [];
  const checked: { start: number; end: number; i: number }[] = [];
  spans.forEach((s, i) => {
    if (isObj(s) && typeof s.label === 'string' && hasControl(s.label)) {
      add('E_CORPUS_BAD_LABEL', `spans.${i}.label`, `${JSON.stringify(escapeControl(s.label))} holds control characters (terminal escape sequences are not labels)`);
    }
    if (!isObj(s) || !isInt(s.start) || !isInt(s.end)) return;
    const at = `spans.${i}`;
    if (s.start >= s.end) return void add('E_CORPUS_SPAN_OUT_OF_RANGE', at, `is empty or reversed (${s.start}..${s.end})`);
    if (s.end > len) return void add('E_CORPUS_SPAN_OUT_OF_RANGE', `${at}.end`, `is ${s.end}, past the end of the text (${len} code points)`);
    checked.push({ start: s.start, end: s.end, i });
    if (!tokens || !goodTokens) return;
    for (const k of ['token_start', 'token_end'] as const) {
      if (s[k] === undefined) add('E_CORPUS_SPAN_MISALIGNED', `${at}.${k}`, 'is required when the example has tokens');
      else if (isInt(s[k]) && (s[k] as number) >= tokens.length) add('E_CORPUS_SPAN_OUT_OF_RANGE', `${at}.${k}`, `is ${s[k]} but there are ${tokens.length} tokens`);
    }
    const first = isInt(s.token_start) ? (tokens[s.token_start] as { start: number; end: number } | undefined) : undefined;
    const last = isInt(s.token_end) ? (tokens[s.token_end] as { start: number; end: number } | undefined) : undefined;
    if (first && first.start !== s.start) add('E_CORPUS_SPAN_MISALIGNED', `${at}.start`, `is ${s.start} (${quote(s.start, s.end)}) but token ${s.token_start} starts at ${first.start}`);
    if (last && last.end !== s.end) add('E_CORPUS_SPAN_MISALIGNED', `${at}.end`, `is ${s.end} (${quote(s.start, s.end)}) but token ${s.token_end} ends at ${last.end}`);
    if (first && last && (s.token_end as number) < (s.token_start as number)) add('E_CORPUS_SPAN_MISALIGNED', `${at}.token_end`, 'is before token_start');
  });
  const answer = rec.answer;
  if ((answer === undefined || answer === 'accept') && !isPartial(rec as unknown as Example)) {
    for (const [a, b] of findOverlaps(checked)) {
      const [x, y] = [checked[a]!, checked[b]!];
      add('E_CORPUS_SPAN_OVERLAP', `spans.${y.i}`, `${quote(y.start, y.end)} overlaps spans.${x.i} ${quote(x.start, x.end)} in a complete annotation`);
    }
  }
}

/**
 * All the problems of one record (an empty list when it is valid), each with its JSON path and,
 * when given, the file and line it came from.
 */
export function validateExample(record: unknown, where: { file?: string; line?: number } = {}): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const add = (code: string, path: string, message: string) => void problems.push({ code, path, message, ...where });
  const parsed = ExampleSchema.safeParse(record);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const message = issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, 'is required ($1)').replace(/^Invalid input: /, '');
      add('E_CORPUS_SCHEMA', issue.path.map(String).join('.'), message);
    }
  }
  if (isObj(record)) semanticProblems(record, add);
  return problems;
}

/** Throws the first problem of a record as a located NerError (for readers that stop on bad input). */
export function assertValidExample(record: unknown, where: { file?: string; line?: number } = {}): asserts record is Example {
  const [first, ...rest] = validateExample(record, where);
  if (!first) return;
  throw new NerError(first.code, `${first.path ? `[${first.path}] ` : ''}${first.message}${rest.length ? ` (and ${rest.length} more problem${rest.length > 1 ? 's' : ''})` : ''}`, {
    file: where.file, line: where.line, detail: [first, ...rest], hint: 'Run `nerflow validate FILE` to list every problem.',
  });
}
