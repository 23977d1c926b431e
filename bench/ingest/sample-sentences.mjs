#!/usr/bin/env node
// Prints a fixed random sample of an ingest output's examples for judging by hand ("bad sentences
// per 100": cut mid-sentence, a title or list number glued on, contents/index/code/table lines,
// page furniture, garbage). Same seed, same sample.
// Usage: node bench/ingest/sample-sentences.mjs OUT_DIR/examples.jsonl [--n 100] [--seed 2027] [--kinds text,heading]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : def; };
const file = args[0];
const n = Number(opt('--n', 100));
let seed = Number(opt('--seed', 2027));
const kinds = opt('--kinds', '') ? new Set(opt('--kinds', '').split(',')) : null;
const rand = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; }; // deterministic LCG
const examples = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l))
  .filter((e) => !kinds || kinds.has(e.meta?.kind ?? 'text'));
for (let i = examples.length - 1; i > 0; i--) { const j = Math.floor(rand() * (i + 1)); [examples[i], examples[j]] = [examples[j], examples[i]]; }
examples.slice(0, n).forEach((e, i) => console.log(`${i}\t${e.meta?.kind ?? '-'}\t${JSON.stringify(e.text.slice(0, 160))}`));
