// Transformer featurisation for training as queue jobs (`nerflow train --encoder transformer:... --queue`):
// the same documents featurised by this process (the local path: TransformerEncoder.prepare) and through
// the PostgreSQL job queue by 1 and 2 `nerflow worker` processes (the built CLI), on the tiny BERT-like
// fixture (packages/train/fixtures/tiny-bert-es). Each run starts from an empty feature cache; the
// cache files of every queue run are compared with the local run's (bit for bit). Queue overhead
// per job: --tiny N one-document prepare calls in a row (one job each), queue minus local, per call.
//   npx nx run-many -t build -p @nerflow/train @nerflow/ingest @nerflow/cli --skip-nx-cache && \
//   NERFLOW_TEST_PG=postgresql://nerflow:nerflow@127.0.0.1:5432/nerflow_test \
//   flock /tmp/cpu.lock nice -n 10 node bench/scale/featurize.mjs [--docs 4000] [--runs 3] [--tiny 20]
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWorker, stopWorker } from '../lib/workers.mjs';
import pg from 'pg';
import { readCorpus } from '@nerflow/corpus';
import { loadTransformerEncoder } from '@nerflow/train';

const PG = process.env.NERFLOW_TEST_PG;
if (!PG) { console.error('Set NERFLOW_TEST_PG=postgresql://... (see docs/scale.md)'); process.exit(2); }
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : dflt; };
const DOCS = Number(arg('docs', 4000));
const RUNS = Number(arg('runs', 3));
const TINY = Number(arg('tiny', 20));
const CORPUS = arg('corpus', '/work/shared/data/conll2002-es/esp.train');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const MODEL = path.join(root, 'packages/train/fixtures/tiny-bert-es');
const { withQueueFeatures } = await import(path.join(root, 'packages/cli/dist/queue/featurize-queue.js'));

let schemas = 0;
const queueUrl = () => { const u = new URL(PG); u.searchParams.set('schema', `bench_feat_${process.pid}_${schemas++}`); return u.href; };

const cacheFiles = (dir) => {
  const [sub] = readdirSync(dir);
  return { bin: readFileSync(path.join(dir, sub, 'features.bin')), index: readFileSync(path.join(dir, sub, 'index.jsonl'), 'utf8') };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ctx = { signal: new AbortController().signal, log: { debug() {}, info() {}, warn: (m) => console.error(m), error: (m) => console.error(m) }, progress() {} };

const docs = (await readCorpus(CORPUS)).slice(0, DOCS).map((x) => ({ words: x.example.tokens.map((t) => t.text) }));
const words = docs.reduce((a, d) => a + d.words.length, 0);
const tmp = mkdtempSync(path.join(os.tmpdir(), 'nerflow-bench-feat-'));
console.log(`corpus: first ${docs.length} sentences of ${CORPUS} (${words} words); model ${MODEL}; ${RUNS} runs per config; jobs of <= 256 documents (one per prepare chunk)`);

/** Featurises `sets` (prepare calls, in order) from an empty cache; returns seconds and the cache folder. */
async function featurize(name, sets) {
  const cacheDir = path.join(tmp, `${name}-${Math.random().toString(36).slice(2)}`);
  const enc = await loadTransformerEncoder({ model: MODEL }, { cacheDir });
  const t0 = performance.now();
  for (const set of sets) await enc.prepare(set);
  const s = (performance.now() - t0) / 1000;
  enc.dispose();
  return { s, cacheDir };
}
async function onQueue(nWorkers, fn) {
  const queue = queueUrl();
  const workers = [];
  try {
    for (let i = 0; i < nWorkers; i++) workers.push(await startWorker(queue));
    return await withQueueFeatures({ queue, localOnly: true, jobRetries: 2, jobExpireSeconds: 60 }, ctx, async (remote) => ({ ...(await fn()), jobs: remote.counts.jobs }));
  } finally {
    for (const w of workers) await stopWorker(w);
  }
}

const rows = { local: [], 'queue, 1 worker': [], 'queue, 2 workers': [] };
let reference = null;
let identical = 0;
let compared = 0;
let jobs = 0;
try {
  for (let r = 0; r < RUNS; r++) {
    const local = await featurize('local', [docs]);
    rows.local.push(local.s);
    reference ??= cacheFiles(local.cacheDir);
    for (const n of [1, 2]) {
      const q = await onQueue(n, () => featurize(`queue${n}`, [docs]));
      rows[`queue, ${n} worker${n > 1 ? 's' : ''}`].push(q.s);
      jobs = q.jobs;
      const c = cacheFiles(q.cacheDir);
      compared++;
      if (c.bin.equals(reference.bin) && c.index === reference.index) identical++;
    }
    console.log(`run ${r + 1}: local ${rows.local.at(-1).toFixed(2)} s, 1 worker ${rows['queue, 1 worker'].at(-1).toFixed(2)} s, 2 workers ${rows['queue, 2 workers'].at(-1).toFixed(2)} s`);
  }
  const base = median(rows.local);
  console.log(`\n| run | median s (of ${RUNS}) | all runs s | words/s | vs local |`);
  console.log('|---|---|---|---|---|');
  for (const [name, xs] of Object.entries(rows)) {
    const m = median(xs);
    console.log(`| ${name} | ${m.toFixed(2)} | ${xs.map((x) => x.toFixed(2)).join(', ')} | ${Math.round(words / m)} | ${(base / m).toFixed(2)}x |`);
  }
  console.log(`\nqueue runs: ${jobs} jobs each; feature cache identical to the local run's (features.bin and index.jsonl, bytes): ${identical} of ${compared}`);

  // Overhead per job: TINY prepare calls of one new document each (one job per call, one after the other).
  const tiny = docs.slice(0, TINY).map((d) => [d]);
  const lt = await featurize('tiny-local', tiny);
  const qt = await onQueue(1, () => featurize('tiny-queue', tiny));
  console.log(`overhead: ${TINY} one-document jobs in a row: local ${lt.s.toFixed(2)} s, queue (1 worker) ${qt.s.toFixed(2)} s: ${((1000 * (qt.s - lt.s)) / TINY).toFixed(0)} ms per job`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  for (let i = 0; i < schemas; i++) await c.query(`DROP SCHEMA IF EXISTS bench_feat_${process.pid}_${i} CASCADE`);
  await c.end();
}
