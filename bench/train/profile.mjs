// Where one training epoch's time goes (issue 14): featurisation, forward, CRF, backward, optimiser,
// tensor traffic, per tfjs kernel. Runs one epoch of the default tok2vec + CRF model on a sample of
// esp.train (first N sentences), one thread, and prints a table of milliseconds per phase.
// Usage (repo root, after `npx nx build @nerflow/train`):
//   nice -n 10 node bench/train/profile.mjs [--sample 2000] [--batch-words 1000]
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend, tf, Tok2Vec, NerModel, evidenceOf, Adam, crfLoss } from '@nerflow/train';
import { readCorpus } from '@nerflow/corpus';

const { values: a } = parseArgs({ options: {
  data: { type: 'string', default: path.resolve(import.meta.dirname, '../../../shared/data/conll2002-es') },
  sample: { type: 'string', default: '2000' }, 'batch-words': { type: 'string', default: '1000' },
} });
const file = path.join(a.data, 'esp.train');
if (!existsSync(file)) { console.error(`skipped: ${file} not found (CoNLL-2002 is research-only data, not in the repo)`); process.exit(0); }
const backend = await initBackend();
tf.env().set('CHECK_COMPUTATION_FOR_ERRORS', false);
const train = (await readCorpus(file)).slice(0, Number(a.sample));
const labels = [...new Set(train.flatMap((x) => (x.example.spans ?? []).map((s) => s.label)))].sort();
const model = NerModel.create(Tok2Vec.create({}, 0), labels, 'BILUO', 0);
const docs = train.map((x) => evidenceOf(x.example, model.tags, 'BILUO', x)).filter((d) => d && d.words.length);
const batches = [];
for (let i = 0, cur = [], w = 0; i <= docs.length; i++) {
  const d = docs[i];
  if (!d || (cur.length && w + d.words.length > Number(a['batch-words']))) { if (cur.length) batches.push(cur); cur = []; w = 0; }
  if (d) { cur.push(d); w += d.words.length; }
}
const words = docs.reduce((s, d) => s + d.words.length, 0);
const adam = new Adam();
const t = { featurize: 0, forward: 0, crf: 0, step: 0, adam: 0 };
const kernels = new Map();
const now = () => performance.now();
// Warm-up step (wasm compilation, variable creation) not counted.
adam.apply(model.gradients(batches[0], 0.1, 1).grads, 0, 5);
const t0 = now();
let step = 0;
for (const b of batches) {
  const ws = b.flatMap((d) => d.words);
  let s = now();
  model.encoder.featurizer.featurize(ws); // cold: each batch's words hashed (the cache is warm after epoch 1)
  t.featurize += now() - s;
  s = now();
  const em = tf.tidy(() => model.emissions(b, 0.1, step));
  const emData = em.dataSync();
  t.forward += now() - s;
  s = now();
  const trans = model.head.get('transitions', [0], 'zeros').dataSync();
  let off = 0;
  for (const d of b) { crfLoss(model.structure, trans, { em: emData, offset: off, length: d.words.length }, d); off += d.words.length; }
  t.crf += now() - s;
  em.dispose();
  s = now();
  // The real step (forward + CRF + backward), profiled per kernel.
  let grads;
  const prof = await tf.profile(() => { grads = model.gradients(b, 0.1, step).grads; });
  t.step += now() - s;
  for (const k of prof.kernels) {
    const e = kernels.get(k.name) ?? { ms: 0, calls: 0 };
    e.ms += k.kernelTimeMs; e.calls++;
    kernels.set(k.name, e);
  }
  s = now();
  adam.apply(grads, 0.001, 5);
  t.adam += now() - s;
  step++;
}
const total = now() - t0;
const kernelMs = [...kernels.values()].reduce((x, y) => x + y.ms, 0);
const backward = t.step - t.forward - t.crf;
const rows = [
  ['featurisation (hashing, cold cache)', t.featurize],
  ['forward (tok2vec + output layer, incl. dataSync)', t.forward],
  ['CRF forward-backward in TS', t.crf],
  ['backward (step - forward - CRF)', backward],
  ['  of the whole step: time inside tfjs kernels', kernelMs],
  ['  of the whole step: JS outside kernels (grad bookkeeping, custom grads, tensor traffic)', t.step - kernelMs - t.crf],
  ['optimiser (Adam, incl. grad-norm readback)', t.adam],
];
console.log(`backend ${backend}; ${docs.length} sentences, ${words} words, ${batches.length} batches of <= ${a['batch-words']} words; wall ${total.toFixed(0)} ms (profiled; the step column excludes the separate forward/CRF measurements)`);
console.log('| phase | ms per epoch of the sample | ms per 1,000 words |');
console.log('|---|---|---|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(0)} | ${(ms / words * 1000).toFixed(1)} |`);
console.log('\n| kernel (forward + backward) | ms | calls | share of kernel time |');
console.log('|---|---|---|---|');
for (const [name, e] of [...kernels].sort((x, y) => y[1].ms - x[1].ms).slice(0, 15)) {
  console.log(`| ${name} | ${e.ms.toFixed(0)} | ${e.calls} | ${(100 * e.ms / kernelMs).toFixed(1)}% |`);
}
adam.dispose();
model.dispose();
