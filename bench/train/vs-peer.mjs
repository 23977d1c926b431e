// nerflow vs the reference peer (/work/shared/peer: PyTorch BiLSTM-CRF with a char BiLSTM), one
// after the other on the same data and machine: CoNLL-2002 Spanish esp.train -> esp.testa (dev),
// both trained to early stopping on dev F1, from scratch. Prints per run and the ratios:
// seconds per epoch (training only, dev scoring excluded on both sides), dev F1 (micro, per label),
// best epoch and training seconds to it, tagging words/s on esp.testa, peak RSS and model size.
//
// Usage (repo root, after `npx nx build @nerflow/train`; peer set-up in /work/shared/peer/README.md):
//   nice -n 10 node bench/train/vs-peer.mjs [--seeds 1,2] [--max-epochs 30] [--patience 3]
//       [--sample 2000] [--only peer|nerflow] [--threads 2] [--out /tmp/vs-peer] [--options '{"dropout":0.2}'] [--summary]
//       [--vectors FILE.vec]   (the same static vectors for both: the peer's --emb, nerflow's --vectors)
// Each run's result is kept in --out/<system>-seed<N>.json and reused by a later call (delete it to
// rerun): the final table aggregates every result there for the current settings.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tagWordsPerSecond } from '../lib/tagging.mjs';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  peer: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/peer') },
  python: { type: 'string', default: '/usr/bin/python3' },
  openblas: { type: 'string', default: '/tmp/openblas/root/usr/lib/x86_64-linux-gnu/openblas-openmp' },
  seeds: { type: 'string', default: '1,2' }, 'max-epochs': { type: 'string', default: '30' }, patience: { type: 'string', default: '3' },
  sample: { type: 'string' }, only: { type: 'string' }, threads: { type: 'string', default: String(Math.min(2, cpus().length)) },
  out: { type: 'string', default: '/tmp/vs-peer' }, options: { type: 'string', default: '{}' }, vectors: { type: 'string' },
  child: { type: 'string' }, seed: { type: 'string' }, summary: { type: 'boolean', default: false },
} });
const trainFile = path.join(a.data, 'esp.train');
const devFile = path.join(a.data, 'esp.testa');

if (a.child === 'nerflow') { await nerflowChild(); process.exit(0); }

