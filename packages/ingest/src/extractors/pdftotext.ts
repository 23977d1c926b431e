import { execFile } from 'node:child_process';
import { toolRuns } from '../tools.js';
import { IngestErrors, fileError } from '../errors.js';
import type { DocMetadata, ExtractedDoc, Extractor, Line, PageLines } from '../types.js';
import { itemsToLines, median, type TextItemLike } from './layout.js';
import { checkPdfBytes } from './pdf-bytes.js';

/** True when poppler's `pdftotext` runs here (Debian/Ubuntu: `apt-get install poppler-utils`). */
export function hasPdftotext(): boolean {
  return toolRuns('pdftotext');
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&apos;': "'" };
const unescapeHtml = (s: string) => s.replace(/&(?:amp|lt|gt|quot|apos|#39);/g, (m) => ENTITIES[m]!);

/** The document metadata in the `<head>` that both `-htmlmeta` and `-bbox-layout` write: `<title>` and `<meta>` tags. */
export function parseHead(head: string): DocMetadata {
  const metadata: DocMetadata = {};
  const title = /<title>([^<]*)<\/title>/u.exec(head)?.[1];
  if (title?.trim()) metadata.title = unescapeHtml(title.trim());
  const keys: Record<string, keyof DocMetadata> = {
    Author: 'author', Subject: 'subject', Keywords: 'keywords', Creator: 'creator', Producer: 'producer',
    CreationDate: 'created', ModDate: 'modified',
  };
  for (const m of head.matchAll(/<meta name="([^"]+)" content="([^"]*)"\/>/gu)) {
    const key = keys[m[1]!];
    const value = unescapeHtml(m[2]!).trim();
    if (!key || !value) continue;
    if (key === 'created' || key === 'modified') {
      const d = new Date(value.replace(/([+-]\d\d)$/u, '$1:00'));
      if (!Number.isNaN(d.getTime())) metadata[key] = d.toISOString();
    } else metadata[key] = value;
  }
  return metadata;
}

/** Parses `pdftotext -htmlmeta` output: `<meta>` tags, then the text in `<pre>`, pages split by form feeds. */
export function parseHtmlMeta(html: string): { metadata: DocMetadata; pages: PageLines[] } {
  const headEnd = html.indexOf('<pre>');
  const metadata = parseHead(headEnd >= 0 ? html.slice(0, headEnd) : '');
  const body = headEnd >= 0 ? html.slice(headEnd + 5, html.lastIndexOf('</pre>')) : html;
  const chunks = unescapeHtml(body).split('\f');
  if (chunks.length > 1 && chunks[chunks.length - 1]!.trim() === '') chunks.pop();
  const pages = chunks.map((chunk, i) => {
    const lines: Line[] = [];
    let blank = true;
    for (const raw of chunk.split('\n')) {
      const text = raw.trim();
      if (!text) { blank = true; continue; }
      lines.push({ text, newPara: blank });
      blank = false;
    }
    return { num: i + 1, lines };
  });
  return { metadata, pages };
}

const BBOX_TOKEN = /<page width="([\d.]+)" height="([\d.]+)">|<block |<\/line>|<word xMin="(-?[\d.]+)" yMin="(-?[\d.]+)" xMax="(-?[\d.]+)" yMax="(-?[\d.]+)">([^<]*)<\/word>|<\/page>/gu;

/**
 * Parses `pdftotext -bbox-layout` output (poppler's XHTML: `<page>`, `<flow>`, `<block>`, `<line>`,
 * `<word xMin yMin xMax yMax>`, y from the top of the page) into lines with the layout module's
 * `itemsToLines`, the line builder of the pdf-parse path: each word is an item at its box (size = the
 * box's height, baseline at its bottom), in poppler's reading order (its flows already follow the
 * columns), and the first word of each of poppler's blocks starts a paragraph. So words far apart on
 * one line are that line's `cells` (table rows, items side by side), a line set larger than the page's
 * body is `large`, and a title poppler put in a block of its own is not glued to the text after it.
 * Words of one poppler line are joined with a space unless their boxes touch (a change of font
 * inside a word: poppler splits those into two words with no gap).
 */
export function parseBboxLayout(xhtml: string): { metadata: DocMetadata; pages: PageLines[] } {
  const bodyStart = xhtml.indexOf('<body>');
  const metadata = parseHead(bodyStart >= 0 ? xhtml.slice(0, bodyStart) : '');
  const pages: PageLines[] = [];
  let items: TextItemLike[] = [];
  let line: { x0: number; x1: number; y0: number; y1: number; text: string }[] = [];
  let width = 0;
  let height = 0;
  let blockStart = false;
  const endLine = () => {
    // One baseline and one size for the whole line, its words' medians: a raised or lowered glyph
    // (the A and E of the LaTeX logo) or a math symbol with a tall box does not cut or enlarge it.
    const h = Math.max(median(line.map((w) => w.y1 - w.y0)), 1);
    const base = height - median(line.map((w) => w.y1));
    line.forEach((w, i) => {
      const next = line[i + 1];
      const str = next && next.x0 - w.x1 > h * 0.1 ? `${w.text} ` : w.text;
      items.push({ str, transform: [h, 0, 0, h, w.x0, base], width: w.x1 - w.x0, height: h, ...(i === 0 && blockStart ? { blockStart: true } : {}) });
    });
    if (line.length) blockStart = false;
    line = [];
  };
  for (const m of xhtml.matchAll(BBOX_TOKEN)) {
    const tok = m[0];
    if (m[7] !== undefined) {
      const text = unescapeHtml(m[7]);
      if (text.trim()) line.push({ x0: Number(m[3]), y0: Number(m[4]), x1: Number(m[5]), y1: Number(m[6]), text });
    } else if (tok === '</line>') endLine();
    else if (tok === '<block ') { endLine(); blockStart = true; }
    else if (tok === '</page>') {
      endLine();
      pages.push({ num: pages.length + 1, lines: itemsToLines(items, height, width, { keepOrder: true }) });
      items = [];
    } else { width = Number(m[1]); height = Number(m[2]); items = []; }
  }
  return { metadata, pages };
}

/** How the pdftotext extractor reads a PDF: poppler's plain text (`-htmlmeta`) or its word boxes (`-bbox-layout`). */
export type PdftotextMode = 'plain' | 'bbox';

/**
 * Poppler's `pdftotext` (C, ~2-3x faster than pdf.js), used when it is on the PATH. Same output shape
 * as the pdf-parse extractor. `plain`: paragraphs come from its blank lines, and it already joins most
 * end-of-line hyphens itself. `bbox`: lines, cells, sizes and paragraphs from its blocks and word boxes
 * (`parseBboxLayout`).
 */
export function pdftotextExtractorFor(mode: PdftotextMode, name: string, version: string): Extractor {
  return {
    name,
    version,
    extensions: ['.pdf'],
    available: hasPdftotext,
    async extract(file: string, data: Uint8Array, options: { timeoutMs?: number } = {}): Promise<ExtractedDoc> {
      checkPdfBytes(file, data);
      return new Promise((resolve, reject) => {
        execFile('pdftotext', [mode === 'bbox' ? '-bbox-layout' : '-htmlmeta', '-enc', 'UTF-8', file, '-'], { maxBuffer: 1 << 30, encoding: 'utf8', timeout: options.timeoutMs ?? 0, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
          if (err) {
            const msg = String(stderr || err.message).trim().split('\n')[0] ?? '';
            if (/password/iu.test(msg)) return reject(fileError(IngestErrors.ENCRYPTED, 'encrypted: the PDF needs a password to open', file, err));
            if (/trailer|xref|May not be a PDF|PDF file is damaged|Syntax Error/iu.test(stderr)) {
              return reject(fileError(IngestErrors.CORRUPT, `corrupt PDF: ${msg}`, file, err));
            }
            return reject(fileError(IngestErrors.EXTRACT_FAILED, `pdftotext failed: ${msg}`, file, err));
          }
          const { metadata, pages } = mode === 'bbox' ? parseBboxLayout(stdout) : parseHtmlMeta(stdout);
          const warnings = [...new Set(String(stderr).split('\n').filter((l) => /error/iu.test(l)))].slice(0, 5);
          resolve({ metadata, pages, warnings: warnings.map((w) => `pdftotext: ${w.trim()}`) });
        });
      });
    },
  };
}

export const pdftotextExtractor: Extractor = pdftotextExtractorFor('plain', 'pdftotext', '1');
/** The positional route (issue 18): `pdftotext -bbox-layout`'s blocks and word boxes. */
export const pdftotextBboxExtractor: Extractor = pdftotextExtractorFor('bbox', 'pdftotext-bbox', '1');
