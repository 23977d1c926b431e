import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { quietContext, type CommandContext } from '@nerflow/core';
import { commands } from '@nerflow/train/cli';
import { PG_SKIP_REASON, pgTestSchema, TEST_PG } from '@nerflow/store';
import { wordBatches } from '@nerflow/train';
import { startJobWorker } from './__fixtures__/job-worker.js';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { predictOnQueue, predictWithQueue } from './predict-queue.js';

if (PG_SKIP_REASON) console.warn(`[predict queue] PostgreSQL tests skipped: ${PG_SKIP_REASON}`);

const SENTENCES = [
  'El juez Baltasar Garzón llegó a Madrid el martes para reunirse con la Fiscalía.',
  'La Universidad de Salamanca firmó un acuerdo con Telefónica en Valladolid.',
  'Según la agencia EFE, el presidente de la Generalitat viajará a Bruselas.',
  'Miguel de Cervantes nació en Alcalá de Henares en 1547.',
  'El Real Madrid ganó al Valencia en el estadio Santiago Bernabéu.',
  'La ministra de Sanidad presentó el plan en el Congreso de los Diputados.',
  'Iberia abrirá una ruta entre Sevilla y Buenos Aires en primavera.',
  'El Museo del Prado expone obras de Velázquez y Goya hasta enero.',
];
const lines = async (file: string) => (await readFile(file, 'utf8')).split('\n').filter(Boolean);
const ctx = (): CommandContext => {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  return { ...quietContext(), stdout: sink, stderr: sink } as CommandContext;
};

let tmp: string;
const children: ChildProcess[] = [];
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-predict-queue-')); });
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

/** A worker process taking predict jobs (startJobWorker); resolves once it is ready. */
const worker = (queue: string, holdMs = 0) => startJobWorker('predict', queue, holdMs, children);

describe('nerflow predict --queue', () => {
  const predict = predictWithQueue(commands.find((c) => c.name === 'predict')!);
  const base = { model: 'es-base', batchWords: 60, scores: false, localOnly: true, allowIncomplete: false, jobRetries: 2, jobExpireSeconds: 3 };

  it('adds --queue to predict and refuses a queue that is not PostgreSQL before reading anything', async () => {
    expect(Object.keys(predict.options.shape)).toEqual(expect.arrayContaining(['queue', 'jobRetries', 'jobExpireSeconds', 'model', 'batchWords']));
    const input = path.join(tmp, 'uno.jsonl');
    await writeFile(input, `${JSON.stringify({ text: SENTENCES[0] })}\n`);
    const err = await predictOnQueue({ ...base, input, out: path.join(tmp, 'nada.jsonl'), queue: 'redis://127.0.0.1:6379' }, ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_INGEST_QUEUE', hint: expect.stringContaining('postgresql://') });
    await expect(readFile(path.join(tmp, 'nada.jsonl'))).rejects.toThrow();
  });

  it.skipIf(!TEST_PG)('SIGKILL a worker mid-batch: the batch is retried on another, and the output equals the local run', async () => {
    const db = pgTestSchema('nerflow_pq');
    onTestFinished(() => db.drop()); // also when an expectation fails
    const queue = db.url;
    const input = path.join(tmp, 'textos.jsonl');
    const texts = Array.from({ length: 96 }, (_, i) => `${SENTENCES[i % SENTENCES.length]!} Nota ${i + 1}.`);
    await writeFile(input, texts.map((text) => `${JSON.stringify({ text, meta: { n: texts.indexOf(text) } })}\n`).join(''));
    const local = path.join(tmp, 'local.jsonl');
    await predict.run(predict.options.parse({ ...base, input, out: local, threads: 1 }), ctx());

    const first = await worker(queue, 4000);
    const out = path.join(tmp, 'queued.jsonl');
    const run = predict.run(predict.options.parse({ ...base, input, out, threads: 1, queue }), ctx());
    await first.started;
    first.child.kill('SIGKILL'); // inside its first job: the job stays active until it expires (3 s)
    await new Promise((r) => first.child.once('exit', r));
    const second = await worker(queue);
    await run;

    const want = await lines(local);
    expect(want).toHaveLength(96);
    expect(await lines(out)).toEqual(want);
    expect(want.some((l) => (JSON.parse(l) as { spans: unknown[] }).spans.length > 0)).toBe(true);
    // The killed batch ran twice: started on the dead worker, retried after its expiry on the other,
    // which ran every batch (its first took only one: it was held there).
    async function* all() { for (const text of texts) yield { text }; }
    let batches = 0;
    for await (const _b of wordBatches(all(), base.batchWords)) batches++;
    expect(batches).toBeGreaterThan(8);
    const killed = first.said.filter((l) => l.startsWith('job '));
    expect(killed).toHaveLength(1);
    const ran = second.said.filter((l) => l.startsWith('job ')).map((l) => Number(l.slice(4)));
    expect([...ran].sort((a, b) => a - b)).toEqual(Array.from({ length: batches }, (_, i) => i));
    expect(ran).toContain(Number(killed[0]!.slice(4)));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 120_000);
});
