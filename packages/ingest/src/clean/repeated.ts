import type { Line } from '../types.js';

/** How many lines at the top and at the bottom of a page are candidates for headers/footers. */
const EDGE = 3;

/** Page numbers and dates vary from page to page; the rest of a running header does not. */
function shape(text: string): string {
  return text.toLowerCase().replace(/\d+/gu, '#').replace(/\b[ivxlc]+\b(?=\W*$)/gu, '#').replace(/\s+/gu, ' ').trim();
}

/**
 * Where a line sits: its height on the page (2% buckets) when the extractor knows it, otherwise its
 * rank from the top or bottom edge. Body text that happens to repeat never sits at the same place
 * on most pages; a running header does.
 */
function key(side: 't' | 'b', rank: number, line: Line & { y?: number }, _n: number): string {
  const where = line.y !== undefined ? `y${Math.round(line.y * 50)}` : `r${rank}`;
  return `${side}|${where}|${shape(line.text)}`;
}

/** True for a line that is only a page number ("7", "- 7 -", "Página 7 de 40", "7/40"). */
export function isPageNumber(text: string): boolean {
  return /^(?:p[áa]g(?:ina)?\.?|page)?\s*[-–—(]?\s*\d{1,4}\s*[-–—)]?\s*(?:(?:de|of|\/)\s*\d{1,4})?$/iu.test(text.trim());
}

/** A roman numeral's value (front-matter page numbers: `iv`, `xii`), or NaN. */
function roman(s: string): number {
  const v: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let n = 0;
  for (let k = 0; k < s.length; k++) {
    const a = v[s[k]!]!;
    const b = v[s[k + 1] ?? ''] ?? 0;
    n += a < b ? -a : a;
  }
  return n;
}

/** The numbers `shape` masks, in the same order (digit runs, then a trailing roman numeral). */
function numbers(text: string): number[] {
  const lower = text.toLowerCase();
  const out = [...lower.matchAll(/\d+/gu)].map((m) => Number(m[0]));
  const r = /\b([ivxlc]+)\b(?=\W*$)/u.exec(lower.replace(/\d+/gu, '#'));
  if (r) out.push(roman(r[1]!));
  return out;
}

/** The most frequent value and how often it occurs. */
function mode(xs: number[]): [number, number] {
  const counts = new Map<number, number>();
  let best: [number, number] = [NaN, 0];
  for (const x of xs) {
    const n = (counts.get(x) ?? 0) + 1;
    counts.set(x, n);
    if (n > best[1]) best = [x, n];
  }
  return best;
}

/**
 * Of the lines that share a place and a shape, the ones that are a running header: each number in
 * them is either the same on every page (a year, a version, `de 18`) or moves with the page
 * (`Página 3`, `2 División de palabras`, `4/8`: the number minus the page's index is constant).
 * Body lines that only share their shape (`Total de ventas: 1.250 euros` at the foot of each
 * monthly page, `Ejercicio 2` under a heading) have numbers that do neither, and are kept.
 */
function runningLines(occurrences: { page: number; text: string }[]): boolean[] {
  const nums = occurrences.map((o) => numbers(o.text));
  const width = Math.min(...nums.map((n) => n.length));
  const rules = Array.from({ length: width }, (_, j) => {
    const [value, same] = mode(nums.map((n) => n[j]!));
    const [offset, moving] = mode(nums.map((n, k) => n[j]! - occurrences[k]!.page));
    return same >= moving ? (n: number) => n === value : (n: number, page: number) => n - page === offset;
  });
  return nums.map((n, k) => n.length === width && rules.every((rule, j) => rule(n[j]!, occurrences[k]!.page)));
}

/**
 * Finds running headers and footers: lines at the same edge of the page (among the first or last
 * three lines) whose shape (digits masked) repeats on at least half of the pages (or of the even or
 * the odd pages, for a book's alternating heads), with numbers that
 * stay the same or follow the page number (see `runningLines`), and bare page numbers at the edges.
 * Needs at least 3 pages to judge. Returns, per page index, the set of line indexes to drop, and
 * the distinct texts dropped (for the report).
 * Lines with a `y` (0 = top of the page) are ordered by it first, since PDFs often draw the header last.
 */
export function findRepeatedLines(pages: (Line & { y?: number })[][]): { drop: Set<number>[]; examples: string[] } {
  const drop = pages.map(() => new Set<number>());
  if (pages.length < 3) {
    // Too few pages to call anything "repeated"; bare page numbers at the edges still go.
    pages.forEach((lines, p) => lines.forEach((l, i) => {
      if ((i < EDGE || i >= lines.length - EDGE) && isPageNumber(l.text)) drop[p]!.add(i);
    }));
    return { drop, examples: [] };
  }
  const edges = pages.map((lines) => {
    const order = lines.map((l, i) => ({ i, y: l.y ?? i / Math.max(1, lines.length - 1) }));
    if (lines.some((l) => l.y !== undefined)) order.sort((a, b) => a.y - b.y);
    const top = order.slice(0, EDGE).map((o) => o.i);
    const bottom = order.slice(Math.max(EDGE, order.length - EDGE)).map((o) => o.i);
    return { top, bottom };
  });
  // Every edge line, grouped by place and shape (once per page).
  const groups = new Map<string, { page: number; i: number; text: string }[]>();
  edges.forEach((e, p) => {
    const seen = new Set<string>();
    for (const [side, idx] of [['t', e.top], ['b', e.bottom]] as const) {
      idx.forEach((i, rank) => {
        const line = pages[p]![i]!;
        const k = key(side, rank, line, pages[p]!.length);
        if (seen.has(k)) return;
        seen.add(k);
        const g = groups.get(k) ?? [];
        g.push({ page: p + 1, i, text: line.text });
        groups.set(k, g);
      });
    }
  });
  const threshold = Math.max(3, Math.ceil(pages.length * 0.5));
  const examples = new Set<string>();
  const add = (p: number, i: number) => {
    drop[p]!.add(i);
    if (examples.size < 5) examples.add(shape(pages[p]![i]!.text));
  };
  // A book's running heads alternate: the title on even pages, the chapter on odd ones. A line that
  // sits only on pages of one parity needs half of those pages (hyph-es-division: 10 of 21 pages).
  const ofParity = (odd: boolean) => Math.max(3, Math.ceil((odd ? Math.ceil(pages.length / 2) : Math.floor(pages.length / 2)) * 0.5));
  for (const g of groups.values()) {
    const odd = g[0]!.page % 2 === 1;
    const need = g.every((o) => o.page % 2 === g[0]!.page % 2) ? Math.min(threshold, ofParity(odd)) : threshold;
    if (g.length < need) continue;
    const running = runningLines(g);
    if (running.filter(Boolean).length < need) continue;
    g.forEach((o, k) => { if (running[k]) add(o.page - 1, o.i); });
  }
  edges.forEach((e, p) => {
    for (const i of [...e.top, ...e.bottom]) if (isPageNumber(pages[p]![i]!.text)) add(p, i);
  });
  return { drop, examples: [...examples] };
}
