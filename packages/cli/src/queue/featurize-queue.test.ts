import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { quietContext, type CommandContext } from '@nerflow/core';
import { commands } from '@nerflow/train/cli';
import { PG_SKIP_REASON, pgTestSchema, TEST_PG } from '@nerflow/store';
import { startJobWorker } from './__fixtures__/job-worker.js';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { packFeatures, unpackFeatures } from './featurize-jobs.js';
import { trainWithQueue } from './featurize-queue.js';

if (PG_SKIP_REASON) console.warn(`[train queue] PostgreSQL tests skipped: ${PG_SKIP_REASON}`);

const FIXTURE = path.resolve(import.meta.dirname, '../../../train/fixtures/tiny-bert-es');
/** Spanish sentences with their entities (written for nerflow). */
const SENTENCES: [string, [string, string][]][] = [
  ['El juez Baltasar Garzón llegó a Madrid el martes para reunirse con la Fiscalía.', [['Baltasar Garzón', 'PER'], ['Madrid', 'LOC'], ['Fiscalía', 'ORG']]],
  ['La Universidad de Salamanca firmó un acuerdo con Telefónica en Valladolid.', [['Universidad de Salamanca', 'ORG'], ['Telefónica', 'ORG'], ['Valladolid', 'LOC']]],
  ['Según la agencia EFE, la alcaldesa de Cádiz viajará a Bruselas en marzo.', [['EFE', 'ORG'], ['Cádiz', 'LOC'], ['Bruselas', 'LOC']]],
  ['Miguel de Cervantes nació en Alcalá de Henares en 1547.', [['Miguel de Cervantes', 'PER'], ['Alcalá de Henares', 'LOC']]],
  ['Iberia abrirá una ruta entre Sevilla y Buenos Aires en primavera.', [['Iberia', 'ORG'], ['Sevilla', 'LOC'], ['Buenos Aires', 'LOC']]],
  ['El Museo del Prado expone obras de Velázquez y Goya hasta enero.', [['Museo del Prado', 'ORG'], ['Velázquez', 'PER'], ['Goya', 'PER']]],
];
/** One corpus line: the text with its spans (character offsets), numbered so that every text differs. */
function example(i: number): string {
  const [base, ents] = SENTENCES[i % SENTENCES.length]!;
  const text = `${base} Expediente ${i + 1}.`;
  const spans = ents.map(([s, label]) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, label }));
  return `${JSON.stringify({ text, spans })}\n`;
}
const ctx = (): CommandContext => {
  const sink = { write: () => true } as unknown as NodeJS.WritableStream;
  return { ...quietContext(), stdout: sink, stderr: sink } as CommandContext;
};
/** Every file under `dir`, by relative path. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) { const p = path.join(e.parentPath, e.name); out.set(path.relative(dir, p), await readFile(p)); }
  }
  return out;
}

let tmp: string;
const children: ChildProcess[] = [];
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-train-queue-')); });
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await rm(tmp, { recursive: true, force: true });
});

/** A worker process taking featurize jobs (startJobWorker); resolves once it is ready. */
const worker = (queue: string, holdMs = 0) => startJobWorker('featurize', queue, holdMs, children);

