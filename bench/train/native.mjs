// The native kernels (@nerflow/native) against the pure-npm wasm path, in one script: training
// seconds for one epoch on a sample of esp.train (1 and 2 threads) and tagging words/s on esp.testa,
// each in its own child process with NERFLOW_NATIVE=1 or 0 (the kernels are chosen once per process).
// Usage (repo root, after `npx nx build @nerflow/train`):
//   nice -n 10 node bench/train/native.mjs [--sample 2000] [--threads 1,2] [--repeats 3] [--chars 0]
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { tagWordsPerSecond } from '../lib/tagging.mjs';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  sample: { type: 'string', default: '2000' }, threads: { type: 'string', default: '1,2' }, repeats: { type: 'string', default: '3' },
  chars: { type: 'string', default: '0' }, child: { type: 'string' },
} });
const trainFile = path.join(a.data, 'esp.train');
if (!existsSync(trainFile)) { console.error(`skipped: ${trainFile} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }

if (a.child) {
  const { initBackend, Tok2Vec, NerModel, evidenceOf, trainLoop, DEFAULT_CHAR_CNN } = await import('@nerflow/train');
  const { readCorpus } = await import('@nerflow/corpus');
  const { nativeStatus } = await import('@nerflow/native');
  await initBackend();
  const threads = Number(a.child);
  const train = (await readCorpus(trainFile)).slice(0, Number(a.sample));
  const labels = [...new Set(train.flatMap((x) => (x.example.spans ?? []).map((s) => s.label)))].sort();
  const chars = Number(a.chars) > 0 ? { ...DEFAULT_CHAR_CNN, filters: Number(a.chars) } : null;
  const model = NerModel.create(Tok2Vec.create({ chars }, 0), labels, 'BILUO', 0);
  const docs = train.map((x) => evidenceOf(x.example, model.tags, 'BILUO', x)).filter((d) => d && d.words.length);
  const words = docs.reduce((s, d) => s + d.words.length, 0);
  const t = performance.now();
  let loss = 0;
  const settings = { maxEpochs: 1, patience: 0, batchWords: 1000, learnRate: 0.002, warmupSteps: 250, dropout: 0.1, clip: 5, seed: 0, threads };
  for await (const ev of trainLoop(model, docs, [], settings)) if (ev.type === 'epoch') loss = ev.loss;
  const trainSeconds = (performance.now() - t) / 1000;
  // Tagging: esp.testa with the model just trained (its weights do not change the cost).
  const { NerPredictor } = await import('@nerflow/train');
  const dev = (await readCorpus(path.join(a.data, 'esp.testa'))).map((x) => ({ text: x.example.text, tokens: x.example.tokens }));
  const nlp = new NerPredictor(model, { labels, scheme: 'BILUO', tags: model.tags }, ''); // in memory: no folder needed to tag
  await nlp.useThreads(threads);
  const rates = await tagWordsPerSecond(nlp, dev, 3); // cold passes: the workers' caches are cleared too
  console.log(JSON.stringify({ kernels: nativeStatus().reason, threads, trainSeconds: +trainSeconds.toFixed(2), trainWordsPerSecond: Math.round(words / trainSeconds), loss: +loss.toFixed(4), tagWordsPerSecond: Math.round(rates.sort((x, y) => x - y)[1]) }));
  nlp.dispose();
  process.exit(0);
}

const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const rows = [];
console.log(`load before: ${load()}`);
for (const threads of a.threads.split(',').map(Number)) {
  for (const native of ['1', '0']) {
    const runs = [];
    for (let r = 0; r < Number(a.repeats); r++) {
      const p = spawnSync(process.execPath, [import.meta.filename, '--child', String(threads), '--data', a.data, '--sample', a.sample, '--chars', a.chars],
        { env: { ...process.env, NERFLOW_NATIVE: native }, encoding: 'utf8' });
      if (p.status !== 0) throw new Error(`child failed: ${p.stderr.slice(-2000)}`);
      runs.push(JSON.parse(p.stdout.trim().split('\n').at(-1)));
    }
    const row = { kernels: runs[0].kernels, threads, trainSeconds: median(runs.map((x) => x.trainSeconds)), tagWordsPerSecond: median(runs.map((x) => x.tagWordsPerSecond)), loss: runs[0].loss };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
}
for (const threads of new Set(rows.map((r) => r.threads))) {
  const [n, w] = [rows.find((r) => r.threads === threads && r.kernels.startsWith('native')), rows.find((r) => r.threads === threads && !r.kernels.startsWith('native'))];
  if (n && w) console.log(`${threads} thread(s): training ${(w.trainSeconds / n.trainSeconds).toFixed(2)}x faster with native kernels, tagging ${(n.tagWordsPerSecond / w.tagWordsPerSecond).toFixed(2)}x`);
}
console.log(`load after: ${load()}`);
