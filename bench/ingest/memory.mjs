#!/usr/bin/env node
// Peak RSS of nerflow ingest against the number of files: the PDFs of PDF_DIR copied (distinct
// bytes: a comment appended) up to each count, ingested with worker recycling (the default,
// --recycle-after 250) and without it (--recycle-after 0, only the heap rule), 2 workers, OCR off.
// Peak RSS is GNU time's maximum resident set of the process (main thread + worker threads).
// --pages: values of --max-pages-in-flight to run (each with every --recycle value; 'default' for the
// option's default, 0 for no cap).
// NERFLOW_INGEST_OPTIONS (JSON, read by ingest-once.mjs) sets further options, e.g. '{"workerHeap":96}'.
// Usage: nice -n 10 node bench/ingest/memory.mjs [PDF_DIR] [--counts 129,1000] [--extractor pdf-parse] [--recycle 250,0] [--pages default,0]
import { spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '/work/shared/data/pdfs-es';
const counts = opt('--counts', '129,1000').split(',').map(Number);
const extractor = opt('--extractor', 'pdf-parse');
const recycles = opt('--recycle', '250,0').split(',').map(Number);
const caps = opt('--pages', 'default').split(',');
const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join(dir, f));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-mem-'));
console.log(`# ${pdfs.length} PDFs in ${dir}; ${extractor}, 2 workers, OCR off; options ${process.env.NERFLOW_INGEST_OPTIONS || '{}'}; load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('| files | --recycle-after | --max-pages-in-flight | wall s | pages | pages/s | peak RSS MB (GNU time) | report peak_rss_mb | workers recycled |\n|---|---|---|---|---|---|---|---|---|');
for (const n of counts) {
  const input = path.join(tmp, `in-${n}`);
  mkdirSync(input);
  for (let k = 0; k < n; k++) {
    const to = path.join(input, `${String(k).padStart(4, '0')}-${path.basename(pdfs[k % pdfs.length])}`);
    copyFileSync(pdfs[k % pdfs.length], to);
    appendFileSync(to, `\n% copy ${k}\n`);
  }
  for (const cap of caps) for (const recycle of recycles) {
    const out = path.join(tmp, `out-${n}-${recycle}-${cap}`);
    const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', process.execPath, path.join(here, 'ingest-once.mjs'), input, out, extractor, '2', String(recycle), cap === 'default' ? '-' : cap], { encoding: 'utf8', maxBuffer: 1 << 26 });
    const m = /__TIME__ ([\d.]+) (\d+)/.exec(r.stderr);
    const rep = JSON.parse(r.stdout.trim().split('\n').pop());
    console.log(`| ${n} | ${recycle} | ${cap} | ${Number(m[1]).toFixed(1)} | ${rep.pages}${rep.failed ? ` (${rep.failed} files failed)` : ''}${rep.memory_retries ? ` (${rep.memory_retries} retried)` : ''} | ${(rep.pages / Number(m[1])).toFixed(0)} | ${(Number(m[2]) / 1024).toFixed(0)} | ${rep.peak_rss_mb} | ${rep.workers_recycled} |`);
    rmSync(out, { recursive: true, force: true });
  }
  rmSync(input, { recursive: true, force: true });
}
rmSync(tmp, { recursive: true, force: true });
