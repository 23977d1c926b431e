#!/usr/bin/env node
// Paired check of a hand-judged sample: which examples judged bad in an earlier output are no
// longer written as prose (meta.kind text/heading) by a new output, which good ones of the
// sample the new output no longer writes at all, and which good ones it writes as another kind
// (fragment, table...: kept in examples.jsonl, but out of a prose-only sample). Same items, so no sampling noise between runs.
// Usage: node bench/ingest/paired-bad.mjs JUDGED.tsv OLD/examples.jsonl NEW/examples.jsonl
//   JUDGED.tsv: the lines of sample-sentences.mjs with a verdict column (index, kind, ok|bad, reason, text).
import { readFileSync } from 'node:fs';

const [judged, oldFile, newFile] = process.argv.slice(2);
const read = (f) => readFileSync(f, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const oldByPrefix = new Map(read(oldFile).map((e) => [e.text.slice(0, 160), e.text]));
const kindNow = new Map(read(newFile).map((e) => [e.text, e.meta?.kind ?? 'text']));
const gone = [];
const still = [];
const lost = [];
const demoted = [];
for (const line of readFileSync(judged, 'utf8').split('\n')) {
  if (!line || line.startsWith('#')) continue;
  const [i, , verdict, , text] = line.split('\t');
  const full = oldByPrefix.get(JSON.parse(text)) ?? JSON.parse(text);
  const kind = kindNow.get(full);
  if (verdict === 'bad') (kind === 'text' || kind === 'heading' ? still : gone).push(kind ? `${i} (now ${kind})` : i);
  else if (kind === undefined) lost.push(i);
  else if (kind !== 'text' && kind !== 'heading') demoted.push(`${i} (now ${kind})`);
}
console.log(`${judged}: ${gone.length + still.length} judged bad; no longer prose in the new output: ${gone.length} [${gone.join(', ')}]; still prose: ${still.length} [${still.join(', ')}]; judged good but no longer written: ${lost.length} [${lost.join(', ')}]; judged good, written but no longer as prose: ${demoted.length} [${demoted.join(', ')}]`);