if (!existsSync(trainFile)) { console.error(`skipped: ${trainFile} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }
const tag = `e${a['max-epochs']}-p${a.patience}${a.sample ? `-s${a.sample}` : ''}-t${a.threads}${a.vectors ? `-v${path.basename(a.vectors, '.vec')}` : ''}`;
const outDir = path.join(a.out, tag);
mkdirSync(outDir, { recursive: true });
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const seeds = a.seeds.split(',').map(Number);
const results = { peer: [], nerflow: [] };
for (const seed of seeds) {
  for (const system of ['peer', 'nerflow']) {
    if (a.only && a.only !== system) continue;
    const file = path.join(outDir, `${system}-seed${seed}.json`);
    if (!existsSync(file) && a.summary) continue; // --summary: only aggregate the runs already done
    if (!existsSync(file)) {
      const loadBefore = load();
      console.error(`running ${system} seed ${seed} (load ${loadBefore}) ...`);
      const r = system === 'peer' ? runPeer(seed) : runNerflow(seed);
      writeFileSync(file, JSON.stringify({ ...r, loadBefore, loadAfter: load() }, null, 1));
    }
    const r = JSON.parse(readFileSync(file, 'utf8'));
    results[system].push(r);
    console.log(JSON.stringify({ system, seed, devF1: r.devF1, bestEpoch: r.bestEpoch, epochs: r.epochs, secondsPerEpoch: r.secondsPerEpoch, secondsToBest: r.secondsToBest, wordsPerSecond: r.wordsPerSecond, peakRssMB: r.peakRssMB, load: `${r.loadBefore} -> ${r.loadAfter}` }));
  }
}
summarise();

/** Peak RSS in MB of a command run under GNU time (covers every thread of the process). */
function timed(cmd, args, env) {
  const rss = path.join(outDir, '.rss');
  const p = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rss, cmd, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (p.status !== 0) throw new Error(`${cmd} failed (${p.status}): ${p.stderr.slice(-2000)}`);
  return { stdout: p.stdout, peakRssMB: Math.round(Number(readFileSync(rss, 'utf8').trim().split('\n').at(-1)) / 1024) };
}

function runPeer(seed) {
  const args = [path.join(a.peer, 'bilstm_crf.py'), '--train', trainFile, '--dev', devFile, '--test', devFile,
    '--max-epochs', a['max-epochs'], '--patience', a.patience, '--seed', String(seed), '--threads', a.threads];
  if (a.sample) args.push('--train-frac', String((Number(a.sample) + 0.5) / countSentences(trainFile)));
  if (a.vectors) args.push('--emb', a.vectors);
  const { stdout, peakRssMB } = timed(a.python, args, { LD_LIBRARY_PATH: a.openblas });
  const lines = stdout.trim().split('\n').map((l) => JSON.parse(l));
  const info = lines[0];
  const epochs = lines.filter((l) => 'epoch' in l);
  const s = lines.at(-1);
  return {
    system: 'peer', seed, devF1: s.dev.micro.f, perLabel: perLabel(s.dev), bestEpoch: s.best_epoch, epochs: s.epochs_run,
    secondsPerEpoch: s.secs_per_epoch, secondsToBest: +epochs.slice(0, s.best_epoch).reduce((x, e) => x + e.secs, 0).toFixed(1),
    devCurve: epochs.map((e) => e.dev_f), wordsPerSecond: s.test_words_per_sec, peakRssMB,
    modelBytes: info.params * 4, modelBytesNote: 'parameters x 4 bytes (the peer saves no model)', trainWords: info.train_words,
  };
}

function runNerflow(seed) {
  const args = [import.meta.filename, '--child', 'nerflow', '--seed', String(seed), '--data', a.data, '--out', a.out,
    '--max-epochs', a['max-epochs'], '--patience', a.patience, '--threads', a.threads, '--options', a.options];
  if (a.sample) args.push('--sample', a.sample);
  if (a.vectors) args.push('--vectors', a.vectors);
  const { stdout, peakRssMB } = timed(process.execPath, args, {});
  return { ...JSON.parse(stdout.trim().split('\n').at(-1)), peakRssMB };
}

function countSentences(file) {
  return readFileSync(file, 'utf8').split(/\n\s*\n/).filter((b) => b.trim() && !b.trim().startsWith('-DOCSTART-')).length;
}

function perLabel(dev) {
  return Object.fromEntries(Object.entries(dev.labels ?? {}).map(([l, p]) => [l, +p.f.toFixed(4)]));
}

/** Trains nerflow in this (child) process and prints one JSON line: timings exclude dev scoring and saving. */
async function nerflowChild() {
  const { trainOnExamples, loadModel } = await import('@nerflow/train');
  const { readCorpus } = await import('@nerflow/corpus');
  const seed = Number(a.seed);
  const modelDir = path.join(a.out, `nerflow-model-seed${seed}`);
  let train = await readCorpus(trainFile);
  if (a.sample) train = train.slice(0, Number(a.sample));
  const dev = await readCorpus(devFile);
  const opts = { train: trainFile, dev: devFile, out: modelDir, overwrite: true, seed, maxEpochs: Number(a['max-epochs']), patience: Number(a.patience), threads: Number(a.threads), ...(a.vectors ? { vectors: a.vectors } : {}), ...JSON.parse(a.options) };
  const it = trainOnExamples(train, dev, opts);
  const epochTrain = [];
  const curve = [];
  let cur = 0;
  let summary;
  let last = performance.now();
  for (;;) {
    const r = await it.next();
    const now = performance.now();
    if (r.done) { summary = r.value; break; }
    const ev = r.value;
    if (ev.type === 'step') cur += now - last; // the step's own time: dev scoring and saving come as other events
    if (ev.type === 'epoch') {
      epochTrain.push(cur / 1000); cur = 0; curve.push(ev.dev?.micro.f);
      console.error(JSON.stringify({ epoch: ev.epoch, trainSeconds: +epochTrain.at(-1).toFixed(1), f: ev.dev?.micro.f, best: ev.isBest }));
    }
    last = performance.now();
  }
  const examples = dev.map((x) => ({ text: x.example.text, tokens: x.example.tokens }));
  const nlp = await loadModel(modelDir);
  const tagThreads = Number(a.threads);
  if (nlp.useThreads) await nlp.useThreads(tagThreads); // the peer tags with --threads too
  const runs = await tagWordsPerSecond(nlp, examples, 3);
  nlp.dispose();
  const size = (p) => statSync(p).isDirectory() ? readdirSync(p).reduce((s, f) => s + size(path.join(p, f)), 0) : statSync(p).size;
  const best = summary.bestEpoch;
  console.log(JSON.stringify({
    system: 'nerflow', seed, devF1: summary.dev.micro.f,
    perLabel: Object.fromEntries(Object.entries(summary.dev.perLabel).map(([l, p]) => [l, +p.f.toFixed(4)])),
    bestEpoch: best, epochs: summary.epochs, secondsPerEpoch: +(epochTrain.reduce((x, y) => x + y, 0) / epochTrain.length).toFixed(1),
    secondsToBest: +epochTrain.slice(0, best).reduce((x, y) => x + y, 0).toFixed(1), devCurve: curve,
    wordsPerSecond: Math.round(runs.sort((x, y) => x - y)[1]), wordsPerSecondNote: nlp.useThreads ? `${tagThreads} threads` : 'one thread',
    modelBytes: size(modelDir), trainWords: summary.trainWords, threads: Number(a.threads), options: JSON.parse(a.options),
  }));
}

function summarise() {
  const mean = (xs) => xs.reduce((x, y) => x + y, 0) / Math.max(1, xs.length);
  const agg = (rs) => rs.length ? {
    runs: rs.length, devF1: +mean(rs.map((r) => r.devF1)).toFixed(4), secondsPerEpoch: +mean(rs.map((r) => r.secondsPerEpoch)).toFixed(1),
    secondsToBest: +mean(rs.map((r) => r.secondsToBest)).toFixed(0), bestEpochs: rs.map((r) => r.bestEpoch).join('/'),
    wordsPerSecond: Math.round(mean(rs.map((r) => r.wordsPerSecond))), peakRssMB: Math.max(...rs.map((r) => r.peakRssMB)),
    modelMB: +(mean(rs.map((r) => r.modelBytes)) / 1e6).toFixed(1),
    perLabel: Object.fromEntries(Object.keys(rs[0].perLabel).map((l) => [l, +mean(rs.map((r) => r.perLabel[l] ?? 0)).toFixed(4)])),
  } : null;
  const p = agg(results.peer);
  const n = agg(results.nerflow);
  console.log(JSON.stringify({ settings: tag, peer: p, nerflow: n }, null, 1));
  if (p && n) {
    console.log(JSON.stringify({
      secondsPerEpochRatio: +(n.secondsPerEpoch / p.secondsPerEpoch).toFixed(2), goalSecondsPerEpochRatio: '<= 1.0',
      devF1Delta: +(n.devF1 - p.devF1).toFixed(4), goalDevF1Delta: '>= +0.010',
      secondsToBestRatio: +(n.secondsToBest / p.secondsToBest).toFixed(2),
      taggingWordsPerSecondRatio: +(n.wordsPerSecond / p.wordsPerSecond).toFixed(2), goalTaggingRatio: '>= 1.0',
      peakRssRatio: +(n.peakRssMB / p.peakRssMB).toFixed(2),
    }, null, 1));
  }
}
