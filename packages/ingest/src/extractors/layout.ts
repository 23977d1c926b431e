import type { Line } from '../types.js';

/** The part of a pdf.js text item that layout needs. */
export interface TextItemLike {
  str: string;
  /** [a, b, c, d, e, f]: e/f = baseline origin in PDF units (y grows upwards). */
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
  /** Set by extractors that know the text's blocks (pdftotext -bbox-layout): this item starts one, so its line starts a paragraph. */
  blockStart?: boolean;
}

interface RawLine {
  text: string;
  x: number;
  right: number;
  y: number;
  size: number;
  /** The line starts one of the extractor's own text blocks (`TextItemLike.blockStart`). */
  block?: boolean;
  /** Where each cell starts and ends (x) and its text, when items on the line are far apart (a table row). */
  cells: { x: number; right: number; text: string }[];
}

/**
 * Turns pdf.js text items (content-stream order, which is reading order for nearly every generated
 * PDF, including most two-column ones) into lines with paragraph starts.
 * A page whose items show two columns (a gutter that lines of prose on both sides never cross) is
 * read column by column first, whatever order its content stream draws them in (see `columnOrder`).
 * A paragraph starts after more space than the usual leading (the most frequent baseline gap), after a jump
 * back up the page (the next column), at a first-line indent, or after a short line that ends a
 * sentence. Items on one baseline with wide gaps between them are kept as the line's `cells`
 * (rows of a table, see `markTables`). Returns lines with `y` measured from the top of the page
 * (0..1) for header/footer detection.
 * `keepOrder`: the items already come in reading order (pdftotext's flows), so no column reordering.
 */
export function itemsToLines(items: TextItemLike[], pageHeight: number, pageWidth = 0, options: { keepOrder?: boolean } = {}): (Line & { y: number })[] {
  const raw: RawLine[] = [];
  let cur: RawLine | null = null;
  let cell: { x: number; right: number; text: string } | null = null;
  const flush = () => {
    if (cur && cur.text.trim()) {
      const cells = cur.cells.map((c) => ({ ...c, text: c.text.replace(/\s+/gu, ' ').trim() })).filter((c) => c.text);
      raw.push({ ...cur, text: cur.text.replace(/\s+/gu, ' ').trim(), cells });
    }
    cur = null;
    cell = null;
  };
  for (const it of options.keepOrder ? items : columnOrder(items, pageWidth)) {
    const [a = 0, b = 0, , , e = 0, f = 0] = it.transform;
    const size = Math.hypot(a, b) || it.height || 10;
    if (cur && Math.abs(f - cur.y) > size * 0.5) flush();
    if (!cur) {
      if (it.str.trim() === '' && !it.str.includes('\n')) { if (it.hasEOL) flush(); continue; }
      cur = { text: '', x: e, right: e, y: f, size, cells: [] };
      if (it.blockStart) cur.block = true;
    }
    // A gap between two items on one line that pdf.js did not fill with a space.
    if (cur.text && !/\s$/u.test(cur.text) && !/^\s/u.test(it.str) && e - cur.right > size * 0.2) cur.text += ' ';
    const str = unspace(it.str);
    if (str.trim()) {
      // Ink to ink (space items do not count): a gap wider than 0.9 em starts a new cell (word
      // gaps stay under ~0.8 em even in justified narrow columns; cell padding is ~1 em and more).
      const gap = cell ? e - cell.right : 0;
      if (!cell || gap > size * CELL_GAP) { cell = { x: e, right: e, text: '' }; cur.cells.push(cell); }
      else if (gap > size * 0.15 && !/\s$/u.test(cell.text)) cell.text += ' ';
      cell.text += str;
      cell.right = Math.max(cell.right, e + it.width);
    } else if (cell) cell.text += ' ';
    cur.text += str;
    cur.right = Math.max(cur.right, e + it.width);
    cur.size = Math.max(cur.size, size);
    if (it.hasEOL) flush();
  }
  flush();
  return markParagraphs(raw, pageHeight);
}

/** An item's extent on the page: left and right x, baseline y, font size. */
const CELL_GAP = 0.9;

/**
 * True when the two sides of a gutter start blocks (a line after more than 1.4x the side's usual
 * leading) at the same height at least twice: the rows of a table, whose cells begin together
 * under each rule, not two columns of running text, whose paragraphs fall where they fall.
 */
function looksLikeTable(rows: { x0: number; x1: number; y: number; size: number }[][], g: number): boolean {
  const starts = (side: 'l' | 'r') => {
    const ys = rows.filter((row) => row.some((b) => (side === 'l' ? b.x1 <= g : b.x0 >= g)) && !row.some((b) => b.x0 < g && b.x1 > g)).map((row) => row[0]!.y);
    const gaps = ys.slice(1).map((y, i) => ys[i]! - y);
    const lead = leading(gaps, 12);
    return ys.filter((y, i) => i > 0 && gaps[i - 1]! > lead * 1.4 + 0.5);
  };
  const left = starts('l');
  const right = starts('r');
  const size = rows[0]?.[0]?.size ?? 10;
  return left.filter((y) => right.some((r) => Math.abs(r - y) <= size * 0.5)).length >= 2;
}

