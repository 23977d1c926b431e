import { sentenceTokenRanges, tokenize, inputHash, taskHash, codePointLength, sliceCodePoints, type Example, type Token } from '@nerflow/corpus';
import { dehyphenate, type CleanLine } from './clean/dehyphenate.js';
import { endsWithSoftHyphen, normalizeText } from './clean/normalize.js';
import { findRepeatedLines } from './clean/repeated.js';
import { isFragment, isFragmentHeading } from './clean/fragment.js';
import { findFootnotes } from './clean/footnotes.js';
import { alignedTableRows, cellRuns, commentRuns, continuesSentence, endsDangling, endsSentenceWithCommand, isBulletOnly, isHeading, letterItems, lineKind, splitCellLines, startsListItem, stripWordBullet, tableRows, typicalLineLength, wordListRuns, type LineKind } from './clean/structure.js';
import { guessLanguage } from './lang.js';
import type { OcrReport } from './ocr/ocr-pages.js';
import type { DocMetadata, ExtractedDoc, PageLines } from './types.js';

/** Which clean-up steps run (all on by default; each can be switched off). */
export interface CleanOptions {
  normalize: boolean;
  dehyphenate: boolean;
  stripRepeated: boolean;
  /** Kinds of lines not emitted as examples (default: tables of contents, index entries, code and formulas; fragments are written, marked). */
  skip?: readonly LineKind[];
  /** Table rows: their own examples (`rows`, the default), left out (`skip`), or read as prose (`text`). */
  tables?: 'rows' | 'skip' | 'text';
}

export type Unit = 'sentence' | 'paragraph';

/** One record of docs.jsonl. */
export interface DocRecord extends DocMetadata {
  id: string;
  source: string;
  format: string;
  extractor: string;
  sha256: string;
  bytes: number;
  pages: number;
  pages_with_text: number;
  chars: number;
  words: number;
  lang: string;
  lang_confidence: number;
  /** Examples extracted from this document. */
  examples: number;
  /** Set in docs.jsonl: examples actually written (the rest were duplicates of earlier ones). */
  examples_written?: number;
  examples_duplicate?: number;
  cleanup: { hyphens_joined: number; hyphens_kept: number; repeated_lines_dropped: number; repeated_samples: string[] };
  /** Set when pages were OCRed: which, with what engine, how confident, how long. */
  ocr?: OcrReport;
  warnings: string[];
}

/** A paragraph of the cleaned document, on the page where it starts. */
export interface Paragraph {
  page: number;
  para: number;
  text: string;
  /** What the paragraph is: prose, a heading, or lines that are not prose (toc, index, code, table). */
  kind: LineKind;
  /** A table row's cells, when the extractor knew them. */
  cells?: string[];
  /** Set when the next paragraph is code, a formula or a table: a last sentence that stops on `como` or `con` leads into it. */
  leadIn?: boolean;
}

/** `row`: the line's index on its page; `footnote`: the first line of a footnote (clean/footnotes.ts). */
type DocLine = CleanLine & { page: number; y?: number; cells?: { x: number; right: number; text: string }[]; large?: boolean; row?: number; footnote?: boolean };

/**
 * Cleans extracted pages into paragraphs: normalise characters, drop running headers/footers and
 * page numbers, rejoin words split at line ends, and join each paragraph's lines with spaces.
 */
