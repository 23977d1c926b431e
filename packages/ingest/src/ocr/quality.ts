import type { Line } from '../types.js';

/** Fewer letters than this on a page: its text layer is taken as missing (scanned or drawn). */
const MIN_LETTERS = 20;
const WORDLIKE = /^[\p{L}][\p{L}'’-]*$/u;
const VOWEL = /[aeiouáéíóúüàèìòùâêîôûyAEIOUÁÉÍÓÚÜY]/u;

/**
 * Why a page's text layer is not usable, or undefined when it is. `empty`: (almost) no letters, as
 * on a scanned page. `garbage`: text that no reader would call words, as from fonts without a
 * Unicode map: mostly private-use or replacement characters, or tokens that are not word-shaped.
 */
export function unusableTextLayer(lines: readonly Line[]): 'empty' | 'garbage' | undefined {
  const text = lines.map((l) => l.text).join(' ');
  const letters = text.match(/\p{L}/gu)?.length ?? 0;
  if (letters < MIN_LETTERS) return 'empty';
  const odd = (text.match(/[\u{E000}-\u{F8FF}\u{FFFD}]|\(cid:\d+\)/gu) ?? []).reduce((n, m) => n + m.length, 0);
  const visible = text.replace(/\s+/gu, '').length;
  if (odd / Math.max(visible, 1) > 0.2) return 'garbage';
  const tokens = text.split(/\s+/u).map((t) => t.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')).filter(Boolean);
  const wordLike = tokens.filter((t) => WORDLIKE.test(t) && (t.length === 1 || VOWEL.test(t))).length;
  return tokens.length >= 5 && wordLike / tokens.length < 0.5 ? 'garbage' : undefined;
}