describe('nerflow train --encoder transformer:... --queue', () => {
  const train = trainWithQueue(commands.find((c) => c.name === 'train')!);
  const base = { encoder: `transformer:${FIXTURE}`, maxEpochs: 1, localOnly: true, jobRetries: 2, jobExpireSeconds: 3 };

  it('carries feature rows through the queue as their exact bytes', () => {
    const feats = [Float32Array.of(0.1, -0, 1e-40, 3.4e38), new Float32Array(0), Float32Array.of(Math.PI, -2.5, 7, 8)];
    const back = unpackFeatures(JSON.parse(JSON.stringify(packFeatures(feats, 2))) as ReturnType<typeof packFeatures>);
    expect(back.map((f) => Buffer.from(f.buffer).toString('hex'))).toEqual(feats.map((f) => Buffer.from(f.buffer).toString('hex')));
    expect(() => unpackFeatures({ ...packFeatures(feats, 2), rows: [2, 0, 1] })).toThrow(/bytes of features/);
  });

  it('adds --queue to train and refuses it for an encoder that has nothing to send, or a queue that is not PostgreSQL', async () => {
    expect(Object.keys(train.options.shape)).toEqual(expect.arrayContaining(['queue', 'jobRetries', 'jobExpireSeconds', 'encoder', 'train']));
    const file = path.join(tmp, 'uno.jsonl');
    await writeFile(file, example(0));
    const o = { train: file, out: path.join(tmp, 'nada'), queue: 'postgresql://127.0.0.1:1/x' };
    await expect(train.run(train.options.parse({ ...o, encoder: 'tok2vec' }), ctx())).rejects.toMatchObject({ code: 'E_TRAIN_QUEUE_ENCODER', hint: expect.stringContaining('transformer:') });
    await expect(train.run(train.options.parse({ ...base, ...o, queue: 'redis://127.0.0.1:6379' }), ctx())).rejects.toMatchObject({ code: 'E_INGEST_QUEUE', hint: expect.stringContaining('postgresql://') });
    await expect(readdir(path.join(tmp, 'nada'))).rejects.toThrow();
  });

  it.skipIf(!TEST_PG)('SIGKILL a worker mid-job: the job is retried on another, and the features and the model equal the local run\'s bit for bit', async () => {
    const db = pgTestSchema('nerflow_fq');
    onTestFinished(() => db.drop()); // also when an expectation fails
    const queue = db.url;
    const input = path.join(tmp, 'train.jsonl');
    const dev = path.join(tmp, 'dev.jsonl');
    await writeFile(input, Array.from({ length: 600 }, (_, i) => example(i)).join(''));
    await writeFile(dev, Array.from({ length: 30 }, (_, i) => example(1000 + i)).join(''));
    const saved = process.env.NERFLOW_CACHE;
    onTestFinished(() => { if (saved === undefined) delete process.env.NERFLOW_CACHE; else process.env.NERFLOW_CACHE = saved; });

    process.env.NERFLOW_CACHE = path.join(tmp, 'cache-local');
    await train.run(train.options.parse({ ...base, train: input, dev, out: path.join(tmp, 'local') }), ctx());

    const first = await worker(queue, 4000);
    process.env.NERFLOW_CACHE = path.join(tmp, 'cache-queue');
    const run = train.run(train.options.parse({ ...base, train: input, dev, out: path.join(tmp, 'queued'), queue }), ctx());
    await first.started;
    first.child.kill('SIGKILL'); // inside its first job: the job stays active until it expires (3 s)
    await new Promise((r) => first.child.once('exit', r));
    const second = await worker(queue);
    await run;

    // The feature cache: the same rows, in the same order, bit for bit.
    const [cl, cq] = [await tree(path.join(tmp, 'cache-local')), await tree(path.join(tmp, 'cache-queue'))];
    expect([...cq.keys()].sort()).toEqual([...cl.keys()].sort());
    const bin = [...cl.keys()].find((k) => k.endsWith('features.bin'))!;
    expect(cl.get(bin)!.length).toBeGreaterThan(630 * 10 * 64 * 4); // 630 documents of 14+ tokens x 64 dims
    for (const [k, v] of cl) expect(cq.get(k)!.equals(v), k).toBe(true);
    // Training then ran on the same features: the same weights (files naming the run's paths aside).
    const [ml, mq] = [await tree(path.join(tmp, 'local')), await tree(path.join(tmp, 'queued'))];
    expect([...mq.keys()].sort()).toEqual([...ml.keys()].sort());
    const weights = [...ml.keys()].filter((k) => !/\.(json|jsonl|md|txt)$/.test(k));
    expect(weights.length).toBeGreaterThan(0);
    for (const k of weights) expect(mq.get(k)!.equals(ml.get(k)!), k).toBe(true);

    // 630 documents are 3 chunks of prepare: 3 jobs; the killed one ran twice (on the dead worker, then
    // after its expiry on the other, which ran all three).
    const killed = first.said.filter((l) => l.startsWith('job '));
    expect(killed).toHaveLength(1);
    const ran = second.said.filter((l) => l.startsWith('job ')).map((l) => Number(l.slice(4)));
    expect([...ran].sort((a, b) => a - b)).toEqual([0, 1, 2]);
    expect(ran).toContain(Number(killed[0]!.slice(4)));
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 180_000);

  it.skipIf(!TEST_PG)('a job that fails on every try stops training with E_TRAIN_FEATURE_JOB_FAILED, and no model folder is written', async () => {
    const db = pgTestSchema('nerflow_fq');
    onTestFinished(() => db.drop());
    const input = path.join(tmp, 'pocos.jsonl');
    await writeFile(input, Array.from({ length: 20 }, (_, i) => example(i)).join(''));
    const saved = process.env.NERFLOW_CACHE;
    onTestFinished(() => { if (saved === undefined) delete process.env.NERFLOW_CACHE; else process.env.NERFLOW_CACHE = saved; });
    process.env.NERFLOW_CACHE = path.join(tmp, 'cache-failed');
    const bad = await worker(db.url, -1);
    const out = path.join(tmp, 'failed-model');
    const err = await train.run(train.options.parse({ ...base, train: input, out, queue: db.url, jobRetries: 1 }), ctx()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'E_TRAIN_FEATURE_JOB_FAILED', message: expect.stringMatching(/Featurize job 1 \(\d+ documents, .*tiny-bert-es\) failed 2 time\(s\) on the workers: this worker cannot compute/) });
    expect(bad.said.filter((l) => l.startsWith('job '))).toEqual(['job 0', 'job 0']);
    await expect(readdir(out)).rejects.toThrow();
    bad.child.kill('SIGTERM');
    await new Promise((r) => bad.child.once('exit', r));
  }, 60_000);
});
