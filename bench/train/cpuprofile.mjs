// Self time per function (top N) and per source file of a V8 .cpuprofile (node --cpu-prof), to
// publish where a training epoch goes (issue 14). Usage: node bench/train/cpuprofile.mjs FILE [--top 30]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: a, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '30' } } });
const prof = JSON.parse(readFileSync(positionals[0], 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((x, y) => x + y, 0);
const fn = new Map();
const file = new Map();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const short = url.replace(/^.*\/(packages|node_modules)\//, '$1/');
  const k = `${functionName || '(anonymous)'} ${short}:${lineNumber + 1}`;
  fn.set(k, (fn.get(k) ?? 0) + us);
  file.set(short || functionName, (file.get(short || functionName) ?? 0) + us);
}
const table = (title, m, n) => {
  console.log(`\n| ${title} | ms | share |\n|---|---|---|`);
  for (const [k, us] of [...m].sort((x, y) => y[1] - x[1]).slice(0, n)) console.log(`| ${k} | ${(us / 1000).toFixed(0)} | ${(100 * us / total).toFixed(1)}% |`);
};
console.log(`total sampled ${(total / 1000).toFixed(0)} ms (main thread)`);
table('function (self time)', fn, Number(a.top));
table('file (self time)', file, 15);
