// Process RSS and the main thread's heap every 50 committed files over N copies of pdfs-es (does anything grow?).
// Usage: node bench/ingest/memory-over-time.mjs [N=400] [EXTRACTOR=pdf-parse] [RECYCLE_AFTER=0]  (needs npx nx build @nerflow/ingest)
import { runIngest } from '../../packages/ingest/dist/index.js';
import { mkdirSync, copyFileSync, appendFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
const n = Number(process.argv[2] ?? 400);
const dir = '/work/shared/data/pdfs-es';
const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort();
const input = path.join(os.tmpdir(), 'nerflow-memdiag-in'); rmSync(input, { recursive: true, force: true }); mkdirSync(input);
for (let k = 0; k < n; k++) { const to = path.join(input, `${String(k).padStart(4, '0')}-${pdfs[k % pdfs.length]}`); copyFileSync(path.join(dir, pdfs[k % pdfs.length]), to); appendFileSync(to, `\n% copy ${k}\n`); }
rmSync(path.join(os.tmpdir(), 'nerflow-memdiag-out'), { recursive: true, force: true });
let last = 0;
await runIngest({ paths: [input], out: path.join(os.tmpdir(), 'nerflow-memdiag-out'), extractor: process.argv[3] ?? 'pdf-parse', workers: 2, ocr: 'off', recycleAfter: Number(process.argv[4] ?? 0) }, {
  log: { info() {}, warn() {}, error() {}, debug() {} }, signal: new AbortController().signal,
  progress(p) { if (p.done - last >= 50 || p.done === p.total) { last = p.done; const m = process.memoryUsage(); console.log(p.done, 'rss', (m.rss / 2 ** 20).toFixed(0), 'main heapUsed', (m.heapUsed / 2 ** 20).toFixed(0), 'external', (m.external / 2 ** 20).toFixed(0), 'arrayBuffers', (m.arrayBuffers / 2 ** 20).toFixed(0)); } },
});
rmSync(input, { recursive: true, force: true }); rmSync(path.join(os.tmpdir(), 'nerflow-memdiag-out'), { recursive: true, force: true });
