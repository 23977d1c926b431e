import { isPartial, NerError, spansToTags, tokensOf, tryAlignCharSpan, type Example, type Span, type TagScheme, type Token } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';
import type { TrainDoc } from './nerModel.js';

/** Where an example came from (a corpus `LocatedExample` is one), for located errors. */
export interface Where {
  source?: string;
  line?: number;
}

/**
 * Turns an annotated example into what the CRF loss needs (issue 4, "partial annotations"):
 * - complete annotations (manual, CoNLL): one known tag per token (`O` outside spans);
 * - partial ones (binary teach answers, `_partial`, Prodigy `ner` view): tokens outside accepted
 *   spans are MISSING (`-`) and constrain nothing; spans answered `reject` (or every span of a
 *   rejected example) become evidence against that exact tag path only;
 * - `ignore`d examples give null (skipped).
 * Throws E_TRAIN_UNKNOWN_LABEL / E_TRAIN_MISALIGNED_SPAN naming the example.
 */
export function evidenceOf(ex: Example, tags: string[], scheme: TagScheme, from: Where = {}): TrainDoc | null {
  const where = { file: from.source, line: from.line };
  if (ex.answer === 'ignore') return null;
  const tokens = tokensOf(ex);
  const words = tokens.map((t) => t.text);
  const spans = (ex.spans ?? []).map((s) => checkSpan(s, tokens, tags, scheme, ex, where));
  const rejectedSpans = ex.answer === 'reject' ? spans : spans.filter((s) => s.answer === 'reject');
  const accepted = ex.answer === 'reject' ? [] : spans.filter((s) => s.answer !== 'reject');
  const partial = ex.answer === 'reject' || isPartial(ex);
  const n = tags.length;
  const index = new Map(tags.map((t, i) => [t, i]));
  let mask: Uint8Array | null = null;
  if (!(partial && accepted.length === 0)) {
    let goldTags: string[];
    try {
      goldTags = spansToTags(tokens, accepted, scheme, { missing: partial });
    } catch (cause) {
      throw new NerError(TrainErrors.BAD_SPANS, `Cannot turn the spans of "${short(ex.text)}" into ${scheme} tags: ${(cause as Error).message}`, {
        ...where, cause, hint: 'Remove overlapping spans or fix their offsets.',
      });
    }
    mask = new Uint8Array(words.length * n);
    goldTags.forEach((t, i) => {
      if (t === '-') mask!.fill(1, i * n, (i + 1) * n);
      else mask![i * n + index.get(t)!] = 1;
    });
  }
  const rejected = rejectedSpans.map((s) => {
    const len = s.token_end - s.token_start + 1;
    const path = spansToTags(tokens.slice(s.token_start, s.token_end + 1), [{ ...s, token_start: 0, token_end: len - 1 }], scheme);
    return { start: s.token_start, tags: Int32Array.from(path, (t) => index.get(t)!) };
  });
  if (!mask && rejected.length === 0) return null;
  return { words, mask, rejected };
}

/** Validates a span's label and token alignment; fills token indices from char offsets when absent. */
function checkSpan(s: Span, tokens: Token[], tags: string[], scheme: TagScheme, ex: Example, where: { file?: string; line?: number }): Span {
  if (!tags.includes(scheme === 'BILUO' ? `U-${s.label}` : `B-${s.label}`)) {
    throw new NerError(TrainErrors.UNKNOWN_LABEL, `Unknown label "${s.label}" in "${short(ex.text)}"`, {
      ...where, hint: `The model's labels are: ${labelsOf(tags).join(', ')}. Add it with --labels, or drop the span.`,
    });
  }
  if (typeof s.token_start !== 'number' || typeof s.token_end !== 'number') {
    const a = tryAlignCharSpan(tokens, s.start, s.end, 'strict');
    if (a) return { ...s, token_start: a.token_start, token_end: a.token_end };
  }
  const ts = tokens[s.token_start];
  const te = tokens[s.token_end];
  if (typeof s.token_start !== 'number' || typeof s.token_end !== 'number' || !ts || !te || s.token_end < s.token_start
    || ts.start !== s.start || te.end !== s.end) {
    throw new NerError(TrainErrors.MISALIGNED_SPAN,
      `Span ${s.start}-${s.end} (${s.label}) of "${short(ex.text)}" does not match token boundaries ${s.token_start}..${s.token_end}`, {
        ...where, hint: 'Give token_start/token_end that match the example\'s tokens, or re-align the spans with `nerflow convert` (corpus alignment).',
      });
  }
  return s;
}

/** Entity labels from a tag list. */
export function labelsOf(tags: string[]): string[] {
  return [...new Set(tags.filter((t) => t.length > 2).map((t) => t.slice(2)))];
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
