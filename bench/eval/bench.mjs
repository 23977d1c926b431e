// Speed of @nerflow/eval (BUILT package) on CoNLL-2002 esp.testa against the reference scorer
// /work/shared/peer/conlleval.py on the same files, same machine. Medians of N runs.
// Usage: nice -n 10 node bench/eval/bench.mjs [GOLD] [RUNS]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evaluate, loadCorpus, renderHtmlReport, runEval, toResultsJson } from '@nerflow/eval';

const gold = resolve(process.argv[2] ?? '../shared/data/conll2002-es/esp.testa');
const runs = Number(process.argv[3] ?? 5);
const peer = resolve('../shared/peer/conlleval.py');
if (!existsSync(gold)) { console.error(`no ${gold}`); process.exit(1); }

// Predictions: every 7th entity relabelled, every 11th deleted (deterministic).
const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-bench-'));
const pred = join(dir, 'pred.conll');
let k = 0;
writeFileSync(pred, readFileSync(gold, 'utf8').split('\n').map((line) => {
  const m = /^(\S+) ([BI])-(\w+)$/.exec(line);
  if (!m) return line;
  if (m[2] === 'B') k++;
  if (k % 11 === 0) return `${m[1]} O`;
  return k % 7 === 0 ? `${m[1]} ${m[2]}-${m[3] === 'PER' ? 'ORG' : 'PER'}` : line;
}).join('\n'));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(fn) {
  const ts = [];
  for (let i = 0; i < runs; i++) { const t = performance.now(); await fn(); ts.push(performance.now() - t); }
  return median(ts);
}

const [g, p] = await Promise.all([loadCorpus(gold), loadCorpus(pred)]);
const tokens = g.sentences.reduce((a, s) => a + s.tokens.length, 0);
const rows = [];
const add = (what, ms) => rows.push([what, ms]);
add('read both files (CoNLL, raw tags)', await time(async () => { await loadCorpus(gold); await loadCorpus(pred); }));
add('score: P/R/F1 + partial + confusion + errors', await time(() => evaluate(g.sentences, p.sentences)));
add('score + bootstrap 1000', await time(() => evaluate(g.sentences, p.sentences, { bootstrap: 1000 })));
const r = evaluate(g.sentences, p.sentences, { bootstrap: 1000 });
add('HTML report (5 vega charts to SVG)', await time(() => renderHtmlReport({ results: toResultsJson(r, { name: 'bench', gold }) })));
add('nerflow eval end to end (read + score)', await time(() => runEval({ gold, pred })));
let ref = null;
if (existsSync(peer) && existsSync('/usr/bin/python3')) {
  ref = await time(() => execFileSync('/usr/bin/python3', [peer, gold, pred]));
  add('reference conlleval.py (python3, read + score)', ref);
  const out = JSON.parse(execFileSync('/usr/bin/python3', [peer, gold, pred], { encoding: 'utf8' }));
  console.log(`same counts as conlleval.py: ${['tp', 'fp', 'fn'].every((c) => out.micro[c] === r.micro[c])} (tp ${r.micro.tp}, fp ${r.micro.fp}, fn ${r.micro.fn})`);
}
console.log(`${g.sentences.length} sentences, ${tokens} tokens, median of ${runs} runs (shared, noisy 2-core machine)`);
const e2e = rows.find(([w]) => w.startsWith('nerflow eval end'))[1];
for (const [what, ms] of rows) console.log(`${what.padEnd(48)} ${ms.toFixed(0).padStart(7)} ms${what.startsWith('nerflow eval end') && ref ? `   (${(e2e / ref).toFixed(2)}x conlleval.py)` : ''}`);
