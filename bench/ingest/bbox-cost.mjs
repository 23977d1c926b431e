#!/usr/bin/env node
// What pdftotext's positional output would cost the pdftotext extractor (issue 18): CPU time and
// output size of `pdftotext -bbox-layout` (blocks, lines, word boxes) against `-htmlmeta` (what the
// extractor runs today), one process per file in turn, medians of --repeats runs. Parsing the boxes
// in Node would come on top.
// Usage: node bench/ingest/bbox-cost.mjs DIR [--repeats 3]
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const dir = args[0];
const repeats = Number(args[args.indexOf('--repeats') + 1] || 3);
const files = readdirSync(dir).filter((f) => f.endsWith('.pdf')).map((f) => join(dir, f));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function run(flag) {
  let bytes = 0;
  const t0 = process.hrtime.bigint();
  for (const f of files) {
    try { bytes += execFileSync('pdftotext', [flag, '-enc', 'UTF-8', f, '-'], { maxBuffer: 1 << 30, stdio: ['ignore', 'pipe', 'ignore'] }).length; } catch { /* a damaged file fails alike in both modes */ }
  }
  return { s: Number(process.hrtime.bigint() - t0) / 1e9, bytes };
}

const result = {};
for (const flag of ['-htmlmeta', '-bbox-layout']) {
  const runs = [];
  for (let r = 0; r < repeats; r++) runs.push(run(flag));
  result[flag] = { s: median(runs.map((x) => x.s)), bytes: runs[0].bytes };
  console.log(`${flag}: ${files.length} files, median ${result[flag].s.toFixed(2)} s wall (runs ${runs.map((x) => x.s.toFixed(2)).join(', ')}), ${(result[flag].bytes / 1e6).toFixed(1)} MB out`);
}
console.log(`bbox-layout / htmlmeta: time ${(result['-bbox-layout'].s / result['-htmlmeta'].s).toFixed(2)}x, output ${(result['-bbox-layout'].bytes / result['-htmlmeta'].bytes).toFixed(1)}x`);
