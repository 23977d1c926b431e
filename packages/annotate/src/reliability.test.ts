import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '@nerflow/store';
import type { Task, TasksResponse } from './api.js';
import { annotate } from './annotate.js';
import { lockFile } from './server-lock.js';
import { Annotator } from './annotator.js';
import { startServer, type RunningServer } from './server.js';
import { SENTENCES } from './__fixtures__/sentences.js';

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-annot-rel-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

const ui = new Map([['/', { body: Buffer.from('<!doctype html><title>nerflow</title>'), type: 'text/html' }]]);
const source = () => {
  const file = path.join(dir, 'fuente.jsonl');
  writeFileSync(file, SENTENCES.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  return file;
};

describe('two annotate servers on one SQLite file (issue 17 #6)', () => {
  it('servers of two different datasets share one database file', async () => {
    const db = path.join(dir, 'compartida.db');
    const a = await annotate({ dataset: 'noticias', source: source(), labels: ['PER'], db, port: 0 });
    try {
      const b = await annotate({ dataset: 'informes', source: source(), labels: ['PER'], db, port: 0 });
      await b.close();
    } finally {
      await a.close();
    }
  });

  it('the second refuses to start naming the first; after the first stops, it starts', async () => {
    const db = path.join(dir, 'anotaciones.db');
    const opts = { dataset: 'noticias', source: source(), labels: ['PER', 'LOC'], db, port: 0 };
    const first = await annotate(opts, undefined, { uiDir: undefined });
    try {
      await expect(annotate(opts)).rejects.toMatchObject({ code: 'E_ANNOTATE_DB_BUSY', message: expect.stringContaining(`pid ${process.pid}`) });
    } finally {
      await first.close();
    }
    const again = await annotate(opts);
    await again.close();
  });

  it('a lock left by a killed server (its pid is gone) is taken over', async () => {
    const db = path.join(dir, 'b.db');
    writeFileSync(lockFile(db, 'noticias'), JSON.stringify({ pid: 2 ** 22 + 12345, url: 'http://127.0.0.1:1' }));
    const h = await annotate({ dataset: 'noticias', source: source(), labels: ['PER'], db, port: 0 });
    await h.close();
  });
});

describe('sessions and credentials (issue 17 #9)', () => {
  let store: SqliteStore;
  let server: RunningServer | undefined;
  beforeEach(() => { store = new SqliteStore(path.join(dir, 'c.db')); });
  afterEach(async () => { await server?.close(); server = undefined; await store.close(); });
  const serve = async (auth = {}) => {
    const annotator = await Annotator.create({ store, dataset: 'd', examples: SENTENCES.map((text) => ({ text })), labels: ['PER'] });
    server = await startServer({ annotator, port: 0, auth, ui });
    return server.app;
  };

  it('a task leased to session t1 cannot be answered by session t2', async () => {
    const app = await serve();
    const [t] = ((await app.inject('/api/tasks?n=1&session=t1')).json() as TasksResponse).tasks as [Task];
    const r = await app.inject({ method: 'POST', url: '/api/answers?session=t2', payload: { answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [] }] } });
    expect(r.statusCode).toBe(409);
    expect(r.json()).toMatchObject({ code: 'E_ANNOTATE_LEASED' });
    const ok = await app.inject({ method: 'POST', url: '/api/answers?session=t1', payload: { answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [] }] } });
    expect(ok.statusCode).toBe(200);
  });

  it('a malformed token cookie is 401, not 500', async () => {
    const app = await serve({ token: 'secreto-de-ana' });
    const r = await app.inject({ url: '/api/config', headers: { cookie: 'nerflow_token=%E0%A4%A' } });
    expect(r.statusCode).toBe(401);
  });
});

describe('read-only db commands never create a database (issue 17 #12)', () => {
  it('db stats --db typo/x.db is an error and creates nothing', async () => {
    const { dbCommands } = await import('./db-commands.js');
    const { recordingContext } = await import('@nerflow/core');
    const { PassThrough } = await import('node:stream');
    const { existsSync } = await import('node:fs');
    const spec = dbCommands.find((c) => c.name === 'db stats')!;
    const typo = path.join(dir, 'tipo', 'x.db');
    const ctx = { ...recordingContext(), stdout: new PassThrough(), stderr: new PassThrough(), stdin: new PassThrough(), verbose: false, isTTY: false };
    await expect(spec.run(spec.options.parse({ db: typo }), ctx)).rejects.toMatchObject({ code: 'E_STORE_NO_DB', file: typo });
    expect(existsSync(path.join(dir, 'tipo'))).toBe(false);
  });
});

describe('correct mode with a model that knows none of --labels (issue 17 #11)', () => {
  it('warns that nothing will be suggested', async () => {
    const { recordingContext } = await import('@nerflow/core');
    const ctx = recordingContext();
    // A predictor that knows only LOC (what it predicts does not matter here).
    const predictor = {
      labels: ['LOC'],
      async predict(examples: { text: string }[]) { return examples.map((e) => ({ ...e, spans: [] })); },
    };
    const h = await annotate({ dataset: 'd', source: source(), labels: ['PLATAFORMA', 'METRICA'], mode: 'correct', db: path.join(dir, 'w.db'), port: 0 }, ctx, { predictor: predictor as never });
    await h.close();
    expect(ctx.logs.filter((l) => l.level === 'warn').map((l) => l.message).join('\n')).toMatch(/knows LOC and none of --labels PLATAFORMA, METRICA/);
  });
});
