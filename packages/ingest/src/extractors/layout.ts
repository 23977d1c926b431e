import type { Line } from '../types.js';

/** The part of a pdf.js text item that layout needs. */
export interface TextItemLike {
  str: string;
  /** [a, b, c, d, e, f]: e/f = baseline origin in PDF units (y grows upwards). */
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
}

interface RawLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
}

/**
 * Turns pdf.js text items (content-stream order, which is reading order for nearly every generated
 * PDF, including most two-column ones) into lines with paragraph starts.
 * A paragraph starts after more space than the usual leading (the most frequent baseline gap), after a jump
 * back up the page (the next column), at a first-line indent, or after a short line that ends a
 * sentence. Returns lines with `y` measured from the top of the page (0..1) for header/footer
 * detection.
 */
export function itemsToLines(items: TextItemLike[], pageHeight: number): (Line & { y: number })[] {
  const raw: RawLine[] = [];
  let cur: RawLine | null = null;
  const flush = () => {
    if (cur && cur.text.trim()) raw.push({ ...cur, text: cur.text.replace(/\s+/gu, ' ').trim() });
    cur = null;
  };
  for (const it of items) {
    const [a = 0, b = 0, , , e = 0, f = 0] = it.transform;
    const size = Math.hypot(a, b) || it.height || 10;
    if (cur && Math.abs(f - cur.y) > size * 0.5) flush();
    if (!cur) {
      if (it.str.trim() === '' && !it.str.includes('\n')) { if (it.hasEOL) flush(); continue; }
      cur = { text: '', x: e, right: e, y: f, size };
    }
    // A gap between two items on one line that pdf.js did not fill with a space.
    if (cur.text && !/\s$/u.test(cur.text) && !/^\s/u.test(it.str) && e - cur.right > size * 0.2) cur.text += ' ';
    cur.text += unspace(it.str);
    cur.right = Math.max(cur.right, e + it.width);
    cur.size = Math.max(cur.size, size);
    if (it.hasEOL) flush();
  }
  flush();
  return markParagraphs(raw, pageHeight);
}

/**
 * Undoes letter-spacing: pdf.js turns the wide tracking of code listings and spaced titles into
 * single spaces inside one text item ("c a r g a r L i s t a ( )"), while the real word gaps come
 * as separate items. Runs of at least four single characters between single spaces inside an item
 * are one word ("Método c a r g a r" -> "Método cargar"); other text is left alone.
 */
export function unspace(str: string): string {
  if (str.length < 7 || str.indexOf(' ') < 0) return str;
  return str.replace(/(?<![^ ])(?:[^ ] ){3,}[^ ](?![^ ])/gu, (run) => run.replace(/ /gu, ''));
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((p, q) => p - q);
  return s[s.length >> 1]!;
}

/** The usual distance between baselines inside a paragraph: the most frequent gap (smallest on a tie). */
function leading(gaps: number[], fallback: number): number {
  if (gaps.length === 0) return fallback;
  const counts = new Map<number, number>();
  for (const g of gaps) {
    const k = Math.round(g * 4) / 4;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  let best = 0;
  let bestN = 0;
  for (const [k, n] of counts) if (n > bestN || (n === bestN && k < best)) { best = k; bestN = n; }
  return best;
}

function markParagraphs(raw: RawLine[], pageHeight: number): (Line & { y: number })[] {
  const gaps: number[] = [];
  for (let i = 1; i < raw.length; i++) {
    const g = raw[i - 1]!.y - raw[i]!.y;
    if (g > 0) gaps.push(g);
  }
  const spacing = leading(gaps, (raw[0]?.size ?? 10) * 1.2);
  const rightEdge = median(raw.map((l) => l.right));
  return raw.map((l, i) => {
    const prev = raw[i - 1];
    let newPara = i === 0;
    if (prev) {
      const gap = prev.y - l.y;
      const em = Math.max(l.size, 4);
      const sameColumn = Math.abs(l.x - prev.x) < em * 6;
      if (gap <= 0 || gap > spacing * 1.15 + 0.5) newPara = true; // next column, or more space than the usual leading
      else if (sameColumn && l.x - prev.x > em * 0.8) newPara = true; // first-line indent
      else if (/[.:!?»”)]$/u.test(prev.text) && prev.right < rightEdge - em * 4 && prev.x <= l.x + em) newPara = true;
      if (l.size > prev.size * 1.25 || prev.size > l.size * 1.25) newPara = true; // a heading
    }
    return { text: l.text, newPara, y: pageHeight > 0 ? 1 - l.y / pageHeight : 0 };
  });
}
