// Trains the tok2vec + CRF model on CoNLL-2002 Spanish (esp.train; esp.testa as dev) and measures
// dev F1 per label, time per epoch and to the best epoch, `predict` words/s and model size.
// Usage (from the repo root, after `npx nx build @nerflow/train`):
//   nice -n 10 node bench/train/conll.mjs --out /tmp/ner-scratch [--vectors V.vec] [--seed 0] [--max-epochs 15] [--options '{"dropout":0.2}']
// Prints one JSON line per epoch and a summary with ratios to the reference peer
// (/work/shared/peer: PyTorch BiLSTM-CRF, figures from its README on this kind of machine).
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { trainEvents, loadModel } from '@nerflow/train';
import { readCorpus } from '@nerflow/corpus';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  out: { type: 'string', default: '/tmp/nerflow-bench-ner' },
  vectors: { type: 'string' }, seed: { type: 'string', default: '0' },
  'max-epochs': { type: 'string', default: '15' }, patience: { type: 'string', default: '4' },
  'predict-only': { type: 'boolean', default: false },
  options: { type: 'string', default: '{}' }, // extra trainModel options as JSON, e.g. '{"dropout":0.2}'
} });
const train = path.join(a.data, 'esp.train');
const dev = path.join(a.data, 'esp.testa');
if (!existsSync(train)) { console.error(`skipped: ${train} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }

// Reference peer (its README): dev F1 0.767/0.761 scratch, 0.793/0.794 with fastText vectors; ~21 s/epoch; ~50k words/s tagging (2 threads).
const PEER = { fScratch: 0.764, fVectors: 0.7935, secondsPerEpoch: 21, wordsPerSecond: 50000 };

// The machine is shared: wall-clock seconds depend on the load, CPU seconds of this process do not.
const cpuSeconds = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
let summary = null;
const epochCpu = [];
if (!a['predict-only']) {
  let cpuAt = cpuSeconds();
  const it = trainEvents({ train, dev, out: a.out, overwrite: true, vectors: a.vectors, seed: Number(a.seed), maxEpochs: Number(a['max-epochs']), patience: Number(a.patience), ...JSON.parse(a.options) });
  for (;;) {
    const r = await it.next();
    if (r.done) { summary = r.value; break; }
    const ev = r.value;
    if (ev.type === 'ready') console.log(JSON.stringify(ev));
    if (ev.type === 'epoch') {
      const now = cpuSeconds(); epochCpu.push(now - cpuAt); cpuAt = now;
      console.log(JSON.stringify({ epoch: ev.epoch, loss: +ev.loss.toFixed(4), f: ev.dev?.micro.f, p: ev.dev?.micro.p, r: ev.dev?.micro.r, seconds: +ev.seconds.toFixed(1), cpuSeconds: +epochCpu.at(-1).toFixed(1), best: ev.isBest }));
    }
  }
}

// Prediction speed: the whole of esp.testa through the loaded model, 3 runs, median.
const examples = (await readCorpus(dev)).map((x) => ({ text: x.example.text, tokens: x.example.tokens }));
const words = examples.reduce((s, e) => s + e.tokens.length, 0);
const nlp = await loadModel(a.out);
const speed = {};
for (const scores of [false, true]) {
  const runs = [], cpuRuns = [];
  for (let k = 0; k < 3; k++) {
    nlp.model.encoder.clearCache?.(); // cold embedding cache every run: measures hashing + network, not a warm lookup
    const t = performance.now(), c = cpuSeconds();
    for (let i = 0; i < examples.length; i += 200) await nlp.predict(examples.slice(i, i + 200), { scores });
    runs.push(words / ((performance.now() - t) / 1000));
    cpuRuns.push(words / (cpuSeconds() - c));
  }
  speed[scores ? 'withScores' : 'noScores'] = { wall: Math.round(runs.sort((x, y) => x - y)[1]), perCpuSecond: Math.round(cpuRuns.sort((x, y) => x - y)[1]) };
}
const size = (p) => statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + size(path.join(p, f)), 0) : statSync(p).size;
const ref = a.vectors ? PEER.fVectors : PEER.fScratch;
const result = {
  vectors: a.vectors ?? null, seed: Number(a.seed), options: JSON.parse(a.options), backend: summary?.backend,
  devF1: summary?.dev?.micro.f, perLabel: summary && Object.fromEntries(Object.entries(summary.dev.perLabel).map(([l, p]) => [l, +p.f.toFixed(4)])),
  bestEpoch: summary?.bestEpoch, epochs: summary?.epochs, secondsPerEpoch: summary && +summary.secondsPerEpoch.toFixed(1), secondsToBest: summary && +summary.secondsToBest.toFixed(0),
  cpuSecondsPerEpoch: epochCpu.length ? +(epochCpu.reduce((x, y) => x + y, 0) / epochCpu.length).toFixed(1) : null,
  cpuSecondsToBest: summary ? +epochCpu.slice(0, summary.bestEpoch).reduce((x, y) => x + y, 0).toFixed(0) : null,
  predictWordsPerSecond: speed, modelBytes: size(a.out),
  vsPeer: {
    f1Delta: summary ? +(summary.dev.micro.f - ref).toFixed(4) : null,
    epochTimeRatio: epochCpu.length ? +((epochCpu.reduce((x, y) => x + y, 0) / epochCpu.length) / PEER.secondsPerEpoch).toFixed(2) : null,
    predictSpeedRatio: +(speed.noScores.perCpuSecond / PEER.wordsPerSecond).toFixed(2),
  },
};
console.log(JSON.stringify(result, null, 1));
nlp.dispose();
