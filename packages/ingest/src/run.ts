import path from 'node:path';
import { NerError, writeFileAtomic } from '@nerflow/corpus';
import { quietContext, type StageContext } from '@nerflow/core';
import { IngestErrors, failureHints } from './errors.js';
import { extractorFor, loadPlugins, pluginSpecifier, resolvePdfExtractor } from './extractors/registry.js';
import { expandInputs, hashFile, type InputFile } from './inputs.js';
import { INGEST_VERSION, QUEUE_IN_FLIGHT, ingestOptionsSchema, type IngestOptionsInput } from './options.js';
import { resolveOcrOptions } from './ocr/resolve.js';
import { FilePool, defaultWorkerHeapMb, defaultWorkers } from './pool.js';
import { QueueRunner, type FileRunner } from './queue/queue-runner.js';
import type { FileResult, FileTask } from './process-file.js';
import type { IngestReport } from './report.js';
import { OutputStore, type ManifestEntry } from './store.js';

/** Output file names inside `--out`. */
export const OUTPUT_FILES = { docs: 'docs.jsonl', examples: 'examples.jsonl', report: 'ingest-report.json', manifest: 'manifest.jsonl' } as const;

type Planned = { input: InputFile; sha256: string; bytes: number; tool: string };

/**
 * Ingests PDFs and text files into DIR/docs.jsonl + DIR/examples.jsonl (corpus format) and writes
 * DIR/ingest-report.json. Files run in parallel in worker threads; bad files are reported, not
 * fatal (unless `strict`); a re-run with the same `out` only reads new or changed files, and a run
 * cut short (Ctrl-C, kill) resumes without duplicates.
 * @example await runIngest({ paths: ['informes/'], out: 'corpus/' })  // -> report.files {total: 43, ok: 41, ...}
 */
