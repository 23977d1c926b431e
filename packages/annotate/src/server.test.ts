import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PatternMatcher, parsePattern, tokenize, type Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import type { Task, TasksResponse } from './api.js';
import { Annotator, type AnnotatorOptions } from './annotator.js';
import { startServer, type RunningServer } from './server.js';
import { PATTERNS, SENTENCES } from './__fixtures__/sentences.js';

const matcher = new PatternMatcher(PATTERNS.map((p) => parsePattern(p)), { tokenize, phraseAttr: 'lower' });
const examples: Example[] = SENTENCES.map((text, i) => ({ text, meta: { source: 'informe.pdf', para: i } }));
const LABELS = ['PLATAFORMA', 'METRICA', 'PERSONA'];

let dir: string;
let store: SqliteStore;
let server: RunningServer | undefined;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-annotate-'));
  store = new SqliteStore(path.join(dir, 'a.db'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(extra: Partial<AnnotatorOptions> = {}, host?: string, auth = {}) {
  const annotator = await Annotator.create({ store, dataset: 'marketing', examples, labels: LABELS, matcher, ...extra });
  server = await startServer({ annotator, port: 0, host, auth, ui: new Map([['/', { body: Buffer.from('<!doctype html><title>nerflow</title>'), type: 'text/html' }]]) });
  return server.app;
}
const tasks = async (app: RunningServer['app'], q = '') => (await app.inject(`/api/tasks?n=2${q}`)).json() as TasksResponse;
const post = (app: RunningServer['app'], body: unknown, q = '') =>
  app.inject({ method: 'POST', url: `/api/answers${q}`, payload: body as object });
const stored = async () => { const out: Example[] = []; for await (const e of store.examples('marketing')) out.push(e); return out; };

describe('annotate API', () => {
  it('GET /api/config gives dataset, mode, labels and session', async () => {
    const app = await serve();
    expect((await app.inject('/api/config?session=ana')).json()).toMatchObject({ dataset: 'marketing', mode: 'manual', labels: LABELS, session: 'ana' });
    expect((await app.inject('/api/health')).json()).toEqual({ ok: true });
  });

  it('GET /api/tasks gives tokenized tasks with pattern suggestions and progress', async () => {
    const app = await serve();
    const r = await tasks(app);
    expect(r.tasks).toHaveLength(2);
    const [t0] = r.tasks;
    expect(t0!.text).toBe(SENTENCES[0]);
    expect(t0!.tokens.map((t) => t.text).slice(0, 3)).toEqual(['Google', 'Ads', 'mejoró']);
    expect(t0!.spans.map((s) => [s.label, s.token_start, s.token_end, s.source])).toEqual([['PLATAFORMA', 0, 1, 'pattern'], ['METRICA', 4, 4, 'pattern']]);
    expect(r.progress).toMatchObject({ session: '', session_count: 0, dataset_count: 0, source_total: 12, remaining: 12 });
  });

  it('POST /api/answers stores the answer before replying; it is never handed out again', async () => {
    const app = await serve();
    const [t0, t1] = (await tasks(app, '&session=ana')).tasks as [Task, Task];
    const res = await post(app, { answers: [{ _task_hash: t0._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 1, label: 'PLATAFORMA', source: 'pattern' }] }] }, '?session=ana');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ stored: 1, progress: { session_count: 1, dataset_count: 1, remaining: 11 } });
    expect((await app.inject('/api/progress?session=ana')).json()).toEqual({ session: 'ana', session_count: 1, dataset_count: 1, source_total: 12, remaining: 11, source_complete: true });
    expect((await app.inject('/api/progress?session=luis')).json()).toMatchObject({ session_count: 0, dataset_count: 1, remaining: 11 });
    const [row] = await stored();
    expect(row).toMatchObject({ text: SENTENCES[0], answer: 'accept', _session_id: 'ana', _task_hash: t0._task_hash, meta: { para: 0 } });
    expect(row!.spans).toEqual([{ start: 0, end: 10, token_start: 0, token_end: 1, label: 'PLATAFORMA', source: 'pattern' }]);
    // A reload asks again: the open task comes back, the answered one does not.
    const again = (await tasks(app, '&session=ana')).tasks;
    expect(again[0]!._task_hash).toBe(t1._task_hash);
    expect(again.map((t) => t._task_hash)).not.toContain(t0._task_hash);
  });

  it('a second session does not get the tasks the first one holds or answered', async () => {
    const app = await serve();
    const ana = (await tasks(app, '&session=ana')).tasks;
    await post(app, { answers: [{ _task_hash: ana[0]!._task_hash, answer: 'reject' }] }, '?session=ana');
    const luis = (await tasks(app, '&session=luis')).tasks;
    expect(luis.map((t) => t.text)).toEqual([SENTENCES[2], SENTENCES[3]]);
  });

  it('with overlap every session gets every task, once', async () => {
    const app = await serve({ overlap: true });
    const ana = (await tasks(app, '&session=ana')).tasks;
    await post(app, { answers: [{ _task_hash: ana[0]!._task_hash, answer: 'accept', spans: [] }] }, '?session=ana');
    expect((await tasks(app, '&session=luis')).tasks[0]!._task_hash).toBe(ana[0]!._task_hash);
    expect((await tasks(app, '&session=ana')).tasks[0]!._task_hash).toBe(ana[1]!._task_hash);
  });

  it('DELETE /api/answers/:hash undoes: the answer is removed and the task comes back first with its spans', async () => {
    const app = await serve();
    const [t0] = (await tasks(app)).tasks;
    await post(app, { answers: [{ _task_hash: t0!._task_hash, answer: 'accept', spans: [{ token_start: 4, token_end: 4, label: 'METRICA' }] }] });
    const res = await app.inject({ method: 'DELETE', url: `/api/answers/${t0!._task_hash}` });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.task.spans.map((s: { label: string }) => s.label)).toEqual(['METRICA']);
    expect(body.progress).toMatchObject({ session_count: 0, dataset_count: 0, remaining: 12 });
    expect(await stored()).toEqual([]);
    expect((await tasks(app)).tasks[0]!._task_hash).toBe(t0!._task_hash);
    expect((await app.inject({ method: 'DELETE', url: `/api/answers/${t0!._task_hash}` })).json().task).toBeNull();
  });

  it('after a restart, answered tasks are skipped and counts come from the database', async () => {
    let app = await serve();
    const [t0] = (await tasks(app, '&session=ana')).tasks;
    await post(app, { answers: [{ _task_hash: t0!._task_hash, answer: 'ignore' }] }, '?session=ana');
    await server!.close();
    app = await serve();
    const r = await tasks(app, '&session=ana');
    expect(r.tasks[0]!.text).toBe(SENTENCES[1]);
    expect(r.progress).toMatchObject({ session_count: 1, dataset_count: 1, remaining: 11 });
  });

  describe('refuses bad answers with HTTP 400 and stores nothing', () => {
    const cases: [string, (t: Task) => unknown, RegExp][] = [
      ['an unknown label', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 1, label: 'MARCA' }] }] }), /label "MARCA" is not one of/],
      ['tokens outside the text', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [{ token_start: 5, token_end: 99, label: 'METRICA' }] }] }), /outside the text's 13 tokens \(0..12\)/],
      ['reversed tokens', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [{ token_start: 3, token_end: 2, label: 'METRICA' }] }] }), /token_start 3 is after token_end 2; token_end is inclusive/],
      ['overlapping spans', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 1, label: 'PLATAFORMA' }, { token_start: 1, token_end: 2, label: 'METRICA' }] }] }), /overlap/],
      ['an answer outside accept/reject/ignore', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'maybe' }] }), /answers\[0\]: answer/],
      ['an unknown task', () => ({ answers: [{ _task_hash: 12345, answer: 'accept' }] }), /not handed out/],
      ['extra keys (text may not be changed)', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'accept', text: '<script>alert(1)</script>' }] }), /Unrecognized key/],
      ['a score out of range', (t) => ({ answers: [{ _task_hash: t._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 0, label: 'METRICA', score: 7 }] }] }), /score/],
      ['no answers', () => ({ answers: [] }), /answers/],
      ['a non-object body', () => [1, 2, 3], /body|expected object/i],
    ];
    it.each(cases)('%s', async (_name, body, message) => {
      const app = await serve();
      const [t0] = (await tasks(app)).tasks;
      const res = await post(app, body(t0!));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatch(message);
      expect(['E_ANNOTATE_BAD_ANSWER', 'E_ANNOTATE_UNKNOWN_TASK']).toContain(res.json().code);
      expect(await stored()).toEqual([]);
    });

    it('a valid and an invalid answer in one request: none stored', async () => {
      const app = await serve();
      const [t0, t1] = (await tasks(app)).tasks;
      const res = await post(app, { answers: [{ _task_hash: t0!._task_hash, answer: 'accept' }, { _task_hash: t1!._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 0, label: 'X' }] }] });
      expect(res.statusCode).toBe(400);
      expect(await stored()).toEqual([]);
    });

    it('invalid JSON, too large bodies, bad session names and bad hashes', async () => {
      const app = await serve();
      const bad = await app.inject({ method: 'POST', url: '/api/answers', payload: '{"answers": [', headers: { 'content-type': 'application/json' } });
      expect(bad.statusCode).toBe(400);
      const big = await app.inject({ method: 'POST', url: '/api/answers', payload: JSON.stringify({ answers: [{ pad: 'x'.repeat(2_000_000) }] }), headers: { 'content-type': 'application/json' } });
      expect(big.statusCode).toBe(413);
      const sess = await app.inject('/api/tasks?session=../../etc');
      expect(sess.statusCode).toBe(400);
      expect(sess.json().code).toBe('E_STORE_BAD_NAME');
      expect((await app.inject({ method: 'DELETE', url: '/api/answers/abc' })).statusCode).toBe(400);
      expect(await stored()).toEqual([]);
    });
  });

  it('serves the page from memory only: no path reaches the file system', async () => {
    const app = await serve();
    const page = await app.inject('/');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    for (const url of ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/package.json', '/src/server.ts']) {
      expect((await app.inject(url)).statusCode).toBe(404);
    }
  });

  it('refuses requests whose Host is not loopback (DNS rebinding)', async () => {
    const app = await serve();
    expect((await app.inject({ url: '/api/config', headers: { host: 'evil.example:8080' } })).statusCode).toBe(403);
  });
});

