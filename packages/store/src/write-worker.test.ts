import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { SqliteStore } from './sqlite-store.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-worker-'));
  store = new SqliteStore(path.join(dir, 'w.db'), { writeInWorker: true });
});
afterEach(async () => {
  await store.close();
  await store.close(); // closing twice is harmless
  rmSync(dir, { recursive: true, force: true });
});

const ex = (text: string, answer: Example['answer'], ts: number): Example => ({ text, answer, _timestamp: ts });

describe('SqliteStore with commits on a worker thread', () => {
  it('stores, deduplicates and replaces exactly as the in-thread writer does', async () => {
    expect(await store.add('d', [ex('La campaña de otoño subió el CTR.', 'accept', 10)], { session: 'ana', details: true }))
      .toEqual({ added: 1, existing: 0, statuses: ['added'] });
    expect(await store.add('d', [ex('La campaña de otoño subió el CTR.', 'reject', 20)], { session: 'ana', onConflict: 'replace' }))
      .toEqual({ added: 0, existing: 1 });
    const rows: Example[] = [];
    for await (const e of store.examples('d')) rows.push(e);
    expect(rows.map((r) => [r.answer, r._session_id])).toEqual([['reject', 'ana']]);
  });

  it('commits concurrent batches in order and many rows at once', async () => {
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 700 }, (_, i) => ex(`Informe ${b}-${i} de Google Ads.`, 'accept', 1)));
    const results = await Promise.all(batches.map((rows) => store.add('big', rows)));
    expect(results.every((r) => r.added === 700)).toBe(true);
    expect((await store.stats('big')).examples).toBe(5600);
  });

  it('keeps error codes for bad input (checked before the worker) and reports SQLite errors', async () => {
    await expect(store.add('d', [ex('Hola.', 'accept', 1)], { session: 'con espacio' })).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
    expect(await store.getDataset('d')).toMatchObject({ examples: 0 });
  });
});
