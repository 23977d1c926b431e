import { NerError } from '@nerflow/corpus';

/**
 * Error codes of the ingest stage. Per-file problems (a bad PDF) do not throw out of `runIngest`:
 * they are recorded in the ingest report under these codes, and the run carries on.
 */
export const IngestErrors = {
  /** Nothing matched the given paths/globs. */
  NO_INPUT: 'E_INGEST_NO_INPUT',
  /** A file extension nerflow cannot read. */
  UNSUPPORTED: 'E_INGEST_UNSUPPORTED',
  /** Password-protected PDF (a user password is needed to open it). */
  ENCRYPTED: 'E_INGEST_ENCRYPTED',
  /** Zero bytes. */
  EMPTY_FILE: 'E_INGEST_EMPTY_FILE',
  /** Not a PDF at all (no %PDF header), whatever its name says. */
  NOT_PDF: 'E_INGEST_NOT_PDF',
  /** Starts like a PDF but its structure is broken (truncated download, damaged file). */
  CORRUPT: 'E_INGEST_CORRUPT',
  /** The PDF opens but has no text layer (scanned pages, only drawings). */
  NO_TEXT: 'E_INGEST_NO_TEXT',
  /** Extraction ran past --timeout and its worker was stopped. */
  TIMEOUT: 'E_INGEST_TIMEOUT',
  /** The extractor failed for another reason. */
  EXTRACT_FAILED: 'E_INGEST_EXTRACT_FAILED',
  /** A requested extractor is not available here (e.g. pdftotext not on the PATH). */
  EXTRACTOR_UNAVAILABLE: 'E_INGEST_EXTRACTOR_UNAVAILABLE',
  /** --strict and at least one file failed. */
  STRICT: 'E_INGEST_STRICT',
  /** --ocr needs an engine (tesseract binary or tesseract.js with a language model) that is not here. */
  OCR_UNAVAILABLE: 'E_INGEST_OCR_UNAVAILABLE',
  /** OCR of a page failed (rendering or recognition). */
  OCR_FAILED: 'E_INGEST_OCR_FAILED',
  /** A --plugins module that does not export extractors. */
  BAD_PLUGIN: 'E_INGEST_BAD_PLUGIN',
  /** --queue: the job queue (PostgreSQL, pg-boss) cannot be reached or is not a PostgreSQL URL. */
  QUEUE: 'E_INGEST_QUEUE',
  /** --queue: a file's job failed on every try (its workers crashed or were killed each time). */
  JOB_FAILED: 'E_INGEST_JOB_FAILED',
} as const;

export type IngestErrorCode = (typeof IngestErrors)[keyof typeof IngestErrors];

/** What to tell the user for each per-file failure code (printed in the summary and the report). */
export const failureHints: Record<string, string> = {
  [IngestErrors.ENCRYPTED]: 'The PDF needs a password: open it in a PDF viewer and save an unprotected copy.',
  [IngestErrors.EMPTY_FILE]: 'The file has zero bytes: download or copy it again.',
  [IngestErrors.NOT_PDF]: 'The file is named .pdf but is something else: check what it really is (`file NAME`).',
  [IngestErrors.CORRUPT]: 'The PDF is damaged or truncated: download it again, or repair it (e.g. `qpdf in.pdf out.pdf`).',
  [IngestErrors.NO_TEXT]: 'No text layer and OCR found no words: check the file shows text when opened; with --ocr off, rerun with --ocr auto.',
  [IngestErrors.OCR_UNAVAILABLE]: 'Install tesseract-ocr and tesseract-ocr-spa, or point --ocr-lang-path at a folder with the .traineddata files, or use --ocr off.',
  [IngestErrors.OCR_FAILED]: 'Rendering or OCR of a page failed: try --ocr-engine tesseract.js (or tesseract), or --ocr off to keep the text layer only.',
  [IngestErrors.TIMEOUT]: 'Extraction took too long: raise --timeout, or try --extractor pdftotext.',
  [IngestErrors.UNSUPPORTED]: 'Supported: .pdf, .txt, .md, .jsonl.',
  [IngestErrors.EXTRACT_FAILED]: 'Try another extractor (--extractor pdftotext or pdf-parse); rerun with --verbose for details.',
  [IngestErrors.JOB_FAILED]: 'The job was tried on the workers --job-retries + 1 times and never finished: run the file locally (without --queue) to see why, or raise --max-memory / --job-expire-seconds.',
};

/** A per-file failure as thrown inside a worker and recorded in the report. */
export function fileError(code: IngestErrorCode, message: string, file: string, cause?: unknown): NerError {
  return new NerError(code, message, { file, hint: failureHints[code], cause });
}
