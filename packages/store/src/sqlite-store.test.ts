import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenize, type Example } from '@nerflow/corpus';
import { SqliteStore } from './sqlite-store.js';
import { openStore, defaultDbPath } from './open-store.js';

const texts = [
  'Google Ads mejoró el CTR un 12% en el tercer trimestre.',
  'La campaña de Meta Ads se lanzó en Madrid el lunes.',
  'El Sr. Pérez revisó la tasa de conversión con el equipo de SEO.',
];
const example = (text: string, spans: Example['spans'] = [], extra: Partial<Example> = {}): Example =>
  ({ text, tokens: tokenize(text), spans, answer: 'accept', ...extra });
const googleAds: Example['spans'] = [{ start: 0, end: 10, token_start: 0, token_end: 1, label: 'PLATAFORMA' }];

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-store-'));
  store = new SqliteStore(path.join(dir, 'test.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const all = async (it: AsyncIterable<Example>) => { const out: Example[] = []; for await (const x of it) out.push(x); return out; };

describe('SqliteStore', () => {
  it('creates the file in WAL mode and keeps data across reopening', async () => {
    await store.add('marketing', [example(texts[0]!, googleAds)]);
    await store.close();
    const db = new Database(path.join(dir, 'test.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
    store = new SqliteStore(path.join(dir, 'test.db'));
    const [ex] = await all(store.examples('marketing'));
    expect(ex!.text).toBe(texts[0]);
    expect(ex!.spans![0]!.label).toBe('PLATAFORMA');
    expect(typeof ex!._task_hash).toBe('number');
    expect(typeof ex!._timestamp).toBe('number');
  });

  it('deduplicates by session and task hash; the same task in another session is kept', async () => {
    const first = await store.add('marketing', texts.map((t) => example(t)));
    expect(first).toEqual({ added: 3, existing: 0 });
    expect(await store.add('marketing', texts.map((t) => example(t)))).toEqual({ added: 0, existing: 3 });
    expect(await store.add('marketing', [example(texts[0]!)], { session: 'ana' })).toEqual({ added: 1, existing: 0 });
    expect(await store.add('marketing', [example(texts[0]!), example(texts[2]!, googleAds)], { session: 'ana', details: true }))
      .toEqual({ added: 1, existing: 1, statuses: ['existing', 'added'] });
    // Different spans on the same text = a different task.
    expect(await store.add('marketing', [example(texts[0]!, googleAds)])).toEqual({ added: 1, existing: 0 });
    expect((await store.getDataset('marketing'))!.examples).toBe(6);
    expect((await store.taskHashes('marketing')).size).toBe(5);
    expect((await store.taskHashes('marketing', 'ana')).size).toBe(2);
    expect((await store.inputHashes('marketing')).size).toBe(3);
    expect((await store.inputHashes('marketing', 'ana')).size).toBe(2);
    expect((await store.inputHashes('nothing-here')).size).toBe(0);
  });

  it('replace keeps the newest answer, ignore keeps the first', async () => {
    await store.add('d', [example(texts[1]!, [], { answer: 'reject', _timestamp: 100 })], { session: 'ana' });
    await store.add('d', [example(texts[1]!, [], { answer: 'accept', _timestamp: 200 })], { session: 'ana' });
    expect((await all(store.examples('d')))[0]!.answer).toBe('reject');
    await store.add('d', [example(texts[1]!, [], { answer: 'accept', _timestamp: 200 })], { session: 'ana', onConflict: 'replace' });
    expect((await all(store.examples('d')))[0]!.answer).toBe('accept');
    // An older answer does not overwrite a newer one.
    await store.add('d', [example(texts[1]!, [], { answer: 'ignore', _timestamp: 50 })], { session: 'ana', onConflict: 'replace' });
    const rows = await all(store.examples('d'));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.answer).toBe('accept');
    expect(rows[0]!._session_id).toBe('ana');
  });

  it('removes one answer (undo) and reports whether there was one', async () => {
    await store.add('d', [example(texts[2]!)], { session: 'luis' });
    const [h] = [...await store.taskHashes('d')];
    expect(await store.remove('d', h!, 'ana')).toBe(false);
    expect(await store.remove('d', h!, 'luis')).toBe(true);
    expect(await store.getExample('d', h!)).toBeUndefined();
  });

  it('pages through large datasets in insertion order with filters', async () => {
    const many = Array.from({ length: 1234 }, (_, i) =>
      example(`Frase número ${i} sobre la campaña de otoño.`, [], { answer: i % 3 === 0 ? 'reject' : 'accept' }));
    expect((await store.add('big', many)).added).toBe(1234);
    const rows = await all(store.examples('big'));
    expect(rows.map((r) => r.text)).toEqual(many.map((m) => m.text));
    expect((await all(store.examples('big', { answer: 'reject' }))).length).toBe(412);
  });

  it('stats count answers, sessions, inputs and accepted labels', async () => {
    await store.add('d', [example(texts[0]!, googleAds)], { session: 'ana' });
    await store.add('d', [example(texts[0]!, googleAds), example(texts[1]!, [], { answer: 'ignore' })], { session: 'luis' });
    await store.add('d', [{ text: texts[2]! }]);
    const s = await store.stats('d');
    expect(s).toMatchObject({ examples: 4, accept: 2, reject: 0, ignore: 1, unanswered: 1, inputs: 3, labels: { PLATAFORMA: 2 } });
    expect(s.sessions.map((x) => [x.session, x.total])).toEqual([['', 1], ['ana', 1], ['luis', 2]]);
  });

  it('merges datasets, keeping sessions or collapsing them (newest answer wins)', async () => {
    await store.add('a', [example(texts[0]!, [], { answer: 'reject', _timestamp: 10 })], { session: 'ana' });
    await store.add('b', [example(texts[0]!, [], { answer: 'accept', _timestamp: 20 })], { session: 'luis' });
    expect(await store.merge(['a', 'b'], 'ab')).toEqual({ added: 2, existing: 0 });
    expect(await store.merge(['a', 'b'], 'ab')).toEqual({ added: 0, existing: 2 });
    expect(await store.merge(['b', 'a'], 'one', { collapse: '' })).toEqual({ added: 1, existing: 1 });
    const [only] = await all(store.examples('one'));
    expect(only!.answer).toBe('accept');
    expect(only!._session_id).toBeUndefined();
    await expect(store.merge(['a'], 'a')).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
  });

  it('drops a dataset and its examples', async () => {
    await store.add('tmp', texts.map((t) => example(t)));
    expect(await store.dropDataset('tmp')).toBe(true);
    expect(await store.dropDataset('tmp')).toBe(false);
    expect(await store.datasets()).toEqual([]);
  });

  it('rejects bad names and unknown datasets with actionable errors', async () => {
    await store.ensureDataset('marketing', { labels: ['PLATAFORMA'] });
    await expect(store.add('../etc/passwd', [])).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
    await expect(store.stats('marketin')).rejects.toMatchObject({ code: 'E_STORE_NO_DATASET', hint: expect.stringContaining('marketing') });
    await expect(store.add('d', [{ texto: 'hola' } as unknown as Example])).rejects.toMatchObject({ code: 'E_STORE_BAD_EXAMPLE' });
    await expect(store.add('d', [example(texts[0]!)], { session: 'a b' })).rejects.toMatchObject({ code: 'E_STORE_BAD_NAME' });
  });

  it('keeps dataset meta and merges updates into it', async () => {
    await store.ensureDataset('m', { labels: ['PLATAFORMA', 'METRICA'], mode: 'manual' });
    await store.ensureDataset('m', { mode: 'teach' });
    expect((await store.getDataset('m'))!.meta).toEqual({ labels: ['PLATAFORMA', 'METRICA'], mode: 'teach' });
  });

  it('two connections to one file see each other (annotate server + terms teach)', async () => {
    const other = new SqliteStore(path.join(dir, 'test.db'));
    await other.add('shared', [example(texts[0]!)], { session: 'ana' });
    expect((await store.taskHashes('shared', 'ana')).size).toBe(1);
    // `nerflow db drop` from another process while a server keeps writing: the dataset comes back.
    await store.add('shared', [example(texts[1]!)]);
    expect(await other.dropDataset('shared')).toBe(true);
    expect(await store.add('shared', [example(texts[2]!)])).toEqual({ added: 1, existing: 0 });
    expect((await other.getDataset('shared'))!.examples).toBe(1);
    await other.close();
  });
});

describe('openStore', () => {
  it('uses --db, then NERFLOW_DB, then a file in the home folder', () => {
    expect(defaultDbPath({ NERFLOW_DB: '/data/anot.db' })).toBe('/data/anot.db');
    expect(defaultDbPath({})).toBe(path.join(os.homedir(), '.nerflow', 'nerflow.db'));
    const s = openStore({ db: ':memory:' });
    expect(s.location).toBe(':memory:');
    return s.close();
  });

  it('says PostgreSQL is not there yet instead of failing obscurely', () => {
    expect(() => openStore({ db: 'postgres://localhost/nerflow' })).toThrow(/not supported yet/);
  });
});
