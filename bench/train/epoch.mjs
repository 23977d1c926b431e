// One training epoch of the default recipe (`nerflow train` settings) on a sample of esp.train, for
// profiling and before/after timing of the training step (issue 14). Prints one JSON line: the
// epoch's training seconds (dev scoring excluded, as in vs-peer.mjs) and the first and last losses,
// so two builds can be compared for identical results.
// Usage (repo root, after `npx nx build @nerflow/train`):
//   flock /tmp/cpu.lock nice -n 10 node [--cpu-prof --cpu-prof-dir DIR] bench/train/epoch.mjs [--sample 2000] [--threads 2] [--options '{}']
//   node bench/train/cpuprofile.mjs DIR/*.cpuprofile    (where the time went)
// --train-dist DIR/packages/train/dist/index.js runs another build of @nerflow/train (e.g. `git archive`
// of an older commit, built with tsc, its node_modules a link to this checkout's): before/after.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readCorpus } from '@nerflow/corpus';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  sample: { type: 'string', default: '2000' }, threads: { type: 'string', default: '2' }, epochs: { type: 'string', default: '1' },
  options: { type: 'string', default: '{}' }, 'train-dist': { type: 'string' }, out: { type: 'string', default: '/tmp/nerflow-epoch' }, seed: { type: 'string', default: '1' },
} });
const trainFile = path.join(a.data, 'esp.train');
if (!existsSync(trainFile)) { console.error(`skipped: ${trainFile} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }
const { trainOnExamples } = await import(a['train-dist'] ?? '@nerflow/train');
const train = (await readCorpus(trainFile)).slice(0, Number(a.sample));
const dev = (await readCorpus(path.join(a.data, 'esp.testa'))).slice(0, 50); // scored but not timed
const it = trainOnExamples(train, dev, {
  train: trainFile, out: a.out, overwrite: true, seed: Number(a.seed), maxEpochs: Number(a.epochs), patience: 0,
  threads: Number(a.threads), ...JSON.parse(a.options),
});
const epochs = [];
const losses = [];
let cur = 0;
let last = performance.now();
for (;;) {
  const r = await it.next();
  const now = performance.now();
  if (r.done) break;
  const ev = r.value;
  if (ev.type === 'step') { cur += now - last; if (typeof ev.loss === 'number') losses.push(ev.loss); }
  if (ev.type === 'epoch') { epochs.push(+(cur / 1000).toFixed(2)); cur = 0; }
  last = performance.now();
}
console.log(JSON.stringify({ build: a['train-dist'] ?? 'this checkout', sample: train.length, threads: Number(a.threads), trainSeconds: epochs, steps: losses.length,
  firstLoss: losses[0], lastLoss: losses.at(-1), lossSum: +losses.reduce((x, y) => x + y, 0).toFixed(4) }));
