// Scale-out benchmark: N scripted annotators over loopback against (a) one annotate server on
// SQLite (the reference) and (b) two annotate server processes on one PostgreSQL dataset, the
// annotators spread over both as a load balancer would. Reports answers/s and get-next / answer
// p50/p99 (goal p99 < 50 ms on a quiet machine), then a fault run: SIGKILL one PostgreSQL server
// mid-load, its annotators fail over to the other; acknowledged answers lost, tasks stored twice,
// and how soon the killed server's open tasks are handed out again. CPU per answer of the servers,
// of their PostgreSQL backends (read from /proc: a PostgreSQL on this machine) and of the clients.
//   npx nx run-many -t build -p @nerflow/annotate @nerflow/store && \
//   NERFLOW_TEST_PG=postgresql://nerflow:nerflow@127.0.0.1:5432/nerflow_test \
//   nice -n 10 node bench/scale/annotate.mjs [--examples 100000] [--annotators 50] [--seconds 20] [--repeats 1] [--think 0] [--warmup 0]
// --think MS: each annotator pauses 0.5-1.5x MS per task, as a person does (0: closed loop, the stress test).
// --warmup S: latencies of requests sent in the first S seconds of each run are left out (start-up).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runAnnotators } from '../lib/annotators.mjs';

const PG = process.env.NERFLOW_TEST_PG;
if (!PG) { console.error('Set NERFLOW_TEST_PG=postgresql://... (a PostgreSQL to create scratch schemas in; see docs/scale.md)'); process.exit(2); }
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const EXAMPLES = arg('examples', 100_000), ANNOTATORS = arg('annotators', 50), SECONDS = arg('seconds', 20), REPEATS = arg('repeats', 1), THINK = arg('think', 0), WARMUP = arg('warmup', 0);
const here = path.dirname(new URL(import.meta.url).pathname);

