#!/usr/bin/env node
// Where the memory of `nerflow ingest` goes: N copies of PDF_DIR's PDFs (distinct bytes) ingested
// once (pdf-parse, 2 workers, OCR off) with memory-probe.cjs preloaded, which samples the process
// RSS and each worker thread's V8 heap, external and ArrayBuffer memory every 50 ms. Prints the
// breakdown at the moment of peak RSS (and the files the threads were reading then), each part's
// maximum over the run, and the RSS over time. OPTIONS: JSON of extra runIngest options.
// Usage: nice -n 10 node bench/ingest/memory-probe.mjs [N=300] [PDF_DIR] [OPTIONS]  (needs the built package)
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const n = Number(process.argv[2] ?? 300);
const dir = process.argv[3] ?? '/work/shared/data/pdfs-es';
const extra = process.argv[4] ?? '{}';
const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join(dir, f));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-probe-'));
const input = path.join(tmp, 'in');
mkdirSync(input);
for (let k = 0; k < n; k++) {
  const to = path.join(input, `${String(k).padStart(4, '0')}-${path.basename(pdfs[k % pdfs.length])}`);
  copyFileSync(pdfs[k % pdfs.length], to);
  appendFileSync(to, `\n% copy ${k}\n`);
}
const probeOut = path.join(tmp, 'probe.json');
console.log(`# ${n} copies of ${pdfs.length} PDFs; pdf-parse, 2 workers, OCR off; options ${extra}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', process.execPath, '--require', path.join(here, 'memory-probe.cjs'), path.join(here, 'ingest-once.mjs'), input, path.join(tmp, 'out'), 'pdf-parse', '2', '-', '-'],
  { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, MEMORY_PROBE_OUT: probeOut, NERFLOW_INGEST_OPTIONS: extra } });
const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
if (!m) { console.error(r.stderr); process.exit(1); }
const rep = JSON.parse(r.stdout.trim().split('\n').pop());
const { peak, samples } = JSON.parse(readFileSync(probeOut, 'utf8'));
const sum = (ws, k) => ws.reduce((a, w) => a + w[k], 0);
const f0 = (x) => x.toFixed(0);
const parts = (s) => {
  const heap = sum(s.workers, 'heapTotal'), ext = sum(s.workers, 'external');
  return { heap, ext, rest: s.rss - heap - ext - s.mainHeapTotal - s.mainExternal };
};
console.log(`wall ${Number(m[1]).toFixed(1)} s, peak RSS ${(Number(m[2]) / 1024).toFixed(0)} MB (GNU time), ${rep.ok} ok / ${rep.failed} failed, ${rep.pages} pages, recycled ${rep.workers_recycled}`);
const p = parts(peak);
console.log(`at the sampled peak (RSS ${f0(peak.rss)} MB, ${((peak.t - samples[0].t) / 1000).toFixed(1)} s in): main heap ${f0(peak.mainHeapTotal)} + external ${f0(peak.mainExternal)}; workers' V8 heaps ${f0(p.heap)} (used ${f0(sum(peak.workers, 'heapUsed'))}), external ${f0(p.ext)} (ArrayBuffers ${f0(sum(peak.workers, 'arrayBuffers'))}); the rest (code, native malloc, stacks) ${f0(p.rest)}`);
for (const w of peak.workers) console.log(`  thread ${w.id}: heap ${f0(w.heapTotal)} (used ${f0(w.heapUsed)}), external ${f0(w.external)}, ArrayBuffers ${f0(w.arrayBuffers)}, V8 malloced ${f0(w.malloced)}, limit ${f0(w.limit)}; reading ${w.file} (sample ${w.age} ms old)`);
const full = samples.filter((s) => s.workers.length >= 2);
const max = (f) => f0(Math.max(...full.map(f)));
console.log(`maxima over the run (samples with both threads): RSS ${max((s) => s.rss)}, workers' heaps ${max((s) => parts(s).heap)}, one thread's heap ${max((s) => Math.max(...s.workers.map((w) => w.heapTotal)))}, workers' external ${max((s) => parts(s).ext)}, the rest ${max((s) => parts(s).rest)}`);
console.log('| files read so far (%) | RSS MB | workers heap | workers external | rest |\n|---|---|---|---|---|');
for (let q = 1; q <= 10; q++) {
  const slice = full.slice(Math.floor(((q - 1) / 10) * full.length), Math.floor((q / 10) * full.length));
  if (!slice.length) continue;
  const top = slice.reduce((a, s) => (s.rss > a.rss ? s : a));
  const t = parts(top);
  console.log(`| ${(q - 1) * 10}-${q * 10} | ${f0(top.rss)} | ${f0(t.heap)} | ${f0(t.ext)} | ${f0(t.rest)} |`);
}
rmSync(tmp, { recursive: true, force: true });