export function cleanDocument(pages: PageLines[], options: CleanOptions) {
  const drop = options.stripRepeated ? findRepeatedLines(pages.map((p) => p.lines)) : { drop: pages.map(() => new Set<number>()), examples: [] };
  let dropped = 0;
  let lines: DocLine[] = [];
  let afterBullet = false;
  // Footnote numbers and their marks in the body come off the text; each footnote starts a paragraph.
  const notes = findFootnotes(pages);
  pages.forEach((p, pi) => {
    p.lines.forEach((l, li) => {
      if (drop.drop[pi]!.has(li)) { dropped++; return; }
      const raw = notes.text[pi]!.get(li) ?? l.text;
      let text = options.normalize ? normalizeText(raw) : raw.trim();
      if (!text) return;
      // A bullet on a line of its own (Word's `o` through pdftotext) would end the line before it: the item starts after it.
      if (isBulletOnly(text, p.lines[li + 1]?.text.trim())) { afterBullet = true; return; }
      // A lone `?` is a glyph pdftotext could not map (babel-spanish's margin marks: 31 lines), not text.
      if (text === '?') return;
      text = stripWordBullet(text);
      const footnote = notes.notes[pi]!.has(li);
      const line: DocLine = { text, newPara: l.newPara || afterBullet || footnote || lines.length === 0, page: p.num, row: li, softHyphen: endsWithSoftHyphen(l.text) };
      if (footnote) line.footnote = true;
      afterBullet = false;
      if (l.large) line.large = true;
      if (l.cells) line.cells = options.normalize ? l.cells.map((c) => ({ ...c, text: normalizeText(c.text) })) : l.cells;
      lines.push(line);
    });
  });
  let joined = 0;
  let kept = 0;
  if (options.dehyphenate) ({ lines, joined, kept } = dehyphenate(lines));
  const typical = typicalLineLength(lines);
  let wordItems = wordListRuns(lines);
  let kinds = structureLines(lines, typical, options.tables !== 'text', wordItems);
  // Cells side by side on a line that is not a table row are items of their own (read as prose with `tables: 'text'`).
  const split = options.tables !== 'text' ? splitCellLines(lines, kinds) : undefined;
  if (split) {
    lines = split;
    wordItems = wordListRuns(lines);
    kinds = structureLines(lines, typical, true, wordItems);
  }
  const paragraphs: Paragraph[] = [];
  // Per paragraph: its first line (is it a footnote, where on its page) and how many lines it has.
  const firstLines: { line: DocLine; n: number }[] = [];
  let cur: DocLine[] = [];
  let curKind: LineKind = 'text';
  const paraOnPage = new Map<number, number>();
  const letters = letterItems(lines);
  // Each item of a one-word-a-line list and each lettered item is a paragraph of its own (see `starts` below).
  const itemLines = new Set(lines.filter((_, i) => wordItems[i] || letters[i]));
  const flush = () => {
    if (cur.length === 0) return;
    const text = cur.map((l) => l.text).join(' ').replace(/\s+/gu, ' ').replace(SPLIT_ENYE, (_, a: string, n: string) => `${a}${n === 'n' ? 'ñ' : 'Ñ'}`).trim();
    const last = paragraphs[paragraphs.length - 1];
    // A sentence cut by a paragraph break the layout invented (`¿Qué número de puerto` / `utiliza el
    // cliente?`) is put back together; its text goes on the page where it started.
    // An item of a one-word-a-line list is not the rest of the sentence that introduces it.
    const joinable = curKind === 'text' && !itemLines.has(cur[0]!) && !startsListItem(text) && !cur[0]!.footnote;
    const cut = joinable ? pageBreakCut(paragraphs, firstLines, cur[0]!) : undefined;
    if (cut && continuesSentence(cut.text, text)) {
      // The rest of a sentence cut by a page break goes back to it, past the footnotes and the running header between.
      cut.text = `${cut.text} ${text}`;
    } else if (last && last.kind === 'text' && joinable && cur[0]!.page - last.page <= 1 && continuesSentence(last.text, text)) {
      last.text = `${last.text} ${text}`;
    } else {
      const page = cur[0]!.page;
      const para = (paraOnPage.get(page) ?? 0) + 1;
      paraOnPage.set(page, para);
      const p: Paragraph = { page, para, text, kind: curKind };
      if (curKind === 'table' && cur.length === 1 && cur[0]!.cells) p.cells = cur[0]!.cells.map((c) => c.text);
      paragraphs.push(p);
      firstLines.push({ line: cur[0]!, n: cur.length });
    }
    cur = [];
  };
  lines.forEach((l, i) => {
    const kind = kinds[i]!;
    // Headings, list items, table rows and each toc/index entry stand alone; a run of code lines is one block.
    const starts = l.newPara || kind !== curKind || kind === 'heading' || kind === 'toc' || kind === 'index' || kind === 'table'
      || wordItems[i] === true || wordItems[i - 1] === true || letters[i] === true
      || (kind === 'text' && (startsListItem(l.text) || afterShortLine(lines[i - 1], l, typical)));
    if (starts) flush();
    curKind = kind;
    cur.push(l);
  });
  flush();
  paragraphs.forEach((p, i) => { if (DISPLAYS.has(paragraphs[i + 1]?.kind ?? 'text')) p.leadIn = true; });
  return { paragraphs, cleanup: { hyphens_joined: joined, hyphens_kept: kept, repeated_lines_dropped: dropped, repeated_samples: drop.examples } };
}

