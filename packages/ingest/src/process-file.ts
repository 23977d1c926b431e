import { readFile } from 'node:fs/promises';
import { NerError, toNerError } from '@nerflow/corpus';
import { buildDocument, type CleanOptions, type DocRecord, type Unit } from './document.js';
import { IngestErrors, fileError } from './errors.js';
import { extractorFor, loadPlugins } from './extractors/registry.js';
import { ocrDocument, type OcrOptions } from './ocr/ocr-pages.js';

/** What the main thread sends a worker for one file. */
export interface FileTask {
  file: string;
  source: string;
  sha256: string;
  pdfExtractor: string;
  unit: Unit;
  clean: CleanOptions;
  /** The per-file deadline, so that child processes (pdftotext) are killed with the worker. */
  timeoutMs: number;
  /** Modules to import first (they register extra extractors). */
  plugins: string[];
  /** OCR of PDF pages without a usable text layer. */
  ocr: OcrOptions;
}

/** What comes back: example JSON lines ready to append (serialised in the worker, so the main thread only writes). */
export type FileResult =
  | { ok: true; doc: DocRecord; exampleLines: string[]; hashes: number[]; ms: number }
  | { ok: false; code: string; message: string; hint?: string; ms: number };

/**
 * Extracts, cleans, splits and tokenizes one file; `admitPages` (the pool's cap on pages in flight)
 * is asked once, as soon as the page count is known. Never throws for a bad file: the failure comes
 * back as `{ ok: false, code, message }` so that it can be reported and the run can go on.
 */
export async function processFile(task: FileTask, heartbeat: () => void = () => {}, admitPages?: (pages: number) => Promise<void>): Promise<FileResult> {
  const t0 = performance.now();
  let admitted = false;
  const admit = async (pages: number) => {
    if (admitted || !admitPages) return;
    admitted = true;
    await admitPages(pages);
  };
  try {
    await loadPlugins(task.plugins);
    const extractor = extractorFor(task.file, task.pdfExtractor);
    if (!extractor) throw fileError(IngestErrors.UNSUPPORTED, 'unsupported file type', task.file);
    const data = new Uint8Array(await readFile(task.file));
    const bytes = data.length; // pdf.js transfers (detaches) the buffer
    const extracted = await extractor.extract(task.file, data, { timeoutMs: task.timeoutMs, admitPages: admit });
    await admit(extracted.pages.length); // extractors that cannot tell the pages before reading them
    const format = extractor.extensions.includes('.pdf') ? 'pdf' : extractor.name;
    const { doc: read, ocr } = format === 'pdf' ? await ocrDocument(task.file, extracted, task.ocr, { timeoutMs: task.timeoutMs, heartbeat }) : { doc: extracted, ocr: undefined };
    const { doc, examples } = buildDocument(read, {
      source: task.source, sha256: task.sha256, bytes, format, extractor: `${extractor.name}@${extractor.version}`,
    }, { ...task.clean, unit: task.unit });
    if (ocr) doc.ocr = ocr;
    if (examples.length === 0) {
      const what = format !== 'pdf' ? 'no text'
        : task.ocr.mode === 'off' ? 'no text layer: every page is an image or drawing (scanned?), and --ocr is off'
        : 'no text layer, and OCR found no words: every page is an image or drawing without readable text';
      throw fileError(IngestErrors.NO_TEXT, `${what}; ${doc.pages} page(s) read`, task.file);
    }
    return {
      ok: true,
      doc,
      exampleLines: examples.map((e) => JSON.stringify(e)),
      hashes: examples.map((e) => e._input_hash!),
      ms: performance.now() - t0,
    };
  } catch (err) {
    const e = err instanceof NerError ? err : toNerError(err);
    const code = e.code === 'E_INTERNAL' ? IngestErrors.EXTRACT_FAILED : e.code;
    // The line inside the document (a bad .jsonl line) is part of what the user must fix.
    const message = e.line === undefined ? e.message : `line ${e.line}: ${e.message}`;
    return { ok: false, code, message, hint: e.hint, ms: performance.now() - t0 };
  }
}
