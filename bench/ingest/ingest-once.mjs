// One timed ingest run in its own process (so that its peak RSS is measured alone). OCR is off: the
// reference (pdftotext) has none, and pdfs-es's image-only pages would dominate the time.
// Usage: node ingest-once.mjs IN OUT EXTRACTOR WORKERS [RECYCLE_AFTER] [MAX_PAGES_IN_FLIGHT]
// (RECYCLE_AFTER and MAX_PAGES_IN_FLIGHT: '-' or absent for the default; NERFLOW_INGEST_OPTIONS: JSON
// of further runIngest options, e.g. '{"maxMemory":512}')
import { runIngest } from '../../packages/ingest/dist/index.js';

const [input, out, extractor, workers, recycleAfter, maxPages] = process.argv.slice(2);
const given = (x) => x !== undefined && x !== '-';
const t0 = performance.now();
const r = await runIngest({
  paths: [input], out, extractor, workers: Number(workers), ocr: 'off',
  ...(given(recycleAfter) ? { recycleAfter: Number(recycleAfter) } : {}),
  ...(given(maxPages) ? { maxPagesInFlight: Number(maxPages) } : {}),
  ...JSON.parse(process.env.NERFLOW_INGEST_OPTIONS || '{}'),
});
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, pages: r.pages, ok: r.files.ok, failed: r.files.failed, peak_rss_mb: r.peak_rss_mb, workers_recycled: r.workers_recycled, memory_retries: r.memory_retries })}\n`);