function box(it: TextItemLike) {
  const [a = 0, b = 0, , , e = 0, f = 0] = it.transform;
  return { x0: e, x1: e + it.width, y: f, size: Math.hypot(a, b) || it.height || 10 };
}

/**
 * The items of a two-column page column by column: the left column's lines, then the right
 * column's, in bands between the lines that span both (a title, a full-width figure caption).
 * A gutter is an x between 30% and 70% of the page width that no item crosses on at least 6
 * baselines with text on both sides at least 0.9 em apart (wider than justified word gaps), where
 * both sides carry prose (20+ characters a line on average); a table's narrow columns do not
 * qualify. Pages without one keep the stream order, and so do pages whose two sides start their
 * blocks at the same heights (`looksLikeTable`): those are tables with prose in their cells, read
 * row by row as drawn.
 */
export function columnOrder(items: TextItemLike[], pageWidth: number): TextItemLike[] {
  const boxes = items.map((it) => ({ it, ...box(it), text: it.str.trim() })).filter((b) => b.text);
  if (boxes.length < 12) return items;
  const width = pageWidth > 0 ? pageWidth : Math.max(...boxes.map((b) => b.x1));
  // Baselines: items within half a font size of each other vertically.
  const sorted = [...boxes].sort((p, q) => q.y - p.y);
  const rows: (typeof boxes)[] = [];
  for (const b of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row[0]!.y - b.y) <= b.size * 0.5) row.push(b);
    else rows.push([b]);
  }
  let best: { g: number; split: number } | undefined;
  for (let g = width * 0.3; g <= width * 0.7; g += 2) {
    let split = 0;
    let left = 0;
    let right = 0;
    for (const row of rows) {
      if (row.some((b) => b.x0 < g && b.x1 > g)) continue;
      const l = row.filter((b) => b.x1 <= g);
      const r = row.filter((b) => b.x0 >= g);
      if (!l.length || !r.length) continue;
      if (Math.min(...r.map((b) => b.x0)) - Math.max(...l.map((b) => b.x1)) < row[0]!.size * CELL_GAP) continue;
      split++;
      left += l.reduce((n, b) => n + b.text.length, 0);
      right += r.reduce((n, b) => n + b.text.length, 0);
    }
    if (split >= 6 && left / split >= 20 && right / split >= 20 && (!best || split > best.split)) best = { g, split };
  }
  if (!best) return items;
  const g = best.g;
  if (looksLikeTable(rows, g)) return items;
  const out: TextItemLike[] = [];
  let band: { l: TextItemLike[]; r: TextItemLike[] } = { l: [], r: [] };
  const close = () => { out.push(...band.l, ...band.r); band = { l: [], r: [] }; };
  for (const row of rows) {
    const byX = [...row].sort((p, q) => p.x0 - q.x0);
    if (row.some((b) => b.x0 < g && b.x1 > g)) { close(); out.push(...byX.map((b) => b.it)); continue; }
    for (const b of byX) (b.x1 <= g ? band.l : band.r).push(b.it);
  }
  close();
  return out;
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

/** The middle value (the upper one of an even count), 0 for none. */
export function median(xs: number[]): number {
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
  // The body's size: the size most characters of the page are set in.
  const bySize = new Map<number, number>();
  for (const l of raw) bySize.set(Math.round(l.size), (bySize.get(Math.round(l.size)) ?? 0) + l.text.length);
  const body = [...bySize].reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0])[0];
  const rightEdge = median(raw.map((l) => l.right));
  return raw.map((l, i) => {
    const prev = raw[i - 1];
    let newPara = i === 0;
    if (prev) {
      const gap = prev.y - l.y;
      const em = Math.max(l.size, 4);
      const sameColumn = Math.abs(l.x - prev.x) < em * 6;
      // A word cut at the line end goes on in the next line: no paragraph starts there (`PSNFSS ver-` / `sión 9.0.`).
      const goesOn = /\p{L}[-\u2010]$/u.test(prev.text) && /^\p{Ll}/u.test(l.text);
      if (l.block && !goesOn) newPara = true; // the extractor's own block boundary
      else if (gap <= 0 || gap > spacing * 1.15 + 0.5) newPara = true; // next column, or more space than the usual leading
      // A first-line indent; not a hanging indent's next line, which goes on in lower case.
      else if (sameColumn && l.x - prev.x > em * 0.8 && !goesOn && !/^\p{Ll}/u.test(l.text)) newPara = true;
      else if (/[.:!?»”)]$/u.test(prev.text) && prev.right < rightEdge - em * 4 && prev.x <= l.x + em) newPara = true;
      if (l.size > prev.size * 1.25 || prev.size > l.size * 1.25) newPara = true; // a heading
    }
    const line: Line & { y: number } = { text: l.text, newPara, y: pageHeight > 0 ? 1 - l.y / pageHeight : 0 };
    if (body > 0 && l.size >= body * 1.2) line.large = true;
    if (l.cells.length >= 2) line.cells = l.cells.map((c) => ({ x: c.x, right: c.right, text: c.text }));
    return line;
  });
}
