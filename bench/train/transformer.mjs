// Featurisation throughput of the transformer encoder with the tiny BERT-like test model
// (packages/train/fixtures/tiny-bert-es), and the overhead of our alignment + pooling + caching over
// onnxruntime alone on the same windows. Usage (repo root, after `npx nx build @nerflow/train`):
//   nice -n 10 node bench/train/transformer.mjs [--data ../shared/data/conll2002-es/esp.testa]
// Without the CoNLL file it uses the package's Spanish test sentences repeated.
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { parseArgs } from 'node:util';
import * as ort from 'onnxruntime-node';
import { TransformerFeaturizer } from '@nerflow/train';
import { readCorpus, tokenize } from '@nerflow/corpus';

const root = path.resolve(import.meta.dirname, '../..');
const { values: a } = parseArgs({ options: { data: { type: 'string', default: path.join(root, '../shared/data/conll2002-es/esp.testa') }, docs: { type: 'string', default: '1500' } } });
const model = path.join(root, 'packages/train/fixtures/tiny-bert-es');
let docs;
if (existsSync(a.data)) docs = (await readCorpus(a.data)).slice(0, Number(a.docs)).map((x) => ({ words: x.example.tokens.map((t) => t.text) }));
else {
  console.error(`note: ${a.data} not found; using generated Spanish sentences`);
  const s = 'El gobierno de España presentó ayer en Madrid los datos del mercado , según el ministro de Economía .';
  docs = Array.from({ length: Number(a.docs) }, (_, i) => ({ words: tokenize(`${s} Caso ${i}.`).map((t) => t.text) }));
}
const words = docs.reduce((s, d) => s + d.words.length, 0);
const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];

// Our path, no cache: alignment, windowing, batching, onnxruntime (through transformers.js), pooling.
const f = await TransformerFeaturizer.load({ model, cacheDir: null, batchSize: 32 });
const ours = [];
for (let k = 0; k < 3; k++) { const t = performance.now(); await f.compute(docs.map((d) => d.words)); ours.push(performance.now() - t); }

// onnxruntime alone on the same windows (same padding and batch order), ids prepared beforehand.
const seqs = f.plan(docs.map((d) => d.words)).jobs.map((j) => j.seq).sort((x, y) => x.length - y.length); // the same windows ours runs
const session = await ort.InferenceSession.create(path.join(model, 'onnx/model.onnx'));
const feeds = [];
for (let b = 0; b < seqs.length; b += 32) {
  const batch = seqs.slice(b, b + 32); const T = Math.max(...batch.map((s) => s.length));
  const ids = new BigInt64Array(batch.length * T), mask = new BigInt64Array(batch.length * T);
  batch.forEach((s, r) => s.forEach((id, t) => { ids[r * T + t] = BigInt(id); mask[r * T + t] = 1n; }));
  const mk = (d) => new ort.Tensor('int64', d, [batch.length, T]);
  feeds.push({ input_ids: mk(ids), attention_mask: mk(mask), token_type_ids: mk(new BigInt64Array(batch.length * T)) });
}
const alone = [];
for (let k = 0; k < 3; k++) { const t = performance.now(); for (const fd of feeds) await session.run(fd); alone.push(performance.now() - t); }

// Warm disk cache: what every training epoch after the first pays.
const cacheDir = path.join(os.tmpdir(), `nerflow-bench-cache-${process.pid}`);
const fc = await TransformerFeaturizer.load({ model, cacheDir, batchSize: 32 });
const tc = performance.now(); await fc.featurize(docs); const cold = performance.now() - tc;
const tw = performance.now(); await fc.featurize(docs); const warm = performance.now() - tw;
rmSync(cacheDir, { recursive: true, force: true });

const m = { ours: median(ours), alone: median(alone) };
console.log(JSON.stringify({
  docs: docs.length, words, pieces: seqs.reduce((s, x) => s + x.length, 0),
  oursMs: Math.round(m.ours), onnxruntimeAloneMs: Math.round(m.alone),
  oursTokensPerSecond: Math.round(words / (m.ours / 1000)), onnxruntimeTokensPerSecond: Math.round(words / (m.alone / 1000)),
  overheadOverOnnxruntime: +((m.ours - m.alone) / m.alone).toFixed(3),
  cacheColdMs: Math.round(cold), cacheWarmMs: Math.round(warm), cachedTokensPerSecond: Math.round(words / (warm / 1000)),
}, null, 1));
await f.dispose(); await fc.dispose();
