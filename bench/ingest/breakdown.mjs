#!/usr/bin/env node
// Where nerflow ingest spends CPU, per page, in one thread (CPU time, so a loaded machine skews it
// less than wall time): pdf.js extraction, pdftotext (child CPU), clean-up, split + tokenize,
// hashing + JSON. Usage: node bench/ingest/breakdown.mjs [PDF_DIR]
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inputHash, taskHash } from '../../packages/corpus/dist/index.js';
import { extractors, cleanDocument } from '../../packages/ingest/dist/index.js';
import { units } from '../../packages/ingest/dist/document.js';

const dir = process.argv[2] ?? '/work/shared/data/pdfs-es';
const pdfs = readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => path.join(dir, f)).sort();
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const t = { pdfjs: 0, clean: 0, tokenize: 0, hashJson: 0 };
let pages = 0;
const pp = extractors.get('pdf-parse');
await pp.extract(pdfs[0], new Uint8Array(readFileSync(pdfs[0]))); // load pdf.js outside the timing
for (const f of pdfs) {
  let c = cpu();
  const doc = await pp.extract(f, new Uint8Array(readFileSync(f)));
  t.pdfjs += cpu() - c; c = cpu();
  pages += doc.pages.length;
  const { paragraphs } = cleanDocument(doc.pages, { normalize: true, dehyphenate: true, stripRepeated: true });
  t.clean += cpu() - c; c = cpu();
  const us = [...units(paragraphs, 'sentence')];
  t.tokenize += cpu() - c; c = cpu();
  for (const u of us) { const e = { text: u.text, meta: { page: u.page }, tokens: u.tokens }; e._input_hash = inputHash(e); e._task_hash = taskHash(e); JSON.stringify(e); }
  t.hashJson += cpu() - c;
}
const r = spawnSync('/usr/bin/time', ['-f', '%U %S', 'sh', '-c', `for f in ${pdfs.map((p) => `'${p}'`).join(' ')}; do pdftotext -q -htmlmeta -enc UTF-8 "$f" /dev/null; done`], { encoding: 'utf8' });
const [u, s] = r.stderr.trim().split('\n').pop().split(' ').map(Number);
const ms = (x) => ((1000 * x) / pages).toFixed(2);
console.log(`${pages} pages; CPU ms per page: pdftotext ${ms(u + s)} | pdf.js ${ms(t.pdfjs)} | clean-up ${ms(t.clean)} | sentence split + tokenize ${ms(t.tokenize)} | hashes + JSON ${ms(t.hashJson)}`);
