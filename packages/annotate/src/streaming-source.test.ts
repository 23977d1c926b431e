import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openExamples, writeJsonl, type Example } from '@nerflow/corpus';
import { SqliteStore, dbSourceReader } from '@nerflow/store';
import { Annotator } from './annotator.js';
import { SENTENCES } from './__fixtures__/sentences.js';

const N = 6000;
/** Distinct Spanish sentences: the fixture sentences with a paragraph number. */
const text = (i: number) => `${SENTENCES[i % SENTENCES.length]!.slice(0, -1)} (párrafo ${i + 1}).`;

let dir: string;
let store: SqliteStore;
beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-stream-'));
  store = new SqliteStore(path.join(dir, 'stream.db'));
  async function* rows() { for (let i = 0; i < N; i++) yield { text: text(i), meta: { para: i } }; }
  await writeJsonl(path.join(dir, 'fuente.jsonl.gz'), rows());
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The source as annotate reads it (openExamples over its own store), with a count of the records each pass has pulled. */
function counted(spec: string) {
  const pulled: number[] = [];
  const factory = () => {
    const k = pulled.push(0) - 1;
    return (async function* () {
      for await (const ex of openExamples(spec, { readers: { db: dbSourceReader({ store }) } })) { pulled[k]!++; yield ex; }
    })();
  };
  return { factory, pulled };
}

describe('streamed sources', () => {
  it('a .jsonl.gz source is read lazily: the feed pulls what it hands out, the count runs apart', async () => {
    const { factory, pulled } = counted(path.join(dir, 'fuente.jsonl.gz'));
    const a = await Annotator.create({ store, dataset: 'gz', source: factory, labels: ['PLATAFORMA'] });
    const tasks = await a.tasks('ana', 3);
    expect(tasks.map((t) => t.text)).toEqual([text(0), text(1), text(2)]);
    // pass 0: the empty-source check (one record); 1: the background count; 2: the feed.
    expect(pulled[0]).toBe(1);
    expect(pulled[2]).toBeLessThanOrEqual(4);
    await a.answer('ana', [{ _task_hash: tasks[0]!._task_hash, answer: 'accept', spans: [] }]);
    await a.sourceCounted();
    expect(pulled[1]).toBe(N);
    expect(await a.progress('ana')).toMatchObject({ source_total: N, remaining: N - 1, source_complete: true, session_count: 1 });
    await a.close();
  });

  it('a db: source is streamed from the store the same way', async () => {
    await store.add('origen', (async function* () { for (let i = 0; i < 2500; i++) yield { text: text(i) } as Example; })());
    const { factory, pulled } = counted('db:origen');
    const a = await Annotator.create({ store, dataset: 'desde_db', source: factory, labels: ['PLATAFORMA'] });
    expect((await a.tasks('', 2)).map((t) => t.text)).toEqual([text(0), text(1)]);
    expect(pulled[2]).toBeLessThanOrEqual(3);
    await a.sourceCounted();
    expect((await a.progress('')).source_total).toBe(2500);
    await a.close();
  });

  it('an empty source is refused at start-up, before anything is served', async () => {
    await store.ensureDataset('vacio');
    await expect(Annotator.create({ store, dataset: 'x', source: () => openExamples('db:vacio', { readers: { db: dbSourceReader({ store }) } }), labels: ['PLATAFORMA'] }))
      .rejects.toMatchObject({ code: 'E_ANNOTATE_EMPTY_SOURCE' });
  });
});
