import { NerError } from '@nerflow/corpus';
import type { StageContext } from '@nerflow/core';
import type { IngestOptions } from '../options.js';
import { resolveOcrEngine } from './engines.js';
import type { OcrOptions } from './ocr-pages.js';

/**
 * The OCR settings every worker gets, checked once before any file is read: an explicit engine or
 * `--ocr force` that cannot run is an error now (not 300 failed files later); under `auto` with no
 * engine at all, OCR is off for the run with one warning, and pages without text are reported as before.
 */
export function resolveOcrOptions(o: IngestOptions, ctx: StageContext): OcrOptions & { key: string } {
  const base: OcrOptions = { mode: o.ocr, engine: o.ocrEngine, lang: o.ocrLang, langPath: o.ocrLangPath, dpi: o.ocrDpi };
  if (o.ocr === 'off') return { ...base, key: 'ocr-off' };
  try {
    const engine = resolveOcrEngine(o.ocrEngine, base);
    // Workers run the engine chosen here: the key says which, so a change of engine re-reads the scanned files.
    return { ...base, engine: engine.name, key: `ocr-${o.ocr}-${engine.name}-${o.ocrLang}-${o.ocrDpi}` };
  } catch (err) {
    if (o.ocr === 'force' || o.ocrEngine !== 'auto' || !(err instanceof NerError)) throw err;
    ctx.log.warn(`${err.message} Pages without a text layer will be reported, not read.`);
    return { ...base, mode: 'off', key: 'ocr-off' };
  }
}
