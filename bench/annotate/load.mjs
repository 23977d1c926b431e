// Load benchmark: N concurrent scripted annotators against one annotate server (own process) over
// a 100k-example source on loopback. Reports answers/s and p50/p99 latency of get-next
// (GET /api/tasks) and answer (POST /api/answers), for synchronous=FULL (the default: every
// answer fsynced) and NORMAL (survives a crash, not a power cut), with group commits in the event
// loop (what `nerflow annotate` does) or on the store's write worker. Goal: p99 < 50 ms.
//   npx nx build @nerflow/annotate && nice -n 10 node bench/annotate/load.mjs [--examples 100000] [--annotators 20] [--seconds 20] [--repeats 2] [--think 0]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';

import { runAnnotators } from '../lib/annotators.mjs';

const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const EXAMPLES = arg('examples', 100_000), ANNOTATORS = arg('annotators', 20), SECONDS = arg('seconds', 20), REPEATS = arg('repeats', 2), THINK = arg('think', 0);
const here = path.dirname(new URL(import.meta.url).pathname);

const SENTENCES = [
  'Google Ads mejoró el CTR un 12% en el tercer trimestre.',
  'La campaña de Meta Ads se lanzó en Madrid el lunes.',
  'El Sr. Pérez revisó la tasa de conversión con el equipo de SEO.',
  'Según HubSpot, el coste por lead bajó a 3,20 € en España.',
  'Con Semrush medimos el tráfico orgánico de la web cada semana.',
  'La agencia de Valencia usa Google Analytics y Looker Studio.',
  'El ROAS de TikTok Ads superó al de LinkedIn en noviembre.',
  'La tasa de rebote bajó tras rediseñar la página de producto.',
];

async function makeSource(dir) {
  const file = path.join(dir, 'source.jsonl');
  const out = createWriteStream(file);
  for (let i = 0; i < EXAMPLES; i++) {
    if (!out.write(`${JSON.stringify({ text: `${SENTENCES[i % SENTENCES.length]} Informe ${i}, página ${i % 37}.`, meta: { doc: i >> 6 } })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const patterns = path.join(dir, 'patterns.jsonl');
  writeFileSync(patterns, [
    { label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] }, { label: 'PLATAFORMA', pattern: 'HubSpot' },
    { label: 'METRICA', pattern: [{ lower: 'ctr' }] }, { label: 'METRICA', pattern: 'tasa de conversión' },
  ].map((p) => JSON.stringify(p)).join('\n'));
  return { file, patterns };
}

function startServer(db, source, patterns, sync, worker) {
  const child = spawn(process.execPath, [path.join(here, 'server.mjs'), db, source, patterns, sync], {
    stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, BENCH_WORKER: worker ? '1' : '0' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+) (\d+)/.exec(out);
      if (m) resolve({ child, url: m[1], startMs: Number(m[2]) });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}

async function run({ sync, worker }, src, dir) {
  const db = path.join(dir, `bench-${sync}-${worker}.db`);
  const { child, url, startMs } = await startServer(db, src.file, src.patterns, sync, worker);
  const r = await runAnnotators({
    count: ANNOTATORS, seconds: SECONDS, serverFor: () => url, prefix: 'annotator', thinkMs: THINK,
    answerOf: (k) => (k % 5 === 0 ? 'reject' : 'accept'),
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.kill('SIGTERM');
  await once(child, 'exit');
  const cpuMs = Number(/CPU (\d+)/.exec(out)?.[1] ?? NaN);
  return { sync: `${sync}${worker ? ', commit on worker' : ', commit in event loop'}`, startMs, ...r, cpuPerAnswer: cpuMs / r.answers };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-bench-annotate-'));
try {
  const src = await makeSource(dir);
  console.log(`${ANNOTATORS} annotators${THINK ? ` (think ${THINK} ms ±50%)` : ' (no think time)'}, ${EXAMPLES} examples, ${SECONDS} s per run, node ${process.version}, ${os.cpus().length} cores (shared machine: figures are noisy)`);
  const rows = [];
  // First = what `nerflow annotate` does: synchronous=FULL, group commit in the event loop.
  const configs = [{ sync: 'full', worker: false }, { sync: 'normal', worker: false }, { sync: 'full', worker: true }];
  for (let r = 0; r < REPEATS; r++) for (const c of configs) rows.push(await run(c, src, dir));
  console.log('| config | server start (read+index 100k) | answers/s | get-next p50 | get-next p99 | answer p50 | answer p99 | server CPU per get+answer | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.sync} | ${(r.startMs / 1000).toFixed(1)} s | ${r.perSec.toFixed(0)} | ${r.get50.toFixed(1)} ms | ${r.get99.toFixed(1)} ms | ${r.post50.toFixed(1)} ms | ${r.post99.toFixed(1)} ms | ${r.cpuPerAnswer.toFixed(2)} ms | ${r.errors} |`);
  }
  // Medians over the repeats of each config (runs interleaved, so a burst of load on the shared machine hits all).
  const med = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor((s.length - 1) / 2)]; };
  const summary = configs.map((c, k) => {
    const rs = rows.filter((_, i) => i % configs.length === k);
    return { name: rs[0].sync, perSec: med(rs.map((r) => r.perSec)), get99: med(rs.map((r) => r.get99)), post99: med(rs.map((r) => r.post99)), get50: med(rs.map((r) => r.get50)), post50: med(rs.map((r) => r.post50)) };
  });
  console.log(`\nmedians over ${REPEATS} interleaved run(s):`);
  for (const m of summary) console.log(`  ${m.name}: ${m.perSec.toFixed(0)} answers/s, get-next p50/p99 ${m.get50.toFixed(1)}/${m.get99.toFixed(1)} ms, answer p50/p99 ${m.post50.toFixed(1)}/${m.post99.toFixed(1)} ms`);
  const d = summary[0];
  console.log(`default (full, event loop) vs the 50 ms p99 goal: get-next ${(d.get99 / 50).toFixed(2)}x, answer ${(d.post99 / 50).toFixed(2)}x`);
  console.log(`answers/s ratios: worker vs event-loop commit ${(summary[2].perSec / summary[0].perSec).toFixed(2)}x; normal vs full ${(summary[1].perSec / summary[0].perSec).toFixed(2)}x`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