describe('annotate server access control', () => {
  it('refuses to bind another address without credentials', async () => {
    await expect(serve({}, '0.0.0.0')).rejects.toMatchObject({ code: 'E_ANNOTATE_NO_AUTH' });
  });

  it('checks a token on every request (bearer, ?token= then cookie)', async () => {
    const app = await serve({}, '0.0.0.0', { token: 's3creto-largo' });
    expect((await app.inject('/api/config')).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/config', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/config', headers: { authorization: 'Bearer s3creto-largo' } })).statusCode).toBe(200);
    const page = await app.inject('/?token=s3creto-largo');
    expect(page.statusCode).toBe(200);
    const cookie = String(page.headers['set-cookie']).split(';')[0]!;
    expect((await app.inject({ url: '/api/tasks', headers: { cookie } })).statusCode).toBe(200);
  });

  it('checks basic-auth credentials and asks the browser for them', async () => {
    const app = await serve({}, '0.0.0.0', { user: 'ana', password: 'clave' });
    const no = await app.inject('/');
    expect(no.statusCode).toBe(401);
    expect(no.headers['www-authenticate']).toMatch(/^Basic/);
    const basic = (u: string) => ({ authorization: `Basic ${Buffer.from(u).toString('base64')}` });
    expect((await app.inject({ url: '/', headers: basic('ana:mal') })).statusCode).toBe(401);
    expect((await app.inject({ url: '/', headers: basic('ana:clave') })).statusCode).toBe(200);
  });
});
