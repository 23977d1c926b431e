// One NER training run of the transfer benchmarks (issue 8), through the library API that
// `nerflow train` uses; prints a JSON line with the dev (esp.testa) scores and timings, and appends it
// to RESULTS (default /tmp/transfer/results.jsonl). Options are `nerflow train` options as JSON.
// Usage: node bench/transfer/ner.mjs NAME '{"train": "...", "initTok2vec": "...", ...}'
import { appendFileSync } from 'node:fs';
import { trainModel } from '@nerflow/train';

const [name, json] = process.argv.slice(2);
const data = process.env.NERFLOW_DATA ?? new URL('../../../shared/data/', import.meta.url).pathname;
const options = { dev: `${data}/conll2002-es/esp.testa`, out: `/tmp/transfer/models/${name}`, overwrite: true, patience: 0, seed: 1, ...JSON.parse(json) };
const t0 = performance.now();
const s = await trainModel(options, {
  progress: () => {},
  log: { debug() {}, info: (m) => console.error(m), warn: (m) => console.error(m), error: (m) => console.error(m) },
  signal: new AbortController().signal,
});
const f = (p) => (p ? +(100 * p.f).toFixed(2) : null);
const row = {
  name, options, seconds: +((performance.now() - t0) / 1000).toFixed(1), secondsPerEpoch: +s.secondsPerEpoch.toFixed(1),
  bestEpoch: s.bestEpoch, epochs: s.epochs, trainDocs: s.trainDocs, trainWords: s.trainWords,
  f1: f(s.dev?.micro), perLabel: Object.fromEntries(Object.entries(s.dev?.perLabel ?? {}).map(([l, p]) => [l, f(p)])),
  forgetting: s.forgetting?.map((r) => ({ label: r.label, before: f(r.before), after: f(r.after) })) ?? null,
};
appendFileSync(process.env.RESULTS ?? '/tmp/transfer/results.jsonl', JSON.stringify(row) + '\n');
console.log(JSON.stringify(row));
