import { afterEach, describe, expect, it } from 'vitest';
import { NerError } from '@nerflow/corpus';
import { WorkerPool } from './workerPool.js';

type Req = { type: 'echo'; n: number; ms: number } | { type: 'boom'; why: string };
type Rep = { type: 'echo'; n: number } | { type: 'error'; message: string };

describe('WorkerPool (training, prediction and pretraining workers)', () => {
  let pool: WorkerPool<Req, Rep> | undefined;
  afterEach(async () => { await pool?.close(); });
  const open = (count: number) => (pool = new WorkerPool<Req, Rep>(new URL('../__fixtures__/poolWorker.ts', import.meta.url), count, (i, message) =>
    new NerError('E_TRAIN_WORKER', `Test worker ${i + 1} failed: ${message}`, { hint: 'Run again with --threads 1.' })));

  it('answers each worker\'s requests in the order they were sent, even when later ones finish sooner', async () => {
    const p = open(2);
    const replies = await Promise.all([p.request(0, { type: 'echo', n: 1, ms: 60 }), p.request(0, { type: 'echo', n: 2, ms: 0 }), p.request(1, { type: 'echo', n: 3, ms: 0 })]);
    expect(replies).toEqual([{ type: 'echo', n: 1 }, { type: 'echo', n: 2 }, { type: 'echo', n: 3 }]);
    expect(p.count).toBe(2);
  });

  it('rejects with the caller\'s error naming the worker, and keeps serving after it', async () => {
    const p = open(1);
    await expect(p.request(0, { type: 'boom', why: 'sin memoria' })).rejects.toMatchObject({ code: 'E_TRAIN_WORKER', message: 'Test worker 1 failed: sin memoria' });
    await expect(p.request(0, { type: 'echo', n: 7, ms: 0 })).resolves.toEqual({ type: 'echo', n: 7 });
  });
});