/**
 * An ñ that pdftotext split in two: old LaTeX fonts draw its tilde as a glyph of its own above the
 * line, so the line ends at the tilde and the word goes on in the next one (`el tama~` / `no del
 * tipo`, joined as `tama~ no`; latex2e-es has 70 such words). Only after a letter: `una ~ o ^` and
 * `la forma ~n` are the manual's own text.
 */
const SPLIT_ENYE = /(\p{L})~ ?([nN])/gu;

/**
 * The paragraph a page break cut, when `first` (the first line of a paragraph near the top of its
 * page) may be its rest: the last text paragraph of the page before, with only that page's
 * footnotes and at most two one-line paragraphs at the top of this page (a running header that
 * changes from chapter to chapter, so the repeated-line filter keeps it: `Capítulo 9: Entornos`,
 * `4. ¿Que elementos intervienen al procesar un documento con LATEX?`) in between. Undefined when
 * nothing stands between them (the plain join does that) or something else does.
 */
function pageBreakCut(paragraphs: Paragraph[], firstLines: readonly { line: DocLine; n: number }[], first: DocLine): Paragraph | undefined {
  if ((first.row ?? Infinity) > 3) return undefined;
  let k = paragraphs.length - 1;
  let header = 0;
  while (k >= 0 && paragraphs[k]!.page === first.page && header < 2) {
    const f = firstLines[k]!;
    // A running header whose digits change (`4. ¿Que elementos...?` on each page of chapter 4) is taken for a table row.
    // One that is itself cut (`...la llevada de la operación anterior al`: a cell of a table) is where the rest goes, not a header.
    const t = paragraphs[k]!.text;
    if (f.n !== 1 || (f.line.row ?? Infinity) > 2 || !HEADER_KINDS.has(paragraphs[k]!.kind) || t.length > 100 || endsDangling(t) || /,$/u.test(t)) return undefined;
    header++;
    k--;
  }
  while (k >= 0 && paragraphs[k]!.page === first.page - 1 && firstLines[k]!.line.footnote) k--;
  const cut = paragraphs[k];
  if (!cut || k === paragraphs.length - 1 || cut.page !== first.page - 1 || cut.kind !== 'text' || firstLines[k]!.line.footnote) return undefined;
  return cut;
}

const HEADER_KINDS = new Set<LineKind>(['text', 'heading', 'table']);

/** Kinds of paragraph that a sentence can run into (`... la entrada al índice como` + code). */
const DISPLAYS = new Set<LineKind>(['code', 'math', 'table']);

/**
 * A line that follows a short line (under 0.75 of the usual length) ending without punctuation (a
 * closing bracket counts as none: `Véase la sección 8.5 (Introduciendo figuras)`) and
 * starts with a capital, a digit or an opening sign starts a new paragraph, unless the short line
 * ends on a word a sentence cannot stop at (`Trucos para el paquete pifont.sty con` / `Remplace:`): prose only leaves a
 * line short where a paragraph ends, so that line was a list entry, a label or a title
 * (`Sabe ejecutar un comando de bash shell desde C` / `¿Para qué sirve la función system?`). A
 * sentence that in fact went on in lower case is joined again by `continuesSentence`. At 0.75 (was
 * 0.6) pdfs-es has 111 more such breaks, nearly all between glued list entries, references and form
 * fields (`Para Mac OS X hay algunos editores que se entienden bien con TEX` / `TeXShop Muy majo...`).
 */
