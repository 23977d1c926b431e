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

/**
 * Finds running headers and footers: lines at the same edge of the page (among the first or last
 * three lines) whose shape (digits masked) repeats on at least half of the pages, and bare page
 * numbers at the edges. Needs at least 3 pages to judge. Returns, per page index, the set of line
 * indexes to drop, and the distinct texts dropped (for the report).
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
  const counts = new Map<string, number>();
  edges.forEach((e, p) => {
    const seen = new Set<string>();
    for (const [side, idx] of [['t', e.top], ['b', e.bottom]] as const) {
      idx.forEach((i, rank) => seen.add(key(side, rank, pages[p]![i]!, pages[p]!.length)));
    }
    for (const k of seen) counts.set(k, (counts.get(k) ?? 0) + 1);
  });
  const threshold = Math.max(3, Math.ceil(pages.length * 0.5));
  const examples = new Set<string>();
  edges.forEach((e, p) => {
    for (const [side, idx] of [['t', e.top], ['b', e.bottom]] as const) {
      for (const [rank, i] of idx.entries()) {
        const text = pages[p]![i]!.text;
        if ((counts.get(key(side, rank, pages[p]![i]!, pages[p]!.length)) ?? 0) >= threshold || isPageNumber(text)) {
          drop[p]!.add(i);
          if (examples.size < 5) examples.add(shape(text));
        }
      }
    }
  });
  return { drop, examples: [...examples] };
}
