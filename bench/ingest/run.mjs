#!/usr/bin/env node
// bench/ingest: nerflow ingest (pdf-parse and pdftotext extractors) against poppler's pdftotext on
// the same PDFs, all cores, in one run. Prints pages/s, ratios, peak RSS and word-level agreement.
// Usage: nice -n 10 node bench/ingest/run.mjs [PDF_DIR] [--repeats 3] [--workers N] [--scale 3]
// Needs: npx nx build @nerflow/ingest (imports the BUILT package), poppler-utils, GNU time.
import { execFile, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { extractors, cleanDocument, normalizeText } from '../../packages/ingest/dist/index.js';

const run = promisify(execFile);
const here = path.dirname(new URL(import.meta.url).pathname);
const args = process.argv.slice(2);
const flag = (name, def) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '/work/shared/data/pdfs-es';
const repeats = flag('--repeats', 3);
const workers = flag('--workers', os.availableParallelism());
const scale = flag('--scale', 3);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ingest-'));

const pdfs = [];
const walk = (d) => { for (const e of readdirSync(d, { withFileTypes: true })) { const p = path.join(d, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.pdf')) pdfs.push(p); } };
walk(dir);
pdfs.sort();

/**
 * Runs a command under GNU time: wall seconds, CPU seconds (user + system, all threads and child
 * processes) and peak RSS (MB) of the largest process. On a shared, loaded machine the CPU time is
 * the steadier figure: pages per CPU-second times the cores is the throughput an idle machine gives.
 */
function timed(cmd, argv) {
  const r = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M %U %S', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const m = /__TIME__ ([\d.]+) (\d+) ([\d.]+) ([\d.]+)/.exec(r.stderr);
  return { seconds: Number(m[1]), rssMb: Number(m[2]) / 1024, cpu: Number(m[3]) + Number(m[4]), stdout: r.stdout };
}

// Reference: pdftotext, one process per file, `workers` at a time (xargs -P), text to /dev/null.
function pdftotextRef() {
  const list = path.join(tmp, 'list.txt');
  appendFileSync(list, '');
  rmSync(list);
  for (const f of pdfs) appendFileSync(list, `${f}\0`);
  return timed('sh', ['-c', `xargs -0 -P ${workers} -I{} pdftotext -q -enc UTF-8 {} /dev/null < ${list}`]);
}
let runId = 0;
function nerflow(extractor, input = dir) {
  const out = path.join(tmp, `out-${runId++}`);
  const t = timed(process.execPath, [path.join(here, 'ingest-once.mjs'), input, out, extractor, String(workers)]);
  rmSync(out, { recursive: true, force: true });
  return { ...t, report: JSON.parse(t.stdout.trim().split('\n').pop()) };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// Pages that pdftotext can read (the same set nerflow reads: the truncated file fails in both).
let pages = 0;
for (const f of pdfs) {
  const r = spawnSync('pdfinfo', [f], { encoding: 'utf8' });
  const m = /Pages:\s+(\d+)/.exec(r.stdout);
  if (r.status === 0 && m) pages += Number(m[1]);
}

console.log(`# ${pdfs.length} PDFs, ${pages} readable pages, ${workers} workers, ${repeats} repeats (interleaved), ${os.cpus()[0].model}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
const res = { ref: [], pdfparse: [], pdftotext: [] };
for (let i = 0; i < repeats; i++) {
  res.ref.push(pdftotextRef());
  res.pdfparse.push(nerflow('pdf-parse'));
  res.pdftotext.push(nerflow('pdftotext'));
}
const ps = (runs) => pages / median(runs.map((r) => r.seconds));
const pcs = (runs) => pages / median(runs.map((r) => r.cpu));
const refPs = ps(res.ref);
const refPcs = pcs(res.ref);
const row = (name, runs) => {
  const p = ps(runs);
  const c = pcs(runs);
  return `| ${name} | ${median(runs.map((r) => r.seconds)).toFixed(2)} | ${p.toFixed(0)} | ${(p / refPs).toFixed(2)}x | ${median(runs.map((r) => r.cpu)).toFixed(2)} | ${c.toFixed(0)} | ${(c / refPcs).toFixed(2)}x | ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} |`;
};
console.log('\n| run | median wall s | pages/s | vs pdftotext | median CPU s | pages/CPU-s | vs pdftotext | peak RSS MB |\n|---|---|---|---|---|---|---|---|');
console.log(row(`pdftotext (poppler), xargs -P ${workers}`, res.ref));
console.log(row('nerflow ingest --extractor pdf-parse', res.pdfparse));
console.log(row('nerflow ingest --extractor pdftotext', res.pdftotext));
console.log(`(nerflow runs include clean-up, sentence split, tokenization, hashing and JSONL writes; reported pages: ${res.pdfparse[0].report.pages})`);

// Peak memory against the number of files: the same PDFs copied `scale` times (distinct bytes).
const big = path.join(tmp, 'scaled');
mkdirSync(big);
for (let k = 0; k < scale; k++) {
  for (const f of pdfs) {
    const to = path.join(big, `${k}-${path.basename(f)}`);
    copyFileSync(f, to);
    appendFileSync(to, `\n% copy ${k}\n`);
  }
}
const one = nerflow('pdf-parse');
const many = nerflow('pdf-parse', big);
console.log(`\nPeak RSS, pdf-parse: ${pdfs.length} files ${one.rssMb.toFixed(0)} MB; ${pdfs.length * scale} files ${many.rssMb.toFixed(0)} MB (${(many.report.pages / many.seconds).toFixed(0)} pages/s, ${(many.report.pages / many.cpu).toFixed(0)} pages/CPU-s)`);

// Word agreement with pdftotext: bag-of-words overlap per document (letters only, lower case).
// Both sides go through the same character normalisation (normalizeText: NFC, ligatures, spacing
// accents), since pdftotext writes "ma\u0301s" / "lı´nea" where pdf.js gives "más" / "línea": the same
// words in another Unicode form. Header/footer removal is off here (pdftotext keeps them).
const words = (s) => { const m = new Map(); for (const w of s.toLowerCase().match(/\p{L}+/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1); return m; };
const overlap = (a, b) => { let both = 0; for (const [w, n] of a) both += Math.min(n, b.get(w) ?? 0); return both; };
const total = (m) => [...m.values()].reduce((a, b) => a + b, 0);
const agg = { all: [0, 0, 0], prose: [0, 0, 0], rawAll: [0, 0, 0] };
const spaced = [];
const pp = extractors.get('pdf-parse');
for (const f of pdfs) {
  let refText;
  try { refText = (await run('pdftotext', ['-q', '-enc', 'UTF-8', f, '-'], { maxBuffer: 1 << 28 })).stdout; } catch { continue; }
  let doc;
  try { doc = await pp.extract(f, new Uint8Array(readFileSync(f))); } catch { continue; }
  const ref = words(refText.split('\n').map(normalizeText).join('\n'));
  const refRaw = words(refText.normalize('NFC'));
  const ours = words(cleanDocument(doc.pages, { normalize: true, dehyphenate: true, stripRepeated: false }).paragraphs.map((p) => p.text).join('\n'));
  // Letter-spaced code listings: pdftotext writes "c a r g a r L i s t a", nerflow "cargarLista".
  // A document counts as letter-spaced when over 5% of pdftotext's words sit in runs of 4+ single letters.
  const seq = refText.toLowerCase().match(/\p{L}+/gu) ?? [];
  let inRuns = 0;
  for (let i = 0; i < seq.length;) {
    let j = i;
    while (j < seq.length && [...seq[j]].length === 1) j++;
    if (j - i >= 4) inRuns += j - i;
    i = Math.max(j, i + 1);
  }
  const isSpaced = inRuns > 0.05 * seq.length;
  if (isSpaced) spaced.push(path.basename(f));
  const add = (k, r) => { agg[k][0] += overlap(ours, r); agg[k][1] += total(ours); agg[k][2] += total(r); };
  add('all', ref);
  add('rawAll', refRaw);
  if (!isSpaced) add('prose', ref);
}
const label = { all: 'all PDFs', prose: `without ${spaced.length} letter-spaced code listings`, rawAll: 'all PDFs, pdftotext text only NFC-normalised' };
for (const [k, [o, ours, ref]] of Object.entries(agg)) {
  const p = o / ours, r = o / ref;
  console.log(`Word agreement pdf-parse vs pdftotext, ${label[k]}: precision ${(100 * p).toFixed(2)}%, recall ${(100 * r).toFixed(2)}%, F1 ${(200 * p * r / (p + r)).toFixed(2)}% (${ref} pdftotext words)`);
}
console.log(`Letter-spaced (over 5% of pdftotext's words in runs of 4+ single letters): ${spaced.join(', ')}`);
rmSync(tmp, { recursive: true, force: true });