export async function runIngest(input: IngestOptionsInput, ctx: StageContext = quietContext()): Promise<IngestReport> {
  const o = ingestOptionsSchema.parse(input);
  const started = new Date();
  const t0 = performance.now();
  const plugins = o.plugins.map((p) => pluginSpecifier(p));
  await loadPlugins(plugins);
  const pdfExtractor = resolvePdfExtractor(o.extractor);
  const files = await expandInputs(o.paths);
  const workers = Math.max(1, Math.min(o.workers || (o.queue ? QUEUE_IN_FLIGHT : defaultWorkers()), files.length));
  const store = await OutputStore.open(o.out);
  if (store.repairedBytes) ctx.log.warn(`Cut ${store.repairedBytes} bytes of half-written lines left by an interrupted run in ${o.out}.`);
  const { key: ocrKey, ...ocr } = resolveOcrOptions(o, ctx);
  const skip = o.skip.filter((k) => k !== 'none');
  const cleanKey = `${o.normalize ? 'n' : ''}${o.dehyphenate ? 'h' : ''}${o.stripRepeated ? 'r' : ''}-skip:${[...skip].sort().join(',')}-tables:${o.tables}`;
  const toolFor = (f: InputFile) => {
    const e = extractorFor(f.file, pdfExtractor.name);
    const pdf = e?.extensions.includes('.pdf') ? `/${ocrKey}` : '';
    return `ingest@${INGEST_VERSION}/${e ? `${e.name}@${e.version}` : 'none'}/${o.unit}/${cleanKey}${pdf}`;
  };

  const report: IngestReport = {
    tool: `nerflow-ingest@${INGEST_VERSION}`, out: o.out, extractor: pdfExtractor.name, workers, unit: o.unit,
    started: started.toISOString(), seconds: 0, interrupted: false,
    files: { total: files.length, ok: 0, failed: 0, skipped: 0, skipped_unchanged: 0, skipped_duplicate: 0, not_processed: 0 },
    pages: 0, pages_per_s: 0, files_per_s: 0, docs_written: 0, examples: { written: 0, duplicate: 0 },
    failures: [], failures_by_code: {}, duplicates: [], warnings: [], peak_rss_mb: 0, workers_recycled: 0, memory_retries: 0,
    ocr: { mode: ocr.mode, engine: ocr.mode === 'off' ? null : ocr.engine, files: 0, pages: 0, words: 0, mean_confidence: 0, seconds: 0, by_file: [] },
  };
  let ocrConfSum = 0;
  let peakRss = process.memoryUsage().rss;
  const fail = (source: string, code: string, reason: string, hint?: string, previous = false) => {
    report.files.failed++;
    report.failures.push({ source, code, reason, hint: hint ?? failureHints[code], ...(previous ? { from_previous_run: true } : {}) });
    report.failures_by_code[code] = (report.failures_by_code[code] ?? 0) + 1;
  };

  // --queue: files run as jobs on `nerflow worker` processes; results come back here and are
  // committed exactly as local ones (same order, same dedupe), so the output is the same.
  const pool: FileRunner = o.queue
    ? await QueueRunner.open(o.queue, { retries: o.jobRetries, expireSeconds: o.jobExpireSeconds, retryDelaySeconds: 2 }, (e) => ctx.log.warn(`queue: ${e.message}`))
      .catch((err: unknown) => { store.close(); throw err; })
    : new FilePool(workers, o.timeout * 1000, o.maxMemory, { files: o.recycleAfter, heapMb: Math.round(o.maxMemory / 2) }, o.maxPagesInFlight, { oldMb: o.workerHeap ?? defaultWorkerHeapMb(), youngMb: o.workerYoung });
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  const bySha = new Map<string, string>();
  let done = 0;
  const tick = () => {
    const secs = (performance.now() - t0) / 1000;
    ctx.progress({ unit: 'files', done, total: files.length, phase: 'ingest', stats: { 'pages/s': Math.round(report.pages / Math.max(secs, 1e-3)), 'files/s': +(done / Math.max(secs, 1e-3)).toFixed(1) } });
  };

  // Results are committed in input order (same output whatever the number of workers), with a
  // window of a few files per worker in flight: memory stays flat however many files there are.
  const window: { planned?: Planned; result?: Promise<FileResult> }[] = [];
  const commit = async (item: { planned?: Planned; result?: Promise<FileResult> }) => {
    if (!item.planned || !item.result) return;
    const { input: f, sha256, tool } = item.planned;
    const r = await item.result;
    const entry: ManifestEntry = { sha256, source: f.source, tool, status: r.ok ? 'ok' : 'failed', at: new Date().toISOString() };
    if (r.ok) {
      const { written, duplicates } = store.commit({ ...entry, doc_id: r.doc.id, pages: r.doc.pages }, { ...r.doc }, r.exampleLines, r.hashes);
      report.files.ok++;
      report.docs_written++;
      report.pages += r.doc.pages;
      report.examples.written += written;
      report.examples.duplicate += duplicates;
      if (r.doc.warnings.length) report.warnings.push({ source: f.source, warnings: r.doc.warnings });
      if (r.doc.ocr) {
        report.ocr.files++;
        report.ocr.pages += r.doc.ocr.pages.length;
        report.ocr.words += r.doc.ocr.words;
        report.ocr.seconds += r.doc.ocr.seconds;
        ocrConfSum += r.doc.ocr.mean_confidence * r.doc.ocr.words;
        report.ocr.by_file.push({ source: f.source, pages: r.doc.ocr.pages, mean_confidence: r.doc.ocr.mean_confidence, seconds: r.doc.ocr.seconds });
      }
    } else if (r.code === 'E_INTERRUPTED') {
      report.files.not_processed++;
    } else {
      fail(f.source, r.code, r.message, r.hint);
      // A timeout or a job that lost its workers may pass on a rerun: not recorded as this file's outcome.
      if (r.code !== IngestErrors.TIMEOUT && r.code !== IngestErrors.JOB_FAILED) store.commit({ ...entry, code: r.code, message: r.message });
      if (o.strict) stop.abort();
    }
    done++;
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    tick();
  };

  try {
    for (const f of files) {
      if (stop.signal.aborted) { report.files.not_processed++; continue; }
      if (!f.supported) {
        fail(f.source, IngestErrors.UNSUPPORTED, `unsupported file type (${path.extname(f.file) || 'no extension'})`);
        done++;
        continue;
      }
      const { sha256, bytes } = await hashFile(f.file);
      const tool = toolFor(f);
      const prev = store.lookup(sha256, tool);
      const first = bySha.get(sha256);
      if (first !== undefined || (store.docIds.has(sha256.slice(0, 16)) && prev?.source !== f.source)) {
        report.files.skipped_duplicate++;
        report.duplicates.push({ source: f.source, same_as: first ?? prev?.source ?? `document ${sha256.slice(0, 16)} already in ${o.out}` });
        done++;
        continue;
      }
      bySha.set(sha256, f.source);
      if (prev?.status === 'ok' || (prev?.status === 'failed' && prev.code !== IngestErrors.TIMEOUT)) {
        if (prev.status === 'ok') report.files.skipped_unchanged++;
        else fail(f.source, prev.code ?? IngestErrors.EXTRACT_FAILED, prev.message ?? 'failed', undefined, true);
        done++;
        continue;
      }
      const task: FileTask = {
        file: f.file, source: f.source, sha256, pdfExtractor: pdfExtractor.name, unit: o.unit, timeoutMs: o.timeout * 1000,
        clean: { normalize: o.normalize, dehyphenate: o.dehyphenate, stripRepeated: o.stripRepeated, skip, tables: o.tables }, plugins, ocr,
      };
      window.push({ planned: { input: f, sha256, bytes, tool }, result: pool.run(task, stop.signal) });
      while (window.length >= workers * 3) await commit(window.shift()!);
    }
    while (window.length) await commit(window.shift()!);
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    await pool.close();
    store.close();
  }
  report.interrupted = ctx.signal.aborted;
  report.files.skipped = report.files.skipped_unchanged + report.files.skipped_duplicate + report.files.not_processed;
  report.seconds = (performance.now() - t0) / 1000;
  report.pages_per_s = report.pages / Math.max(report.seconds, 1e-3);
  report.files_per_s = (report.files.ok + report.files.failed) / Math.max(report.seconds, 1e-3);
  report.peak_rss_mb = Math.round(peakRss / 2 ** 20);
  if (pool instanceof FilePool) { report.workers_recycled = pool.recycled; report.memory_retries = pool.retried; }
  report.ocr.mean_confidence = report.ocr.words ? Math.round((ocrConfSum / report.ocr.words) * 10) / 10 : 0;
  const reportPath = path.join(o.out, OUTPUT_FILES.report);
  await writeFileAtomic(reportPath, `${JSON.stringify(report, null, 2)}\n`);
  if (o.strict && report.files.failed > 0) {
    const x = report.failures[0]!;
    throw new NerError(IngestErrors.STRICT, `${x.source}: [${x.code}] ${x.reason} (--strict stops at the first failure)`, {
      file: x.source, hint: x.hint ?? 'Fix or remove the file, or run without --strict to report failures and go on.',
    });
  }
  return report;
}
