/** One failed file in the report. */
export interface FailedFile {
  source: string;
  code: string;
  reason: string;
  hint?: string;
  /** True when this run did not re-read the file: it failed the same way before (same content and tool). */
  from_previous_run?: boolean;
}

/** ingest-report.json: what one run did. `files.total = ok + failed + skipped`. */
export interface IngestReport {
  tool: string;
  out: string;
  extractor: string;
  workers: number;
  unit: string;
  started: string;
  seconds: number;
  interrupted: boolean;
  files: {
    total: number;
    ok: number;
    failed: number;
    skipped: number;
    /** Skipped because the manifest says this content was already ingested with this tool version. */
    skipped_unchanged: number;
    /** Skipped because the same content (same SHA-256) is another file of this run or already in the output. */
    skipped_duplicate: number;
    /** Not reached because the run was interrupted or stopped by --strict. */
    not_processed: number;
  };
  pages: number;
  pages_per_s: number;
  files_per_s: number;
  docs_written: number;
  examples: { written: number; duplicate: number };
  failures: FailedFile[];
  failures_by_code: Record<string, number>;
  duplicates: { source: string; same_as: string }[];
  warnings: { source: string; warnings: string[] }[];
  peak_rss_mb: number;
  /** Times the worker threads were replaced by fresh ones (--recycle-after, or a heap past half of --max-memory). */
  workers_recycled: number;
  /** Files read again on a thread with --max-memory after running out of memory under --worker-heap. */
  memory_retries: number;
  /** OCR over the run: pages read from images, how sure Tesseract was (word-weighted mean, 0-100), time. */
  ocr: {
    mode: string;
    engine: string | null;
    files: number;
    pages: number;
    words: number;
    mean_confidence: number;
    seconds: number;
    by_file: { source: string; pages: number[]; mean_confidence: number; seconds: number }[];
  };
}

/** A short human summary of a report (what the CLI prints at the end). */
export function formatSummary(r: IngestReport): string {
  const f = r.files;
  const lines = [
    `${r.interrupted ? 'Interrupted: ' : ''}${f.total} files: ${f.ok} ok, ${f.failed} failed, ${f.skipped} skipped` +
      (f.skipped ? ` (${f.skipped_unchanged} unchanged, ${f.skipped_duplicate} duplicate${f.not_processed ? `, ${f.not_processed} not reached` : ''})` : ''),
    `${r.pages} pages in ${r.seconds.toFixed(1)} s (${r.pages_per_s.toFixed(0)} pages/s, ${r.files_per_s.toFixed(1)} files/s) with ${r.workers} ${r.extractor} worker(s)`,
    `${r.examples.written} ${r.unit} examples written, ${r.examples.duplicate} duplicates merged; ${r.docs_written} documents -> ${r.out}`,
  ];
  if (r.ocr.pages) {
    lines.push(`OCR (${r.ocr.engine}): ${r.ocr.pages} page(s) of ${r.ocr.files} file(s), mean word confidence ${r.ocr.mean_confidence.toFixed(1)}%, ${r.ocr.seconds.toFixed(1)} s; their examples have meta.ocr = true`);
  }
  if (r.failures.length) {
    lines.push('Failed:');
    for (const x of r.failures) lines.push(`  ${x.source}: [${x.code}] ${x.reason}${x.from_previous_run ? ' (as in the previous run)' : ''}`);
    const hints = new Map(r.failures.filter((x) => x.hint).map((x) => [x.code, x.hint!]));
    lines.push('What to do:');
    for (const [code, hint] of hints) lines.push(`  [${code}] ${hint}`);
  }
  const warned = r.warnings.filter((w) => w.warnings.length);
  if (warned.length) {
    lines.push(`Warnings (${warned.length} files):`);
    for (const w of warned.slice(0, 10)) lines.push(`  ${w.source}: ${w.warnings.slice(0, 2).join('; ')}`);
    if (warned.length > 10) lines.push(`  ... see ingest-report.json`);
  }
  return lines.join('\n');
}
