#!/usr/bin/env node
// bench/ingest/ocr: OCR accuracy and speed where the answer is known exactly. Born-digital prose
// pages of real Spanish PDFs are rendered to images (as a scanner would see them) and OCRed with
// each engine; the page's own text layer (pdftotext) is the reference. Then the real image-only
// file of pdfs-es is ingested as a user would, and the words recovered are counted.
// Usage: nice -n 10 node bench/ingest/ocr.mjs [PDF_DIR] [--pages 20] [--dpi 300]
// Needs: npx nx build @nerflow/ingest, poppler-utils; tesseract-ocr + tesseract-ocr-spa for that engine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runIngest, normalizeText } from '../../packages/ingest/dist/index.js';
import { tesseractCli, tesseractJs } from '../../packages/ingest/dist/ocr/engines.js';
import { openRenderer } from '../../packages/ingest/dist/ocr/render.js';

const args = process.argv.slice(2);
const flag = (name, def) => { const i = args.indexOf(name); return i >= 0 ? Number(args[i + 1]) : def; };
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '/work/shared/data/pdfs-es';
const nPages = flag('--pages', 20);
const dpi = flag('--dpi', 300);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN; };
const words = (s) => normalizeText(s).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 0);

/** Bag-of-words precision/recall/F1 of `got` against `want`. */
function wordPrf(got, want) {
  const bag = new Map();
  const w = words(want);
  for (const x of w) bag.set(x, (bag.get(x) ?? 0) + 1);
  const g = words(got);
  let tp = 0;
  for (const x of g) if ((bag.get(x) ?? 0) > 0) { tp++; bag.set(x, bag.get(x) - 1); }
  const p = tp / Math.max(g.length, 1); const r = tp / Math.max(w.length, 1);
  return { p, r, f: p + r ? (2 * p * r) / (p + r) : 0, words: w.length };
}

// Clean prose pages: a text layer of 150+ words, nearly all of them word-shaped (no code listings,
// no letter-spaced text), picked in a fixed order (files sorted, pages in order, one page in three).
const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).sort().map((f) => path.join(dir, f));
const pages = [];
for (const file of pdfs) {
  let info;
  try { info = execFileSync('pdfinfo', [file], { encoding: 'utf8' }); } catch { continue; }
  const total = Number(/Pages:\s+(\d+)/.exec(info)?.[1] ?? 0);
  for (let p = 2; p <= total && pages.filter((x) => x.file === file).length < 2; p += 3) {
    const text = execFileSync('pdftotext', ['-q', '-enc', 'UTF-8', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' });
    const w = text.split(/\s+/u).filter(Boolean);
    const prose = w.filter((x) => /^[\p{L}][\p{L}.,;:()¿?¡!«»"'-]*$/u.test(x) && x.length > 1).length / Math.max(w.length, 1);
    if (w.length >= 150 && prose > 0.8) pages.push({ file, page: p, text });
  }
  if (pages.length >= nPages) break;
}
console.log(`${pages.length} clean prose pages from ${new Set(pages.map((p) => p.file)).size} files, rendered at ${dpi} dpi; load ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

for (const engine of [tesseractCli, tesseractJs]) {
  const why = engine.unavailable({ lang: 'spa' });
  if (why) { console.log(`${engine.name}: skipped (${why})`); continue; }
  const session = await engine.open({ lang: 'spa' });
  const f1 = []; const secs = []; const conf = [];
  for (const pg of pages) {
    const renderer = await openRenderer(pg.file, dpi);
    const t0 = performance.now();
    const page = await session.recognize(await renderer.render(pg.page));
    secs.push((performance.now() - t0) / 1000);
    await renderer.close();
    f1.push(wordPrf(page.lines.map((l) => l.text).join(' '), pg.text).f);
    conf.push(page.confidence);
  }
  await session.close();
  const sum = secs.reduce((a, b) => a + b, 0);
  console.log(`${engine.name}: word F1 median ${(100 * median(f1)).toFixed(2)}% (min ${(100 * Math.min(...f1)).toFixed(2)}%, mean ${(100 * f1.reduce((a, b) => a + b, 0) / f1.length).toFixed(2)}%), `
    + `render+OCR ${median(secs).toFixed(2)} s/page median, ${(pages.length / sum).toFixed(2)} pages/s on one thread, mean confidence ${(conf.reduce((a, b) => a + b, 0) / conf.length).toFixed(1)}`);
}

// The real image-only file: what a user gets from `nerflow ingest` with the default --ocr auto.
const scanned = path.join(dir, 'gh_iker_NASHE_Codigo-Capturado_caa3.pdf');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'bench-ocr-'));
for (const ocr of ['off', 'auto']) {
  const r = await runIngest({ paths: [scanned], out: path.join(tmp, ocr), ocr, workers: 1 });
  console.log(`ingest --ocr ${ocr} of ${path.basename(scanned)}: ${r.files.ok ? 'ok' : 'failed'}, ${r.examples.written} examples; OCR ${r.ocr.pages} pages, ${r.ocr.words} words, confidence ${r.ocr.mean_confidence}, ${r.ocr.seconds.toFixed(1)} s (${(r.ocr.pages / Math.max(r.ocr.seconds, 1e-9)).toFixed(2)} pages/s)`);
}
rmSync(tmp, { recursive: true, force: true });
