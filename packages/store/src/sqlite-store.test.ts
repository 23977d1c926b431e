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
  // The behaviour every backend shares (dedupe, undo, merge, stats...) is in store-conformance.test.ts.
});

describe('openStore', () => {
  it('uses --db, then NERFLOW_DB, then a file in the home folder', () => {
    expect(defaultDbPath({ NERFLOW_DB: '/data/anot.db' })).toBe('/data/anot.db');
    expect(defaultDbPath({})).toBe(path.join(os.homedir(), '.nerflow', 'nerflow.db'));
    const s = openStore({ db: ':memory:' });
    expect(s.location).toBe(':memory:');
    return s.close();
  });

  it('opens PostgreSQL for a postgresql:// URL, hiding the password, and says clearly when no server answers', async () => {
    // Port 1 on loopback: nothing listens there, so this runs (and fails the same way) on any machine.
    const s = openStore({ db: 'postgresql://ana:secreto@127.0.0.1:1/anotacion?schema=equipo_mkt&connect_timeout=2' });
    expect(s.kind).toBe('postgres');
    expect(s.location).not.toContain('secreto');
    expect(s.location).toContain('schema=equipo_mkt');
    await expect(s.datasets()).rejects.toMatchObject({ code: 'E_STORE_OPEN_FAILED', hint: expect.stringContaining('PostgreSQL running') });
    await s.close();
    expect(() => openStore({ db: 'postgresql://127.0.0.1/x?schema=mal;drop' })).toThrow(expect.objectContaining({ code: 'E_STORE_OPEN_FAILED' }));
  });
});
