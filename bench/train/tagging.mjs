// Tagging speed only (issue 14 #3): nerflow's default model and the reference peer (/work/shared/peer),
// each trained for --epochs (default 1) on CoNLL-2002 esp.train (speed does not depend on accuracy), then
// each tags esp.testa --runs times (default 3) on --threads threads; prints the median words/s of each and
// the ratio nerflow / peer. nerflow tags as bench/train/vs-peer.mjs does: `loadModel(dir).predict` in
// slices of 400 examples, scores: false, `useThreads(threads)`, embedding cache cleared before each run
// (cold: hashing + network, as the peer tags from scratch). The peer times its own `predict` over the
// whole file, as its main() does (bench/train/peer_tagging.py).
//
// Usage (repo root, after `npx nx build @nerflow/train`; peer set-up in /work/shared/peer/README.md):
//   flock /tmp/cpu.lock node bench/train/tagging.mjs [--only nerflow|peer] [--threads 2] [--runs 3]
//       [--epochs 1] [--out /tmp/tagging] [--retrain]
// The nerflow model is kept in --out/nerflow-model and reused by a later call (--retrain: train again).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tagWordsPerSecond } from '../lib/tagging.mjs';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  peer: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/peer') },
  python: { type: 'string', default: '/usr/bin/python3' },
  openblas: { type: 'string', default: '/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp' },
  only: { type: 'string' }, threads: { type: 'string', default: String(Math.min(2, cpus().length)) },
  runs: { type: 'string', default: '3' }, epochs: { type: 'string', default: '1' },
  out: { type: 'string', default: '/tmp/tagging' }, retrain: { type: 'boolean', default: false },
} });
const trainFile = path.join(a.data, 'esp.train');
const devFile = path.join(a.data, 'esp.testa');
if (!existsSync(trainFile)) { console.error(`skipped: ${trainFile} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const out = {};
if (a.only !== 'peer') out.nerflow = await nerflow();
if (a.only !== 'nerflow') out.peer = peer();
for (const [k, r] of Object.entries(out)) console.log(JSON.stringify(r));
if (out.nerflow && out.peer) {
  console.log(JSON.stringify({ taggingWordsPerSecondRatio: +(out.nerflow.medianWordsPerSecond / out.peer.medianWordsPerSecond).toFixed(2), goal: '>= 1.0' }));
}

async function nerflow() {
  const { trainOnExamples, loadModel, setMatMulThreads } = await import('@nerflow/train');
  const { nativeStatus } = await import('@nerflow/native');
  const { readCorpus } = await import('@nerflow/corpus');
  const modelDir = path.join(a.out, 'nerflow-model');
  const dev = await readCorpus(devFile);
  let trainSeconds = null;
  if (a.retrain || !existsSync(path.join(modelDir, 'config.json'))) {
    const train = await readCorpus(trainFile);
    const t = performance.now();
    const it = trainOnExamples(train, dev, { train: trainFile, dev: devFile, out: modelDir, overwrite: true, seed: 1, maxEpochs: Number(a.epochs), threads: Number(a.threads) });
    for (let r = await it.next(); !r.done; r = await it.next());
    trainSeconds = +((performance.now() - t) / 1000).toFixed(1);
    // training ran its products on --threads threads; prediction's pool runs one per replica, as a fresh process does
    setMatMulThreads(1);
  }
  const examples = dev.map((x) => ({ text: x.example.text, tokens: x.example.tokens }));
  const words = examples.reduce((s, e) => s + e.tokens.length, 0);
  const nlp = await loadModel(modelDir);
  await nlp.useThreads(Number(a.threads));
  const loadBefore = load();
  const runs = (await tagWordsPerSecond(nlp, examples, Number(a.runs))).map(Math.round);
  nlp.dispose();
  return { system: 'nerflow', words, trainSeconds, wordsPerSecond: runs, medianWordsPerSecond: median(runs), threads: Number(a.threads), kernels: nativeStatus().reason, load: `${loadBefore} -> ${load()}` };
}

function peer() {
  const loadBefore = load();
  const p = spawnSync(a.python, [path.join(import.meta.dirname, 'peer_tagging.py'), '--peer', a.peer, '--train', trainFile, '--dev', devFile,
    '--epochs', a.epochs, '--runs', a.runs, '--threads', a.threads], { env: { ...process.env, LD_LIBRARY_PATH: a.openblas }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (p.status !== 0) throw new Error(`peer failed (${p.status}): ${p.stderr.slice(-2000)}`);
  const r = JSON.parse(p.stdout.trim().split('\n').at(-1));
  return { ...r, medianWordsPerSecond: median(r.wordsPerSecond), load: `${loadBefore} -> ${load()}` };
}
