import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { IngestErrors, fileError } from '../errors.js';
import type { DocMetadata, ExtractedDoc, ExtractOptions, Extractor, PageLines } from '../types.js';
import { itemsToLines, type TextItemLike } from './layout.js';
import { checkPdfBytes } from './pdf-bytes.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfParse = typeof import('pdf-parse');

let loaded: Promise<{ pdfjs: PdfJs; pdfParse: PdfParse; worker: InstanceType<PdfJs['PDFWorker']>; standardFontDataUrl: string }> | undefined;

/**
 * Loads pdf.js once per thread, on first use (a thread that only runs pdftotext never pays for it), the same copy pdf-parse uses (its dependency pdfjs-dist), with one
 * in-thread pdf.js "worker" reused by every document this thread parses.
 *
 * Profiling (bench/ingest) showed ~10% of the time in core-js's Array.prototype.push polyfill,
 * which pdf.js's legacy (Node) build installs over V8's native push because V8 fails one exotic
 * edge case (push on a non-writable length). Nothing in a text parse hits that case, so the native
 * push is put back after both pdf.js modules have loaded.
 */
function loadPdfJs() {
  loaded ??= (async () => {
    const nativePush = Array.prototype.push;
    const require = createRequire(import.meta.url);
    const build = path.dirname(require.resolve('pdfjs-dist/legacy/build/pdf.mjs'));
    const pdfjs = (await import(pathToFileURL(path.join(build, 'pdf.mjs')).href)) as PdfJs;
    const g = globalThis as { pdfjsWorker?: unknown };
    g.pdfjsWorker ??= await import(pathToFileURL(path.join(build, 'pdf.worker.mjs')).href);
    const pdfParse = await import('pdf-parse');
    if (Array.prototype.push !== nativePush) {
      Object.defineProperty(Array.prototype, 'push', { value: nativePush, writable: true, configurable: true, enumerable: false });
    }
    const worker = new pdfjs.PDFWorker({ verbosity: 0 });
    // Widths of the 14 standard fonts when a PDF does not embed them (without it pdf.js warns and guesses).
    const standardFontDataUrl = `${path.join(build, '..', '..', 'standard_fonts')}/`;
    return { pdfjs, pdfParse, worker, standardFontDataUrl };
  })();
  return loaded;
}

function pdfDate(pdfjs: PdfJs, value: unknown): string | undefined {
  if (typeof value !== 'string' || !value) return undefined;
  const d = pdfjs.PDFDateString.toDateObject(value);
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

/** Maps pdf.js failures to ingest codes through pdf-parse's typed exceptions. */
function classify({ getException, PasswordException, InvalidPDFException, FormatError }: PdfParse, err: unknown, file: string): Error {
  const e = getException(err);
  if (e instanceof PasswordException) return fileError(IngestErrors.ENCRYPTED, 'encrypted: the PDF needs a password to open', file, e);
  if (e instanceof InvalidPDFException || e instanceof FormatError) {
    return fileError(IngestErrors.CORRUPT, `corrupt PDF: ${e.message}`, file, e);
  }
  return fileError(IngestErrors.EXTRACT_FAILED, `pdf.js could not read the PDF: ${e.message}`, file, e);
}

/**
 * The portable default: pdf.js as shipped with pdf-parse, reading text items with their positions
 * so that line breaks, paragraphs and headers/footers can be recovered.
 * Options chosen for text only: no font faces, no system fonts, no eval, no images; page objects
 * are cleaned up after each page so memory stays flat on long documents.
 */
export const pdfParseExtractor: Extractor = {
  name: 'pdf-parse',
  version: '2',
  extensions: ['.pdf'],
  available: () => true,
  async extract(file: string, data: Uint8Array, options: ExtractOptions = {}): Promise<ExtractedDoc> {
    checkPdfBytes(file, data);
    const { pdfjs, pdfParse, worker, standardFontDataUrl } = await loadPdfJs();
    let doc;
    try {
      doc = await pdfjs.getDocument({
        data, worker, standardFontDataUrl, verbosity: 0, disableFontFace: true, useSystemFonts: false, isEvalSupported: false,
        stopAtErrors: false, isOffscreenCanvasSupported: false, isImageDecoderSupported: false,
      }).promise;
    } catch (err) {
      throw classify(pdfParse, err, file);
    }
    try {
      await options.admitPages?.(doc.numPages); // before any page is parsed: the pages are what costs memory
      const warnings: string[] = [];
      let metadata: DocMetadata = {};
      try {
        const { info } = (await doc.getMetadata()) as unknown as { info: Record<string, unknown> };
        metadata = {
          title: str(info.Title), author: str(info.Author), subject: str(info.Subject), keywords: str(info.Keywords),
          creator: str(info.Creator), producer: str(info.Producer),
          created: pdfDate(pdfjs, info.CreationDate), modified: pdfDate(pdfjs, info.ModDate),
        };
      } catch (err) {
        warnings.push(`metadata unreadable: ${(err as Error).message}`);
      }
      const pages: PageLines[] = [];
      for (let num = 1; num <= doc.numPages; num++) {
        try {
          const page = await doc.getPage(num);
          const content = await page.getTextContent();
          const height = page.view[3]! - page.view[1]!;
          const width = page.view[2]! - page.view[0]!;
          pages.push({ num, lines: itemsToLines(content.items.filter((i): i is TextItemLike & typeof i => 'str' in i), height, width) });
          page.cleanup();
        } catch (err) {
          warnings.push(`page ${num} unreadable: ${(pdfParse.getException(err) as Error).message}`);
          pages.push({ num, lines: [] });
        }
      }
      return { pages, metadata, warnings };
    } finally {
      await doc.destroy();
    }
  },
};
