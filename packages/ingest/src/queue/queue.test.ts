import { spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../run.js';
import { IngestErrors } from '../errors.js';

const FIX = path.join(import.meta.dirname, '..', '__fixtures__');
const TEST_PG = process.env.NERFLOW_TEST_PG?.trim() || undefined;
if (!TEST_PG) console.warn('[ingest queue] PostgreSQL tests skipped: NERFLOW_TEST_PG is not set (start PostgreSQL and export NERFLOW_TEST_PG=postgresql://USER:PASS@127.0.0.1:5432/DB; see docs/scale.md)');

const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);

let tmp: string;
const children: ChildProcess[] = [];
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-queue-')); });
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

/** A `nerflow worker` process; resolves once it takes jobs. Its stdout lines are collected in `said`. */
async function worker(queue: string): Promise<{ child: ChildProcess; said: string[] }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIX, 'worker-child.ts'), queue], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const said: string[] = [];
  const rl = createInterface({ input: child.stdout! });
  await new Promise<void>((resolve, reject) => {
    rl.on('line', (l) => { said.push(l); if (l === 'ready') resolve(); });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${said.join(' | ')}`)));
  });
  return { child, said };
}

describe('nerflow ingest --queue', () => {
  it('refuses a queue that is not a PostgreSQL URL, before writing anything', async () => {
    const err = await runIngest({ paths: [path.join(FIX, 'notas.txt')], out: path.join(tmp, 'nada'), queue: 'redis://127.0.0.1:6379' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: IngestErrors.QUEUE, hint: expect.stringContaining('postgresql://') });
    expect(await lines(path.join(tmp, 'nada', 'docs.jsonl'))).toEqual([]);
  });

  it.skipIf(!TEST_PG)('SIGKILL a worker mid-job: the job is retried on another, and the output equals the single-process run', async () => {
    const schema = `nerflow_q_${process.pid}_${Date.now().toString(36)}`;
    const u = new URL(TEST_PG!);
    u.searchParams.set('schema', schema);
    const queue = u.href;
    const input = path.join(tmp, 'in');
    await mkdir(input, { recursive: true });
    for (const f of ['cabeceras.pdf', 'guiones.pdf', 'notas.txt']) await copyFile(path.join(FIX, f), path.join(input, f));
    for (let i = 0; i < 4; i++) {
      await writeFile(path.join(input, `informe-${i}.txt`), `Informe ${i} de la campaña de otoño en Valencia.\n\nEl tráfico orgánico creció un ${i + 4}% y Meta Ads bajó el CPC a 0,${30 + i} €.\n`);
    }
    await writeFile(path.join(input, 'acta.lento'), 'Acta de la reunión del equipo de SEO en Bilbao.\nSe acordó medir la tasa de rebote cada lunes.\n');
    const common = { paths: [input], extractor: 'pdf-parse', plugins: [path.join(FIX, 'slow-plugin.mjs')] };
    const reference = await runIngest({ ...common, out: path.join(tmp, 'local'), workers: 1 });
    expect(reference.files.ok).toBe(8);

    const first = await worker(queue);
    const out = path.join(tmp, 'queued');
    const run = runIngest({ ...common, out, queue, jobExpireSeconds: 3, jobRetries: 2 });
    // Kill the worker once it is inside the slow job (its extractor takes 1.5 s).
    const boss = new PgBoss({ connectionString: TEST_PG!, schema, supervise: false, schedule: false });
    await boss.start();
    let killedMidJob = false;
    for (let t = 0; t < 400 && !killedMidJob; t++) {
      const { rows } = await boss.getDb().executeSql(`SELECT count(*)::int AS n FROM "${schema}".job WHERE state = 'active' AND data->'task'->>'source' = 'acta.lento'`, []);
      if (rows[0].n > 0) { first.child.kill('SIGKILL'); killedMidJob = true; } else await new Promise((r) => setTimeout(r, 50));
    }
    expect(killedMidJob).toBe(true);
    const second = await worker(queue);
    const report = await run;
    expect(report.files).toMatchObject({ total: 8, ok: 8, failed: 0 });
    // The killed job really ran twice (expired on the dead worker, retried on the other).
    const { rows } = await boss.getDb().executeSql(
      `SELECT retry_count AS n FROM "${schema}".job WHERE data->'task'->>'source' = 'acta.lento'
       UNION ALL SELECT retry_count FROM "${schema}".archive WHERE data->'task'->>'source' = 'acta.lento'`, []);
    expect(rows.map((r: { n: number }) => r.n)).toEqual([1]);
    expect(second.said.length).toBeGreaterThanOrEqual(1);
    // Same documents and examples, in the same order, no duplicates, nothing missing.
    expect(await lines(path.join(out, 'examples.jsonl'))).toEqual(await lines(path.join(tmp, 'local', 'examples.jsonl')));
    const ids = async (dir: string) => (await lines(path.join(dir, 'docs.jsonl'))).map((l) => (JSON.parse(l) as { id: string }).id);
    expect(await ids(out)).toEqual(await ids(path.join(tmp, 'local')));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
    await boss.getDb().executeSql(`DROP SCHEMA "${schema}" CASCADE`, []);
    await boss.stop({ graceful: false, close: true });
  }, 120_000);
  it.skipIf(!TEST_PG)('a job that kills every worker it runs on is retried --job-retries times, then reported; the other files are done', async () => {
    const schema = `nerflow_q_${process.pid}_${Date.now().toString(36)}_v`;
    const u = new URL(TEST_PG!);
    u.searchParams.set('schema', schema);
    const queue = u.href;
    const input = path.join(tmp, 'veneno');
    await mkdir(input, { recursive: true });
    await writeFile(path.join(input, 'a.txt'), 'La campaña de Google Ads en Málaga duplicó las visitas.\n');
    await writeFile(path.join(input, 'b.txt'), 'El informe de HubSpot llegó el viernes a la agencia.\n');
    await writeFile(path.join(input, 'c.veneno'), 'x');
    const run = runIngest({ paths: [input], out: path.join(tmp, 'veneno-out'), queue, jobExpireSeconds: 2, jobRetries: 1, plugins: [path.join(FIX, 'poison-plugin.mjs')] });
    // Each worker dies on the poison job; start another until the run is over (2 tries = 2 deaths).
    let deaths = 0;
    let over = false;
    const report = run.finally(() => { over = true; });
    while (!over && deaths < 4) {
      const w = await worker(queue);
      await Promise.race([new Promise((r) => w.child.once('exit', r)), report]);
      if (w.child.exitCode !== null || w.child.signalCode !== null) deaths++;
      else w.child.kill('SIGTERM');
    }
    const r = await report;
    expect(deaths).toBe(2);
    expect(r.files).toMatchObject({ total: 3, ok: 2, failed: 1 });
    expect(r.failures).toEqual([expect.objectContaining({ source: 'c.veneno', code: IngestErrors.JOB_FAILED, reason: expect.stringContaining('2 time(s)') })]);
    const boss = new PgBoss({ connectionString: TEST_PG!, schema, supervise: false, schedule: false });
    await boss.start();
    await boss.getDb().executeSql(`DROP SCHEMA "${schema}" CASCADE`, []);
    await boss.stop({ graceful: false, close: true });
  }, 120_000);
});
