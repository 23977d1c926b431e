// Renders the transfer tables (issue 8) as markdown from the JSON lines bench/transfer/ner.mjs appends.
// Usage: node bench/transfer/table.mjs [/tmp/transfer/results.jsonl] [NAME_PREFIX of the learning-curve runs, e.g. v2-]
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2] ?? '/tmp/transfer/results.jsonl', 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const prefix = process.argv[3] ?? '';
const by = new Map(rows.map((r) => [r.name.startsWith(prefix) ? r.name.slice(prefix.length) : r.name, r])); // the last run of a name wins
const f1 = (name) => (by.get(name)?.f1 ?? null);
const cell = (x) => (x === null || x === undefined ? '—' : x.toFixed(2));
const delta = (a, b) => (a === null || b === null ? '—' : `${b - a >= 0 ? '+' : ''}${(b - a).toFixed(2)}`);
/** Relative error reduction (spaCy reports pretraining as ~10% of the error removed). */
const err = (a, b) => (a === null || b === null ? '—' : `${((100 * (b - a)) / (100 - a)).toFixed(1)}%`);

console.log('### 1. Scratch vs pretrained, with and without static vectors (entity F1 on esp.testa)\n');
console.log('| train data | scratch | + vectors | pretrained | pretrained + vectors |');
console.log('|---|---|---|---|---|');
for (const pct of [10, 25, 50, 100]) {
  const r = [f1(`lc${pct}-scratch`), f1(`lc${pct}-vectors`), f1(`lc${pct}-pre`), f1(`lc${pct}-pre-vectors`)];
  if (r.some((x) => x !== null)) console.log(`| ${pct}% | ${r.map(cell).join(' | ')} |`);
}
console.log('\n### 2. Learning curve: scratch vs pretrained (same seeds and sentence samples)\n');
console.log('| train data | sentences | words | epochs | scratch F1 | pretrained F1 | Δ F1 | error removed | s/epoch |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const pct of [10, 25, 50, 100]) {
  const s = by.get(`lc${pct}-scratch`);
  const p = by.get(`lc${pct}-pre`);
  if (!s && !p) continue;
  const any = s ?? p;
  console.log(`| ${pct}% | ${any.trainDocs} | ${any.trainWords} | ${any.options.maxEpochs} | ${cell(f1(`lc${pct}-scratch`))} | ${cell(f1(`lc${pct}-pre`))} | ${delta(f1(`lc${pct}-scratch`), f1(`lc${pct}-pre`))} | ${err(f1(`lc${pct}-scratch`), f1(`lc${pct}-pre`))} | ${cell(s?.secondsPerEpoch ?? null)} |`);
}
console.log('\n### 3. Adding MISC to a PER/LOC/ORG base model (old types F1 on esp.testa, before → after)\n');
const base = by.get('da-base');
if (base) console.log(`Base model: ${base.trainDocs} sentences without MISC, dev F1 (PER/LOC/ORG) ${cell(base.f1)}.\n`);
console.log('| MISC sentences | rehearsal | old types F1 before | after | Δ | PER | LOC | ORG | MISC F1 |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const n of [200, 500, 1000]) {
  for (const reh of ['complete', 'plain', 'rehearsal', 'rehearsal3']) {
    const r = by.get(`da${n}-${reh}`);
    if (!r?.forgetting) continue;
    const old = r.forgetting.find((x) => x.label === 'old (micro)');
    const per = (l) => { const x = r.forgetting.find((y) => y.label === l); return `${cell(x?.before)} → ${cell(x?.after)}`; };
    console.log(`| ${n} | ${r.options.rehearsal ? `yes (ratio ${r.options.rehearsalRatio})` : r.options.completeAnnotations ? 'no, and MISC-only data taken as complete (--complete-annotations)' : 'no'} | ${cell(old.before)} | ${cell(old.after)} | ${delta(old.before, old.after)} | ${per('PER')} | ${per('LOC')} | ${per('ORG')} | ${cell(r.perLabel.MISC ?? null)} |`);
  }
}
