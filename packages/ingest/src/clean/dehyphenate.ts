import type { Line } from '../types.js';

/** A line as the clean-up steps see it: normalised text plus whether it ended with a soft hyphen. */
export interface CleanLine extends Line {
  softHyphen?: boolean;
}

const HYPHEN_END = /(\p{L}+)[-\u2010]$/u;

/**
 * The word before a line-end hyphen ("posiciona-" -> {word: 'posiciona', at}), or null.
 * Checked on the last characters only: the regex alone is quadratic on long lines.
 */
export function hyphenEnd(text: string): { word: string; at: number } | null {
  const last = text.charCodeAt(text.length - 1);
  if (last !== 0x2d && last !== 0x2010) return null;
  const from = Math.max(0, text.length - 64);
  const m = HYPHEN_END.exec(text.slice(from));
  return m ? { word: m[1]!, at: from + m.index } : null;
}
const WORD_START = /^(\p{L}+)/u;
const WORDS = /\p{L}+(?:[-\u2010]\p{L}+)*/gu;
const ACCENTED = /[áéíóúÁÉÍÓÚ]/gu;

/** Word counts of a document (lower case), hyphenated compounds counted as one word. */
export function wordCounts(lines: CleanLine[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const l of lines) {
    const end = hyphenEnd(l.text);
    const body = end ? l.text.slice(0, end.at) : l.text; // a line-end fragment is not evidence of anything
    for (const m of body.matchAll(WORDS)) {
      const w = m[0].toLowerCase().replace(/\u2010/gu, '-');
      counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  return counts;
}

/**
 * Decides whether `left-` at the end of a line and `right` at the start of the next are one word
 * split by the typesetter (join: "posiciona-" + "miento") or a real hyphenated compound (keep:
 * "teórico-" + "práctico"). The more plausible form wins, in this order: the form the document
 * itself uses elsewhere; a capital after the hyphen (a name: "Castilla-La Mancha") keeps it; two
 * written accents cannot be one Spanish word ("teóricopráctico"); two parts that are both words
 * seen alone in the document keep it; otherwise join, since line-end hyphens are mostly breaks.
 */
export function shouldJoin(left: string, right: string, counts: Map<string, number>): boolean {
  const joined = (left + right).toLowerCase();
  const hyphenated = `${left}-${right}`.toLowerCase();
  const cj = counts.get(joined) ?? 0;
  const ch = counts.get(hyphenated) ?? 0;
  if (cj !== ch) return cj > ch;
  if (/^\p{Lu}/u.test(right) && !/^\p{Lu}+$/u.test(left + right)) return false;
  const accents = (s: string) => s.match(ACCENTED)?.length ?? 0;
  if (accents(left) >= 1 && accents(right) >= 1) return false;
  if (left.length >= 4 && right.length >= 4 && counts.has(left.toLowerCase()) && counts.has(right.toLowerCase())) return false;
  return true;
}

/**
 * Repairs words split across line ends, in place of the two lines: the completed word (joined or
 * with its hyphen) moves to the start of the next line, so joining lines with spaces later gives
 * "la empresa" and "teórico-práctico". A hyphen before a paragraph break is left alone.
 * @returns the lines (new array) and how many breaks were joined / kept.
 */
export function dehyphenate<T extends CleanLine>(lines: T[], counts?: Map<string, number>): { lines: T[]; joined: number; kept: number } {
  if (!lines.some((l) => l.softHyphen || hyphenEnd(l.text))) return { lines, joined: 0, kept: 0 };
  counts ??= wordCounts(lines);
  const out = lines.map((l) => ({ ...l }));
  let joined = 0;
  let kept = 0;
  for (let i = 0; i + 1 < out.length; i++) {
    const cur = out[i]!;
    const next = out[i + 1]!;
    if (next.newPara) continue;
    const right = WORD_START.exec(next.text)?.[1];
    if (!right) continue;
    if (cur.softHyphen) {
      const left = /(\p{L}+)$/u.exec(cur.text.slice(-64))?.[1];
      if (!left) continue;
      cur.text = cur.text.slice(0, -left.length).trimEnd();
      next.text = left + next.text;
      joined++;
      continue;
    }
    const m = hyphenEnd(cur.text);
    if (!m) continue;
    const left = m.word;
    const join = shouldJoin(left, right, counts);
    cur.text = cur.text.slice(0, m.at).trimEnd();
    next.text = (join ? left : `${left}-`) + next.text;
    if (join) joined++;
    else kept++;
  }
  // A line emptied by the move hands its paragraph start on to the next line.
  const kept_lines: T[] = [];
  let carryPara = false;
  for (const l of out) {
    if (!l.text) { carryPara ||= !!l.newPara; continue; }
    if (carryPara) { l.newPara = true; carryPara = false; }
    kept_lines.push(l);
  }
  return { lines: kept_lines, joined, kept };
}
