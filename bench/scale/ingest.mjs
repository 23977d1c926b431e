// Distributed ingest: the same corpus ingested by one process (local worker threads) and through
// the PostgreSQL job queue (`nerflow ingest --queue`) by 1 and 2 `nerflow worker` processes (the
// built CLI), then a fault run: SIGKILL one worker mid-run, start another, and compare the output
// with the local run's (same documents and examples, same order, no duplicates, nothing missing).
// Queue overhead per job is measured on --tiny N (default 200) one-line text files (nothing to extract: the queue is the cost).
//   npx nx run-many -t build -p @nerflow/ingest @nerflow/cli && \
//   NERFLOW_TEST_PG=postgresql://nerflow:nerflow@127.0.0.1:5432/nerflow_test \
//   nice -n 10 node bench/scale/ingest.mjs [/work/shared/data/pdfs-es] [--tiny 200] [--expire 10]
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startWorker, stopWorker } from '../lib/workers.mjs';
import pg from 'pg';
import { runIngest } from '@nerflow/ingest';

const PG = process.env.NERFLOW_TEST_PG;
if (!PG) { console.error('Set NERFLOW_TEST_PG=postgresql://... (see docs/scale.md)'); process.exit(2); }
const input = process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : '/work/shared/data/pdfs-es';
const tinyAt = process.argv.indexOf('--tiny');
/** Tiny files for the overhead figure (--tiny N; each costs ~0.5 s on the queue). */
const TINY = tinyAt > 0 ? Number(process.argv[tinyAt + 1]) : 200;
const expireAt = process.argv.indexOf('--expire');
/**
 * --job-expire-seconds of the runs (--expire S, default 10): longer than the slowest file takes on a
 * worker, else its job expires mid-file and is retried until reported (the full pdfs-es needs ~60).
 */
const EXPIRE = expireAt > 0 ? Number(process.argv[expireAt + 1]) : 10;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const lines = (f) => { try { return readFileSync(f, 'utf8').split('\n').filter(Boolean); } catch { return []; } };

let schemas = 0;
const queueUrl = () => { const u = new URL(PG); u.searchParams.set('schema', `bench_queue_${process.pid}_${schemas++}`); return u.href; };

const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-bench-queue-'));
const rows = [];
async function timed(name, opts, files) {
  const t0 = performance.now();
  const r = await runIngest(opts);
  const s = (performance.now() - t0) / 1000;
  rows.push({ name, s, files, ok: r.files.ok, failed: r.files.failed, pages: r.pages });
  return r;
}
try {
  const expire = EXPIRE;
  // 1 and 2: one at a time, locally and on one worker process.
  await timed('local, 1 thread', { paths: [input], out: path.join(dir, 'local1'), workers: 1 }, 0);
  let q = queueUrl();
  let ws = [await startWorker(q, expire)];
  await timed('queue, 1 worker process', { paths: [input], out: path.join(dir, 'queue1'), queue: q, jobExpireSeconds: expire }, 0);
  for (const w of ws) await stopWorker(w);
  await timed('local, 2 threads', { paths: [input], out: path.join(dir, 'local2'), workers: 2 }, 0);
  q = queueUrl();
  ws = [await startWorker(q, expire), await startWorker(q, expire)];
  await timed('queue, 2 worker processes', { paths: [input], out: path.join(dir, 'queue2'), queue: q, jobExpireSeconds: expire }, 0);
  for (const w of ws) await stopWorker(w);

  // Fault run: kill one of two workers once a third of the documents are in; a replacement starts.
  q = queueUrl();
  ws = [await startWorker(q, expire), await startWorker(q, expire)];
  const faultOut = path.join(dir, 'fault');
  const t0 = performance.now();
  const run = runIngest({ paths: [input], out: faultOut, queue: q, jobExpireSeconds: expire });
  const total = lines(path.join(dir, 'local2', 'docs.jsonl')).length;
  while (lines(path.join(faultOut, 'docs.jsonl')).length < total / 3) await new Promise((r) => setTimeout(r, 100));
  ws[0].kill('SIGKILL');
  const killedAt = (performance.now() - t0) / 1000;
  ws.push(await startWorker(q, expire));
  const fault = await run;
  const faultS = (performance.now() - t0) / 1000;
  for (const w of ws) await stopWorker(w);
  const ref = lines(path.join(dir, 'local2', 'examples.jsonl'));
  const got = lines(path.join(faultOut, 'examples.jsonl'));
  const ids = (d) => lines(path.join(d, 'docs.jsonl')).map((l) => JSON.parse(l).id);
  const hashes = got.map((l) => JSON.parse(l)._input_hash);

  // Queue overhead per job: TINY tiny files, locally vs on one worker.
  const tiny = path.join(dir, 'tiny');
  mkdirSync(tiny);
  for (let i = 0; i < TINY; i++) writeFileSync(path.join(tiny, `nota-${String(i).padStart(3, '0')}.txt`), `Nota ${i}: la campaña de Meta Ads en Zaragoza subió un ${i % 17}%.\n`);
  const l = await timed(`${TINY} tiny files, local, 1 thread`, { paths: [tiny], out: path.join(dir, 'tiny-local'), workers: 1 }, TINY);
  q = queueUrl();
  ws = [await startWorker(q, expire)];
  const qq = await timed(`${TINY} tiny files, queue, 1 worker`, { paths: [tiny], out: path.join(dir, 'tiny-queue'), queue: q, jobExpireSeconds: expire, workers: 1 }, TINY);
  for (const w of ws) await stopWorker(w);

  console.log(`input ${input}; node ${process.version}, ${os.cpus().length} cores shared by coordinator, workers and PostgreSQL (noisy machine)`);
  console.log('| run | wall s | files ok | failed | pages | vs local 1 thread |');
  console.log('|---|---|---|---|---|---|');
  const base = rows[0].s;
  for (const r of rows.slice(0, 4)) console.log(`| ${r.name} | ${r.s.toFixed(1)} | ${r.ok} | ${r.failed} | ${r.pages} | ${(base / r.s).toFixed(2)}x |`);
  const tl = rows.find((r) => r.name.startsWith(`${TINY} tiny files, local`)), tq = rows.find((r) => r.name.startsWith(`${TINY} tiny files, queue`));
  console.log(`\nqueue overhead per job (${TINY} one-line files, one at a time): ${(((tq.s - tl.s) / TINY) * 1000).toFixed(1)} ms (local ${tl.s.toFixed(1)} s, queue ${tq.s.toFixed(1)} s; ok ${l.files.ok}/${qq.files.ok})`);
  console.log(`fault run: worker SIGKILLed at ${killedAt.toFixed(1)} s, replacement started, run done at ${faultS.toFixed(1)} s (--job-expire-seconds ${expire}); files ok ${fault.files.ok}, failed ${fault.files.failed}; `
    + `examples.jsonl identical to the local run: ${JSON.stringify(got) === JSON.stringify(ref)} (${got.length} lines, ${new Set(hashes).size} distinct); doc ids in the same order: ${JSON.stringify(ids(faultOut)) === JSON.stringify(ids(path.join(dir, 'local2')))}`);
} finally {
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  for (let i = 0; i < schemas; i++) await c.query(`DROP SCHEMA IF EXISTS bench_queue_${process.pid}_${i} CASCADE`);
  await c.end();
  rmSync(dir, { recursive: true, force: true });
}
