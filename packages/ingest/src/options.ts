import { z } from 'zod';
import { pathRef } from '@nerflow/core';

/** Bump when the same input gives different docs/examples (part of the manifest key). */
export const INGEST_VERSION = '10';

/**
 * Options of `runIngest` / `nerflow ingest`: one schema from which the CLI flags, pipeline YAML
 * validation and defaults derive.
 */
export const ingestOptionsSchema = z.object({
  paths: z.array(pathRef('files, folders (read recursively) or globs: .pdf, .txt, .md, .jsonl')).min(1),
  out: pathRef('output folder: docs.jsonl, examples.jsonl, ingest-report.json (re-runs are incremental)'),
  unit: z.enum(['sentence', 'paragraph']).default('sentence').describe('one example per sentence or per paragraph'),
  workers: z.number().int().min(0).default(0).describe('worker threads (0 = one per CPU core)'),
  timeout: z.number().positive().default(120).describe('seconds a file may go without progress before it is stopped and reported (each OCRed page restarts the clock)'),
  strict: z.boolean().default(false).describe('stop at the first file that fails'),
  extractor: z.string().default('auto').describe('PDF extractor: auto (pdftotext when on the PATH, else pdf-parse), pdf-parse, pdftotext, pdftotext-bbox (pdftotext with word positions)'),
  normalize: z.boolean().default(true).describe('normalise characters: ligatures, soft hyphens, odd spaces, NFC'),
  dehyphenate: z.boolean().default(true).describe('rejoin words split by end-of-line hyphens'),
  stripRepeated: z.boolean().default(true).describe('drop running headers, footers and page numbers'),
  skip: z.array(z.enum(['none', 'toc', 'index', 'code', 'math', 'heading', 'fragment'])).default(['toc', 'index', 'code', 'math'])
    .describe('kinds of lines not written as examples: toc, index, code, math (formulas), heading, fragment (labels and cut sentences), or none (each example has meta.kind; tables: see --tables)'),
  tables: z.enum(['rows', 'skip', 'text']).default('rows')
    .describe('tables: rows (each row its own example, meta.kind table, meta.cells when the extractor knows the cells), skip (not written), text (not detected: read as prose)'),
  maxMemory: z.number().int().min(64).default(2048).describe('heap limit per worker in MB (a file that needs more is reported)'),
  workerHeap: z.number().int().refine((mb) => mb === 0 || mb >= 64, 'at least 64 (a thread needs ~20 MB just to load its modules), or 0').optional().describe('old-generation heap cap per worker thread in MB, below --max-memory: V8 collects sooner, so a long run holds less (pdfs-es x1,000: peak RSS 524 -> 365 MB, ~25% more time); a file that runs out of memory under it is read again on a thread with --max-memory (default 128; 0: --max-memory)'),
  workerYoung: z.number().int().min(0).default(0).describe('young-generation heap cap per worker thread in MB (0: V8\'s default)'),
  recycleAfter: z.number().int().min(0).default(0).describe('also replace the worker threads by fresh ones after this many files per thread (0: only when a thread\'s heap passes half of --max-memory); off by default: on pdfs-es a replacement raised the peak memory of long runs instead of lowering it'),
  maxPagesInFlight: z.number().int().min(0).default(0).describe('at most this many pages read at once across the worker threads (a file waits until its pages fit; one larger than this runs alone); 0: no cap. For folders where several very large PDFs could meet in memory'),
  plugins: z.array(z.string()).default([]).describe('modules to import in every worker (they register extra extractors)'),
  ocr: z.enum(['auto', 'off', 'force']).default('auto').describe('OCR PDF pages: auto (pages whose text layer is empty or garbage), force (every page), off'),
  ocrEngine: z.enum(['auto', 'tesseract', 'tesseract.js']).default('auto').describe('OCR engine: auto (the tesseract binary when it has the language, else tesseract.js from npm)'),
  ocrLang: z.string().regex(/^[a-z_]+(\+[a-z_]+)*$/u, 'Tesseract language codes joined by +, e.g. spa or spa+eng').default('spa').describe('Tesseract language(s), e.g. spa or spa+eng'),
  ocrLangPath: pathRef('folder with <lang>.traineddata files (default: the engine\'s own; tesseract.js: @tesseract.js-data/spa)').optional(),
  ocrDpi: z.number().int().min(72).max(600).default(300).describe('resolution pages are rendered at for OCR'),
  queue: z.string().optional().describe('run each file as a job on this PostgreSQL queue (pg-boss) for `nerflow worker` processes, and collect the results here (docs/scale.md)'),
  jobRetries: z.number().int().min(0).default(2).describe('with --queue: times a job whose worker failed or died is tried again, with backoff, before the file is reported'),
  jobExpireSeconds: z.number().int().min(1).default(900).describe('with --queue: a job running this long is taken to have lost its worker and is retried'),
});

/** With --queue: how many files are queued at once (the local default is one per core). */
export const QUEUE_IN_FLIGHT = 32;

export type IngestOptions = z.output<typeof ingestOptionsSchema>;
export type IngestOptionsInput = z.input<typeof ingestOptionsSchema>;
