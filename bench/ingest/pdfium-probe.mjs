#!/usr/bin/env node
// Is there a pure-npm PDF text extractor faster than pdf.js? CPU per page of PDFium compiled to
// WebAssembly (@embedpdf/pdfium: MIT wrapper, PDFium Apache-2.0, so it could ship with nerflow)
// reading every page's text (and, with --rects, the text runs' rectangles an extractor needs for
// layout), against poppler's pdftotext on the same files, one thread, in one run. Not a nerflow
// extractor (yet): @embedpdf/pdfium is not a dependency, so install it outside the repo first:
//   mkdir -p /tmp/pdfium && npm install --prefix /tmp/pdfium --no-save @embedpdf/pdfium@2.15.1
//   nice -n 10 node bench/ingest/pdfium-probe.mjs [PDF_DIR] --pdfium /tmp/pdfium [--rects]
import { readFileSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
const dir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--pdfium')) ?? '/work/shared/data/pdfs-es';
const pkg = path.join(opt('--pdfium') ?? '/tmp/pdfium', 'node_modules/@embedpdf/pdfium');
const { init } = await import(pathToFileURL(path.join(pkg, 'dist/index.js')).href);
const wasmBinary = readFileSync(path.join(pkg, 'dist/pdfium.wasm'));
const t00 = performance.now();
const { pdfium: m, ...w } = await init({ wasmBinary });
const f = w; // the wrapped PDFium functions
f.PDFiumExt_Init();
console.log(`# ${new Date().toISOString()} load ${(await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' ')}\ninit ${(performance.now() - t00).toFixed(0)} ms`);
const pdfs = readdirSync(dir).filter((x) => x.endsWith('.pdf')).sort().map((x) => path.join(dir, x));
const withRects = args.includes('--rects');
let pages = 0, chars = 0, failed = 0;
const texts = new Map(); // file -> all its pages' text, for the word agreement below (outside the timing)
const c0 = process.cpuUsage();
for (const file of pdfs) {
  const data = readFileSync(file);
  const parts = [];
  const ptr = m.wasmExports.malloc(data.length);
  m.HEAPU8.set(data, ptr);
  const doc = f.FPDF_LoadMemDocument(ptr, data.length, '');
  if (!doc) { failed++; m.wasmExports.free(ptr); continue; }
  const n = f.FPDF_GetPageCount(doc);
  for (let i = 0; i < n; i++) {
    const page = f.FPDF_LoadPage(doc, i);
    const tp = f.FPDFText_LoadPage(page);
    const count = f.FPDFText_CountChars(tp);
    const buf = m.wasmExports.malloc((count + 1) * 2);
    f.FPDFText_GetText(tp, 0, count, buf);
    const text = m.UTF16ToString(buf);
    m.wasmExports.free(buf);
    chars += text.length;
    parts.push(text);
    if (withRects) {
      const rects = f.FPDFText_CountRects(tp, 0, count);
      const d = m.wasmExports.malloc(32);
      for (let r = 0; r < rects; r++) f.FPDFText_GetRect(tp, r, d, d + 8, d + 16, d + 24);
      m.wasmExports.free(d);
    }
    f.FPDFText_ClosePage(tp);
    f.FPDF_ClosePage(page);
    pages++;
  }
  f.FPDF_CloseDocument(doc);
  m.wasmExports.free(ptr);
  texts.set(file, parts.join('\n'));
}
const c = process.cpuUsage(c0);
const ms = (c.user + c.system) / 1000;
console.log(`pdfium${withRects ? ' + line rects' : ''}: ${pdfs.length} files (${failed} unreadable), ${pages} pages, ${chars} chars, ${ms.toFixed(0)} CPU ms, ${(ms / pages).toFixed(2)} ms/page`);
// pdftotext, one process per file, sequential: CPU of the children.
const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'sh', '-c', `for f in "${dir}"/*.pdf; do pdftotext -q -enc UTF-8 "$f" /dev/null; done`], { encoding: 'utf8' });
const [u, s] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
console.log(`pdftotext: ${((u + s) * 1000).toFixed(0)} CPU ms, ${((u + s) * 1000 / pages).toFixed(2)} ms/page (same pages)`);

// Does PDFium read the same words? Bag-of-words overlap with pdftotext per file (letters only,
// lower case, NFKC on both sides since the two write ligatures and accents in different forms).
const words = (t) => { const w = new Map(); for (const x of t.normalize('NFKC').toLowerCase().match(/\p{L}+/gu) ?? []) w.set(x, (w.get(x) ?? 0) + 1); return w; };
let both = 0, ours = 0, ref = 0;
for (const [file, text] of texts) {
  const out = spawnSync('pdftotext', ['-q', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (out.status !== 0) continue;
  const a = words(text), b = words(out.stdout);
  for (const [w, k] of a) { both += Math.min(k, b.get(w) ?? 0); ours += k; }
  for (const k of b.values()) ref += k;
}
const p = both / ours, rc = both / ref;
console.log(`word agreement PDFium vs pdftotext: precision ${(100 * p).toFixed(2)}%, recall ${(100 * rc).toFixed(2)}%, F1 ${(200 * p * rc / (p + rc)).toFixed(2)}% (${ref} pdftotext words)`);
