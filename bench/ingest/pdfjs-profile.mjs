#!/usr/bin/env node
// The pdf-parse extractor alone (pdf.js + nerflow's layout), one thread, over a folder of PDFs, for
// profiling: what pdf.js spends its time on. Summarise the profile with bench/train/cpuprofile.mjs:
//   nice -n 10 node --cpu-prof --cpu-prof-dir /tmp/prof bench/ingest/pdfjs-profile.mjs [PDF_DIR]
//   node bench/train/cpuprofile.mjs /tmp/prof/*.cpuprofile --top 25
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
const { extractors } = await import('../../packages/ingest/dist/index.js');
const dir = process.argv[2] ?? '/work/shared/data/pdfs-es';
const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f)).sort();
const pp = extractors.get('pdf-parse');
const c0 = process.cpuUsage();
let pages = 0;
for (const f of pdfs) { try { pages += (await pp.extract(f, new Uint8Array(readFileSync(f)))).pages.length; } catch {} }
const c = process.cpuUsage(c0);
console.log(`pdf.js: ${pages} pages, ${((c.user + c.system) / 1000 / pages).toFixed(2)} CPU ms/page`);