function afterShortLine(prev: DocLine | undefined, line: DocLine, typical: number): boolean {
  if (!prev || prev.page !== line.page || !/^[¿¡"«]?[\p{Lu}\d]/u.test(line.text)) return false;
  // A caption is a paragraph of its own, however long, unless it goes on (`..., eventos 16,` / `17, 18 y 19.`).
  if (CAPTION.test(prev.text) && !/[,;]$/u.test(prev.text) && !endsDangling(prev.text) && /^[¿¡"«]?\p{Lu}/u.test(line.text)) return true;
  // A whole question on its line after one that ends without punctuation is the next entry of a FAQ
  // or a quiz (`... los paquetes listings, lgrind o fancyvrb` / `¿Cómo colorear texto en LATEX?`).
  if (/^¿\p{Lu}.*\?$/u.test(line.text) && !/[.,;:…!?»"”(-]$/u.test(prev.text) && !endsDangling(prev.text)) return true;
  return prev.text.length < 0.75 * typical && !/[.,;:…!?»"”\]-]$/u.test(prev.text) && !endsDangling(prev.text);
}

/** A figure or table caption: `Figura 3:`, `Figure 2.1.`, `Figura 3.1.1.:`, `Tabla 9.1:`, `Cuadro 2 -`. */
const CAPTION = /^(?:Figura|Figure|Fig\.|Tabla|Table|Cuadro|Gráfico|Imagen)\s\d+(?:\.\d+)*\.?\s?[:.–-]\s/u;

/** The kind of each line: non-prose by its text, headings by their place (see clean/structure.ts). */
function structureLines(lines: readonly DocLine[], typical: number, tables: boolean, wordItems: readonly boolean[]): LineKind[] {
  const kinds: LineKind[] = [];
  const template = tables ? tableRows(lines) : [];
  const aligned = tables ? alignedTableRows(lines) : [];
  const cells = tables ? cellRuns(lines) : [];
  const comments = commentRuns(lines);
  lines.forEach((l, i) => {
    // Contents, index and code lines laid out in columns are still what they are; template rows win over those.
    let other = template[i] ? 'table' : lineKind(l.text) ?? (comments[i] ? 'code' : undefined) ?? (aligned[i] || cells[i] ? 'table' : undefined);
    // `\protect.` after `...deben tener su propia` ends that sentence.
    if (other === 'code' && kinds[i - 1] === 'text' && endsSentenceWithCommand(l.text, lines[i - 1]?.text)) other = undefined;
    if (other) { kinds.push(other); return; }
    const prev = lines[i - 1];
    const startsParagraph = !prev || l.newPara === true || kinds[i - 1] !== 'text' || /[.!?:…]$/u.test(prev.text);
    // An item of a one-word-a-line list (`Atari` / `Amiga` / `UNIX`) is short and capitalised, but not a title.
    kinds.push(!wordItems[i] && isHeading(l.text, lines[i + 1]?.text, startsParagraph, typical, l.large) ? 'heading' : 'text');
  });
  return kinds;
}

/**
 * Splits paragraphs into example texts (one per sentence or per paragraph) with their tokens and
 * place in the source. Each paragraph is tokenized once; a sentence's tokens are the paragraph's
 * tokens re-based to the sentence (the same tokens `tokenize(sentence)` gives, at half the cost).
 */
export function* units(paragraphs: Paragraph[], unit: Unit): Generator<{ text: string; tokens: Token[]; page: number; para: number; sent?: number; kind: LineKind; cells?: string[] }> {
  for (const p of paragraphs) {
    const tokens = tokenize(p.text);
    // Headings and non-prose lines are not split into "sentences": a title's period or a line of code's are not sentence ends.
    if (unit === 'paragraph' || p.kind !== 'text') {
      const kind = (p.kind === 'text' && isFragment(p.text, p.leadIn)) || (p.kind === 'heading' && isFragmentHeading(p.text)) ? 'fragment' : p.kind;
      yield { text: p.text, tokens, page: p.page, para: p.para, kind, ...(unit === 'sentence' ? { sent: 1 } : {}), ...(p.cells ? { cells: p.cells } : {}) };
      continue;
    }
    let sent = 0;
    let carry: { start: number; token_start: number } | undefined;
    const ranges = sentenceTokenRanges(tokens);
    for (const [k, range] of ranges.entries()) {
      // A list number (`1.`) looks like a sentence to the splitter: it belongs to the item it numbers.
      if (LIST_NUMBER.test(sliceCodePoints(p.text, range.start, range.end))) { carry ??= range; continue; }
      const r = carry ? { ...range, start: carry.start, token_start: carry.token_start } : range;
      carry = undefined;
      const base = r.start;
      const slice = tokens.slice(r.token_start, r.token_end + 1).map((t, i) => ({ ...t, start: t.start - base, end: t.end - base, id: i }));
      const last = slice[slice.length - 1];
      if (last) last.ws = false;
      const text = sliceCodePoints(p.text, r.start, r.end);
      yield { text, tokens: slice, page: p.page, para: p.para, sent: ++sent, kind: isFragment(text, p.leadIn === true && k === ranges.length - 1) ? 'fragment' : p.kind };
    }
  }
}

/** Counts runs of letters/digits (any non-ASCII character counts as a letter): cheap on long documents. */
export function countWords(text: string): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const w = c > 127 ? c !== 0xa0 && !(c >= 0x2000 && c <= 0x206f) : (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    if (w && !inWord) n++;
    inWord = w;
  }
  return n;
}

const LIST_NUMBER = /^\s*(?:\d{1,2}|[a-zA-Z])[.)]\s*$/u;

/** Kinds of lines left out unless asked for: nobody annotates a table of contents, an index, code or formulas. */
export const DEFAULT_SKIP: readonly LineKind[] = ['toc', 'index', 'code', 'math'];

/** A unit is worth annotating when it has at least one letter (drops lone bullets, rules, numbers). */
const HAS_LETTER = /\p{L}/u;

/**
 * Builds the docs.jsonl record and the examples of one extracted document.
 * Examples carry `meta` {source, doc_id, page, para, sent?}, tokens, and both hashes.
 */
export function buildDocument(
  extracted: ExtractedDoc,
  info: { source: string; sha256: string; bytes: number; format: string; extractor: string },
  options: CleanOptions & { unit: Unit },
): { doc: DocRecord; examples: Example[] } {
  const docId = info.sha256.slice(0, 16);
  const { paragraphs, cleanup } = cleanDocument(extracted.pages, options);
  const ocrConfidence = new Map(extracted.pages.flatMap((p) => (p.ocr ? [[p.num, p.ocr.confidence] as const] : [])));
  const examples: Example[] = [];
  const skip = new Set<LineKind>(options.skip ?? DEFAULT_SKIP);
  if (options.tables === 'skip') skip.add('table');
  // Paragraphs of skipped kinds are never tokenized (tokenizing is most of the CPU a page costs here).
  for (const u of units(paragraphs.filter((p) => !skip.has(p.kind)), options.unit)) {
    if (!HAS_LETTER.test(u.text) || skip.has(u.kind)) continue;
    const meta: Record<string, unknown> = { source: info.source, doc_id: docId, page: u.page, para: u.para };
    if (u.sent !== undefined) meta.sent = u.sent;
    meta.kind = u.kind;
    if (u.cells) meta.cells = u.cells;
    const confidence = ocrConfidence.get(u.page);
    if (confidence !== undefined) Object.assign(meta, { ocr: true, ocr_confidence: confidence });
    const ex: Example = { text: u.text, meta, tokens: u.tokens };
    ex._input_hash = inputHash(ex);
    ex._task_hash = taskHash(ex);
    examples.push(ex);
  }
  const all = paragraphs.map((p) => p.text).join('\n');
  const { lang, confidence } = guessLanguage(all);
  const pagesWithText = new Set(paragraphs.map((p) => p.page)).size;
  const doc: DocRecord = {
    id: docId, source: info.source, format: info.format, extractor: info.extractor, sha256: info.sha256, bytes: info.bytes,
    pages: extracted.pages.length, pages_with_text: pagesWithText, chars: codePointLength(all),
    words: countWords(all), lang, lang_confidence: confidence,
    ...extracted.metadata, examples: examples.length, cleanup, warnings: [...extracted.warnings],
  };
  if (pagesWithText < doc.pages && doc.pages > 1) doc.warnings.push(`${doc.pages - pagesWithText} of ${doc.pages} pages have no text (scanned or image-only, and OCR found none or was off)`);
  return { doc, examples };
}
