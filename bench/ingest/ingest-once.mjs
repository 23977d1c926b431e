// One timed ingest run in its own process (so that its peak RSS is measured alone).
// Usage: node ingest-once.mjs IN OUT EXTRACTOR WORKERS
import { runIngest } from '../../packages/ingest/dist/index.js';

const [input, out, extractor, workers] = process.argv.slice(2);
const t0 = performance.now();
const r = await runIngest({ paths: [input], out, extractor, workers: Number(workers) });
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(`${JSON.stringify({ seconds, pages: r.pages, ok: r.files.ok, failed: r.files.failed, peak_rss_mb: r.peak_rss_mb })}\n`);
