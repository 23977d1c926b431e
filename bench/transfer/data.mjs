// Prepares the data of the transfer benchmarks (issue 8) under OUT (default /tmp/transfer/data), from
// ../shared/data/conll2002-es (research-only: nothing here is committed or shipped):
// - esp.train.{10,25,50,100}.conll: seeded samples of esp.train sentences (the same seed for every run);
// - esp.train.noMISC.{25,100}.conll: the same with MISC tags turned into O (the base model's data);
// - misc-only.{200,500,1000}.conll: sentences annotated ONLY for MISC (PER/LOC/ORG tags removed);
// - esp.testa.noMISC.conll: esp.testa without MISC (the base model's dev set);
// - esp-train.txt: the esp.train text without labels (pretraining and rehearsal input).
// Usage: node bench/transfer/data.mjs [OUT]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { Rng } from '@nerflow/train';

const out = process.argv[2] ?? '/tmp/transfer/data';
const data = process.env.NERFLOW_DATA ?? new URL('../../../shared/data/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const blocks = readFileSync(`${data}/conll2002-es/esp.train`, 'utf8').split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
const order = new Rng(2002).shuffle(blocks.map((_, i) => i));
const keepOnly = (block, keep) => block.split('\n').map((l) => {
  const [w, t] = l.split(' ');
  return `${w} ${t !== 'O' && keep.includes(t.slice(2)) ? t : 'O'}`;
}).join('\n');
const write = (name, idx, keep = ['PER', 'LOC', 'ORG', 'MISC']) => {
  writeFileSync(`${out}/${name}`, idx.map((i) => keepOnly(blocks[i], keep)).join('\n\n') + '\n');
  console.log(name, idx.length, 'sentences');
};
for (const pct of [10, 25, 50, 100]) write(`esp.train.${pct}.conll`, order.slice(0, Math.round((blocks.length * pct) / 100)));
for (const pct of [25, 100]) write(`esp.train.noMISC.${pct}.conll`, order.slice(0, Math.round((blocks.length * pct) / 100)), ['PER', 'LOC', 'ORG']);
// MISC-only sentences come from the END of the shuffled order (new text for the base model when it saw 25%).
for (const n of [200, 500, 1000]) write(`misc-only.${n}.conll`, order.slice(order.length - n), ['MISC']);
// The base model knows no MISC: its dev set is esp.testa without MISC (MISC tags -> O).
const testa = readFileSync(`${data}/conll2002-es/esp.testa`, 'utf8').split(/\n\s*\n/).map((b) => b.trim()).filter(Boolean);
writeFileSync(`${out}/esp.testa.noMISC.conll`, testa.map((b) => keepOnly(b, ['PER', 'LOC', 'ORG'])).join('\n\n') + '\n');
writeFileSync(`${out}/esp-train.txt`, blocks.map((b) => b.split('\n').map((l) => l.split(' ')[0]).join(' ')).join('\n') + '\n');
console.log('esp-train.txt', blocks.length, 'lines');
