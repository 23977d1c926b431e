// Seconds per epoch of `nerflow train` on 1 and N threads (data-parallel replicas), on a sample of
// esp.train, same seed. Usage (repo root, after `npx nx build @nerflow/train`):
//   nice -n 10 node bench/train/threads.mjs [--sample 2000] [--threads 1,2] [--model DIR]
// With --model, also tags esp.testa with that model on each thread count (words/s, median of 3).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, Tok2Vec, NerModel, evidenceOf, trainLoop, loadModel } from '@nerflow/train';
import { readCorpus } from '@nerflow/corpus';
import { tagWordsPerSecond } from '../lib/tagging.mjs';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  sample: { type: 'string', default: '2000' }, threads: { type: 'string', default: '1,2' }, 'batch-words': { type: 'string', default: '1000' },
  model: { type: 'string' }, 'skip-train': { type: 'boolean', default: false },
} });
const file = path.join(a.data, 'esp.train');
if (!existsSync(file)) { console.error(`skipped: ${file} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }
await initBackend();
const train = (await readCorpus(file)).slice(0, Number(a.sample));
const labels = [...new Set(train.flatMap((x) => (x.example.spans ?? []).map((s) => s.label)))].sort();
const base = { maxEpochs: 1, patience: 0, batchWords: Number(a['batch-words']), learnRate: 0.002, warmupSteps: 250, dropout: 0.1, clip: 5, seed: 0 };
const rows = [];
for (const threads of a['skip-train'] ? [] : a.threads.split(',').map(Number)) {
  const model = NerModel.create(Tok2Vec.create({}, 0), labels, 'BILUO', 0);
  const docs = train.map((x) => evidenceOf(x.example, model.tags, 'BILUO', x)).filter((d) => d && d.words.length);
  const words = docs.reduce((s, d) => s + d.words.length, 0);
  const t = performance.now();
  let loss = 0;
  for await (const ev of trainLoop(model, docs, [], { ...base, threads })) if (ev.type === 'epoch') loss = ev.loss;
  const s = (performance.now() - t) / 1000;
  rows.push({ threads, seconds: +s.toFixed(2), wordsPerSecond: Math.round(words / s), loss: +loss.toFixed(4) });
  console.log(JSON.stringify(rows.at(-1)));
  model.dispose();
}
if (rows.length) console.log(`speed-up ${rows[0].threads} -> ${rows.at(-1).threads} threads: ${(rows[0].seconds / rows.at(-1).seconds).toFixed(2)}x`);

if (a.model) {
  const dev = (await readCorpus(path.join(a.data, 'esp.testa'))).map((x) => ({ text: x.example.text, tokens: x.example.tokens }));
  for (const threads of a.threads.split(',').map(Number)) {
    const nlp = await loadModel(a.model);
    await nlp.useThreads(threads);
    const runs = await tagWordsPerSecond(nlp, dev, 3); // cold passes: the workers' caches are cleared too
    nlp.dispose();
    console.log(JSON.stringify({ tagging: true, threads, wordsPerSecond: Math.round(runs.sort((x, y) => x - y)[1]) }));
  }
}
