import { IngestErrors, fileError } from '../errors.js';
import type { ExtractedDoc, PageLines } from '../types.js';
import { resolveOcrEngine } from './engines.js';
import { unusableTextLayer } from './quality.js';
import { openRenderer } from './render.js';

export type OcrMode = 'auto' | 'off' | 'force';

export interface OcrOptions {
  /** auto: pages whose text layer is empty or garbage; force: every page; off: none. */
  mode: OcrMode;
  /** auto | tesseract | tesseract.js */
  engine: string;
  /** Tesseract language codes, `+`-joined. */
  lang: string;
  langPath?: string;
  /** Rendering resolution. */
  dpi: number;
}

/** What OCR did to one document (docs.jsonl `ocr`). */
export interface OcrReport {
  engine: string;
  renderer: string;
  /** 1-based pages that were OCRed. */
  pages: number[];
  /** Mean word confidence over those pages (0-100). */
  mean_confidence: number;
  words: number;
  seconds: number;
}

/** The pages `mode` sends to OCR, with the reason. */
export function pagesToOcr(pages: readonly PageLines[], mode: OcrMode): { num: number; reason: string }[] {
  if (mode === 'off') return [];
  return pages.flatMap((p) => {
    const why = mode === 'force' ? 'force' : unusableTextLayer(p.lines);
    return why ? [{ num: p.num, reason: why }] : [];
  });
}

/**
 * Replaces the text of the pages that need it with Tesseract's reading of the rendered page.
 * OCRed pages carry `ocr.confidence`, so their examples can say so (`meta.ocr`). A page where
 * OCR finds no words keeps what its text layer had.
 */
export async function ocrDocument(
  file: string, doc: ExtractedDoc, o: OcrOptions, clock: { timeoutMs?: number; heartbeat?: () => void } = {},
): Promise<{ doc: ExtractedDoc; ocr?: OcrReport }> {
  const todo = pagesToOcr(doc.pages, o.mode);
  if (todo.length === 0) return { doc };
  const t0 = performance.now();
  const engine = resolveOcrEngine(o.engine, o);
  let renderer: Awaited<ReturnType<typeof openRenderer>> | undefined;
  let session: Awaited<ReturnType<typeof engine.open>> | undefined;
  try {
    renderer = await openRenderer(file, o.dpi);
    session = await engine.open(o);
  } catch (err) {
    await renderer?.close();
    throw fileError(IngestErrors.OCR_FAILED, `OCR could not start (${engine.name}): ${(err as Error).message}`, file, err);
  }
  const pages = doc.pages.map((p) => ({ ...p }));
  const warnings = [...doc.warnings];
  const done: number[] = [];
  let confSum = 0;
  let words = 0;
  try {
    for (const { num } of todo) {
      let page;
      // Each page gets the whole --timeout: the pool's clock restarts, and so do the child processes' limits.
      clock.heartbeat?.();
      try {
        page = await session.recognize(await renderer.render(num, clock.timeoutMs), clock.timeoutMs);
      } catch (err) {
        // One bad page must not cost the document: keep its text layer and say so.
        warnings.push(`page ${num}: OCR failed: ${(err as Error).message}`);
        continue;
      }
      if (page.words === 0) continue;
      const i = pages.findIndex((p) => p.num === num);
      pages[i] = { num, lines: page.lines, ocr: { confidence: Math.round(page.confidence * 10) / 10 } };
      done.push(num);
      confSum += page.confidence * page.words;
      words += page.words;
    }
  } finally {
    await session.close();
    await renderer.close();
  }
  const ocr: OcrReport = {
    engine: engine.name, renderer: renderer.name, pages: done,
    mean_confidence: words ? Math.round((confSum / words) * 10) / 10 : 0, words, seconds: (performance.now() - t0) / 1000,
  };
  return { doc: { ...doc, pages, warnings }, ocr };
}
