import { isSpaceToken, tokenize } from './tokenizer.js';
import type { Token } from './types.js';

/** A sentence as a code-point range of the text and an inclusive token range. */
export interface SentenceRange {
  start: number;
  end: number;
  token_start: number;
  token_end: number;
}

const FINAL = /^(?:[.!?]+|…|\.{3}|[.!?]+[)"'»”’]+)$/u;
const CLOSING = /^[)"'»”’\]]+$/u;
/** A sentence may start with a capital, a digit, an opening mark, or a bullet. */
const STARTER = /^[\p{Lu}\p{N}¿¡"'«“(\[•\-–—]/u;

/**
 * Splits tokens into sentences: after `.`, `!`, `?` or `…` (abbreviations keep their period inside
 * the token, so a lone `.` is a real full stop) when the next word looks like a sentence start,
 * and at blank lines (paragraph breaks). Whitespace tokens between sentences go to the earlier one.
 */
export function sentenceTokenRanges(tokens: Token[]): SentenceRange[] {
  const out: SentenceRange[] = [];
  let first = 0;
  const close = (last: number) => {
    // Skip whitespace-only sentences and leading whitespace.
    let s = first;
    while (s <= last && isSpaceToken(tokens[s]!)) s++;
    let e = last;
    while (e >= s && isSpaceToken(tokens[e]!)) e--;
    if (s <= e) out.push({ start: tokens[s]!.start, end: tokens[e]!.end, token_start: s, token_end: e });
    first = last + 1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (isSpaceToken(t)) {
      if (/\n\s*\n/u.test(t.text) || /\n/u.test(t.text) && i > first && FINAL.test(tokens[i - 1]!.text)) close(i);
      continue;
    }
    if (!FINAL.test(t.text)) continue;
    let j = i;
    while (j + 1 < tokens.length && CLOSING.test(tokens[j + 1]!.text)) j++;
    let k = j + 1;
    while (k < tokens.length && isSpaceToken(tokens[k]!)) k++;
    if (k >= tokens.length) continue;
    const next = tokens[k]!.text;
    const endsWithSpace = tokens[j]!.ws || k > j + 1;
    if (endsWithSpace && STARTER.test(next)) {
      close(j);
      i = j;
    }
  }
  if (first < tokens.length) close(tokens.length - 1);
  return out;
}

/**
 * Sentence boundaries of a text, as code-point ranges.
 * @example splitSentences('Hola, Sr. Pérez. ¿Cómo está?') // [{start: 0, end: 16, ...}, {start: 17, end: 28, ...}]
 */
export function splitSentences(text: string): SentenceRange[] {
  return sentenceTokenRanges(tokenize(text));
}