const SENTENCES = [
  'Google Ads mejoró el CTR un 12% en el tercer trimestre.', 'La campaña de Meta Ads se lanzó en Madrid el lunes.',
  'El Sr. Pérez revisó la tasa de conversión con el equipo de SEO.', 'Según HubSpot, el coste por lead bajó a 3,20 € en España.',
  'Con Semrush medimos el tráfico orgánico de la web cada semana.', 'La agencia de Valencia usa Google Analytics y Looker Studio.',
];
async function makeSource(dir) {
  const file = path.join(dir, 'source.jsonl');
  const out = createWriteStream(file);
  for (let i = 0; i < EXAMPLES; i++) {
    if (!out.write(`${JSON.stringify({ text: `${SENTENCES[i % SENTENCES.length]} Informe ${i}, página ${i % 37}.` })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'close');
  const patterns = path.join(dir, 'patterns.jsonl');
  writeFileSync(patterns, [{ label: 'PLATAFORMA', pattern: [{ lower: 'google' }, { lower: 'ads' }] }, { label: 'PLATAFORMA', pattern: 'HubSpot' },
    { label: 'METRICA', pattern: [{ lower: 'ctr' }] }].map((p) => JSON.stringify(p)).join('\n'));
  return { file, patterns };
}

function startServer(db, src, lease = 600) {
  const child = spawn(process.execPath, [path.join(here, 'server.mjs'), db, src.file, src.patterns, String(lease)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+) (\d+)/.exec(out);
      if (m) resolve({ child, url: m[1], startMs: Number(m[2]), output: () => out });
    });
    child.on('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
}
async function stopServer(s) {
  if (s.child.exitCode !== null || s.child.signalCode !== null) return NaN;
  s.child.kill('SIGTERM');
  await once(s.child, 'exit');
  return Number(/CPU (\d+)/.exec(s.output())?.[1] ?? NaN);
}

let schemas = 0;
// Each PostgreSQL config's connections carry their own application_name, so that its backends can be found.
const pgDb = () => {
  const u = new URL(PG);
  u.searchParams.set('schema', `bench_scale_${process.pid}_${schemas}`);
  u.searchParams.set('application_name', `nerflow_bench_${process.pid}_${schemas++}`);
  return u.href;
};
/**
 * CPU ms the PostgreSQL backends of `db`'s connections have used so far (utime + stime from /proc: a
 * server on this machine only; NaN when they cannot be read). Backends connect during the run, so
 * this is their CPU for the run (and the servers' start-up queries).
 */
async function backendCpuMs(db) {
  if (!db.startsWith('postgres')) return NaN;
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  try {
    const { rows } = await c.query('SELECT pid FROM pg_stat_activity WHERE application_name = $1', [new URL(db).searchParams.get('application_name')]);
    let ticks = 0;
    for (const { pid } of rows) {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(f[11]) + Number(f[12]);
    }
    return rows.length ? ticks * 10 : NaN; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  } finally {
    await c.end();
  }
}
async function dropSchemas() {
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  for (let i = 0; i < schemas; i++) await c.query(`DROP SCHEMA IF EXISTS bench_scale_${process.pid}_${i} CASCADE`);
  await c.end();
}

/** Closed-loop annotators (get one task, answer it) until the deadline; `serverFor(k)` picks each one's server. */
const load = (serverFor, seconds, onAck) => runAnnotators({ count: ANNOTATORS, seconds, serverFor, onAck, thinkMs: THINK, warmupSeconds: WARMUP });

async function runConfig(name, dbs, src) {
  const servers = [];
  for (const db of dbs) servers.push(await startServer(db, src));
  const client0 = process.cpuUsage();
  const r = await load((k) => servers[k % servers.length].url, SECONDS);
  const client = process.cpuUsage(client0);
  const pgCpu = await backendCpuMs(dbs[0]);
  const cpu = (await Promise.all(servers.map(stopServer))).reduce((a, b) => a + b, 0);
  return { name, ...r, startMs: Math.max(...servers.map((s) => s.startMs)), cpuPerAnswer: cpu / r.answers,
    pgCpuPerAnswer: pgCpu / r.answers, clientCpuPerAnswer: (client.user + client.system) / 1000 / r.answers };
}

/** SIGKILL one of two PostgreSQL servers mid-load; its annotators fail over to the survivor. */
async function faultRun(src) {
  const db = pgDb();
  const lease = 5;
  const a = await startServer(db, src, lease), b = await startServer(db, src, lease);
  const acked = new Set();
  let killed = false, killedAt = 0;
  const fault = load((k) => (k % 2 === 0 && !killed ? a.url : b.url), SECONDS, (s, h) => acked.add(`${s}:${h}`));
  await new Promise((r) => setTimeout(r, (SECONDS * 1000) / 2));
  // The open leases at the kill: held by the killed server's sessions, not answered.
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  const schema = new URL(db).searchParams.get('schema');
  a.child.kill('SIGKILL');
  killed = true;
  killedAt = performance.now();
  await once(a.child, 'exit');
  // Held by annotators (sessions) and reserved by a server ahead of handing out (holder names start with '~').
  const openRows = (await c.query(`SELECT task_hash, session LIKE '~%' AS reserved FROM "${schema}".task_leases WHERE expires <> 'infinity'`)).rows;
  const open = openRows.filter((x) => !x.reserved).map((x) => Number(x.task_hash));
  const reserved = openRows.filter((x) => x.reserved).map((x) => Number(x.task_hash));
  // How soon each set is done again (answered) by anyone.
  const doneAfter = async (hashes) => {
    while (performance.now() - killedAt < 30_000) {
      const left = (await c.query(`SELECT count(*)::int AS n FROM "${schema}".task_leases WHERE task_hash = ANY($1::int8[]) AND expires <> 'infinity'`, [hashes])).rows[0].n;
      if (left === 0) return performance.now() - killedAt;
      await new Promise((r) => setTimeout(r, 50));
    }
    return NaN;
  };
  const watch = Promise.all([doneAfter(open), doneAfter(reserved)]);
  const r = await fault;
  const [servedAgainMs, reservedAgainMs] = await watch;
  await stopServer(b);
  const rows = (await c.query(`SELECT e.session, e.task_hash FROM "${schema}".examples e`)).rows;
  const stored = new Set(rows.map((x) => `${x.session}:${Number(x.task_hash)}`));
  const lost = [...acked].filter((k) => !stored.has(k)).length;
  const perTask = new Map();
  for (const x of rows) perTask.set(Number(x.task_hash), (perTask.get(Number(x.task_hash)) ?? 0) + 1);
  const duplicates = [...perTask.values()].filter((n) => n > 1).length;
  await c.end();
  return { ...r, acked: acked.size, stored: rows.length, lost, duplicates, open: open.length, servedAgainMs, reserved: reserved.length, reservedAgainMs, lease };
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-bench-scale-'));
try {
  const src = await makeSource(dir);
  console.log(`${ANNOTATORS} annotators (${THINK ? `think ${THINK} ms ±50% per task` : 'closed loop, no think time'}${WARMUP ? `; latencies after the first ${WARMUP} s` : ''}), ${EXAMPLES} examples, ${SECONDS} s per run, node ${process.version}, ${os.cpus().length} cores shared by the clients, the servers and PostgreSQL (noisy machine)`);
  const rows = [];
  for (let i = 0; i < REPEATS; i++) {
    rows.push(await runConfig('1 server, SQLite (reference)', [path.join(dir, `ref-${i}.db`)], src));
    const url = pgDb();
    rows.push(await runConfig('2 servers, PostgreSQL', [url, url], src));
    rows.push(await runConfig('1 server, PostgreSQL', [pgDb()], src));
  }
  const ms = (x) => (Number.isFinite(x) ? `${x.toFixed(2)} ms` : '—');
  console.log('| config | server start | answers/s | get-next p50 | get-next p99 | answer p50 | answer p99 | server CPU per answer | PostgreSQL CPU per answer | client CPU per answer | errors |');
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.name} | ${(r.startMs / 1000).toFixed(1)} s | ${r.perSec.toFixed(0)} | ${r.get50.toFixed(1)} ms | ${r.get99.toFixed(1)} ms | ${r.post50.toFixed(1)} ms | ${r.post99.toFixed(1)} ms | ${ms(r.cpuPerAnswer)} | ${ms(r.pgCpuPerAnswer)} | ${ms(r.clientCpuPerAnswer)} | ${r.errors} |`);
  const med = (name, k) => { const v = rows.filter((r) => r.name === name).map((r) => r[k]).sort((x, y) => x - y); return v[Math.floor((v.length - 1) / 2)]; };
  const ref = '1 server, SQLite (reference)', two = '2 servers, PostgreSQL';
  console.log(`\nratios (medians over ${REPEATS}): 2 PostgreSQL servers vs 1 SQLite server: answers/s ${(med(two, 'perSec') / med(ref, 'perSec')).toFixed(2)}x, get-next p99 ${(med(two, 'get99') / med(ref, 'get99')).toFixed(2)}x, answer p99 ${(med(two, 'post99') / med(ref, 'post99')).toFixed(2)}x`);
  const f = await faultRun(src);
  console.log(`\nfault run (2 PostgreSQL servers, --lease-seconds ${f.lease}, SIGKILL one at ${SECONDS / 2} s, its annotators fail over): ${f.acked} answers acknowledged, ${f.stored} stored, lost ${f.lost}, tasks stored twice ${f.duplicates}, ${f.open} open leases of annotators at the kill all answered again ${(f.servedAgainMs / 1000).toFixed(2)} s after it, ${f.reserved} tasks reserved by the servers (not handed out yet) ${Number.isFinite(f.reservedAgainMs) ? `all answered ${(f.reservedAgainMs / 1000).toFixed(2)} s after it` : 'not all answered before the load ended'}; ${f.errors} failed requests during failover`);
} finally {
  await dropSchemas().catch((e) => console.error(`cleanup: ${e.message}`));
  rmSync(dir, { recursive: true, force: true });
}
