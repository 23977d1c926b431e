// Pretraining run for the transfer tables (issue 8): tok2vec pretrained on the esp.train text (no labels)
// plus raw Spanish news text, with the characters objective, on 2 worker threads.
// Usage: node bench/transfer/pretrain.mjs OUT [maxSeconds] [width] [depth] [vectors]
// CoNLL-2002 and UN News text are research-only: the resulting weights are for these benchmarks, never shipped.
import { pretrain } from '@nerflow/train';

const [out = '/tmp/transfer/pretrained', maxSeconds = '2700', width = '64', depth = '4', vectors] = process.argv.slice(2);
const data = process.env.NERFLOW_DATA ?? new URL('../../../shared/data/', import.meta.url).pathname;
const trainText = process.env.TRAIN_TEXT ?? '/tmp/transfer/esp-train.txt'; // made by bench/transfer/data.mjs
const t0 = performance.now();
const r = await pretrain({
  inputs: [trainText, `${data}/raw-es-news`, `${data}/raw-es`], out, maxWords: 3_000_000, maxSteps: 4000,
  maxSeconds: Number(maxSeconds), arch: 'cnn', width: Number(width), depth: Number(depth), vectors, batchWords: 2000,
  checkpointEvery: 100, keepCheckpoints: true, workers: 2, seed: 1,
}, {
  progress: (e) => { if (e.done % 25 === 0) console.log(`step ${e.done} loss ${e.stats.loss} ${e.stats['words/s']} words/s ${((performance.now() - t0) / 1000).toFixed(0)} s`); },
  log: { debug() {}, info: (m) => console.log(m), warn: (m) => console.warn(m), error: (m) => console.error(m) },
  signal: new AbortController().signal,
});
console.log(JSON.stringify({ ...r, losses: undefined }));
console.log('loss curve', r.losses.map(([s, l]) => `${s}:${l.toFixed(3)}`).join(' '));
