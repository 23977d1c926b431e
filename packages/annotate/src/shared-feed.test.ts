import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { openStore, PG_SKIP_REASON, pgTestSchema } from '@nerflow/store';
import type { AnswersResponse, Task, TasksResponse } from './api.js';
import { annotate, type AnnotateHandle, type AnnotateOptions } from './annotate.js';
import { SENTENCES } from './__fixtures__/sentences.js';

if (PG_SKIP_REASON) console.warn(`[shared-feed] PostgreSQL tests skipped: ${PG_SKIP_REASON}`);
const pgDescribe = PG_SKIP_REASON ? describe.skip : describe;

let dir: string;
let db: { url: string; drop(): Promise<void> };
const handles: AnnotateHandle[] = [];
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-shared-feed-'));
  if (!PG_SKIP_REASON) db = pgTestSchema('nerflow_annot');
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const h of handles.splice(0)) await h.close();
  await db?.drop();
  rmSync(dir, { recursive: true, force: true });
});

/** 48 distinct texts: the 12 sentences, each in four contexts. */
const TEXTS = ['', ' (informe semanal)', ' (resumen de la agencia)', ' (nota interna)'].flatMap((s) => SENTENCES.map((t) => `${t}${s}`));
const source = () => {
  const file = path.join(dir, 'fuente.jsonl');
  writeFileSync(file, TEXTS.map((text) => JSON.stringify({ text })).join('\n') + '\n');
  return file;
};
const options = (extra: Partial<AnnotateOptions> = {}): AnnotateOptions =>
  ({ dataset: 'equipo', source: source(), labels: ['PLATAFORMA', 'LUGAR'], db: db.url, port: 0, ...extra });
const server = async (extra: Partial<AnnotateOptions> = {}) => { const h = await annotate(options(extra)); handles.push(h); return h; };

const getTasks = async (url: string, session: string, n: number): Promise<Task[]> => {
  const res = await fetch(new URL(`api/tasks?session=${session}&n=${n}`, url));
  expect(res.status).toBe(200);
  return ((await res.json()) as TasksResponse).tasks;
};
const answer = (url: string, session: string, tasks: Task[]) => fetch(new URL(`api/answers?session=${session}`, url), {
  method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ answers: tasks.map((t) => ({ _task_hash: t._task_hash, answer: 'accept', spans: [] })) }),
});
const stored = async (): Promise<Example[]> => {
  const s = openStore({ db: db.url });
  try { const out: Example[] = []; for await (const e of s.examples('equipo')) out.push(e); return out; } finally { await s.close(); }
};

/** An annotate server in a child process (a real process, so that it can be SIGKILLed). */
async function childServer(extra: Partial<AnnotateOptions>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '__fixtures__/serve-child.ts'), JSON.stringify(options(extra))],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    lines.once('line', (l) => resolve((JSON.parse(l) as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`annotate child exited (${code}) before listening`)));
  });
  return { url, child };
}

pgDescribe('several annotate servers on one PostgreSQL dataset', () => {
  it('two servers, four annotators asking at once: every task is handed out and answered exactly once', async () => {
    const [a, b] = [await server(), await server()];
    const seen = new Map<number, string>();
    const twice: number[] = [];
    // ana and luis on server a, marta and pablo on b; each takes 3 at a time and answers them.
    const annotator = async (url: string, session: string) => {
      for (;;) {
        const tasks = await getTasks(url, session, 3);
        if (!tasks.length) return;
        for (const t of tasks) {
          if (seen.has(t._task_hash) && seen.get(t._task_hash) !== session) twice.push(t._task_hash);
          seen.set(t._task_hash, session);
        }
        expect((await answer(url, session, tasks)).status).toBe(200);
      }
    };
    await Promise.all([annotator(a.url, 'ana'), annotator(a.url, 'luis'), annotator(b.url, 'marta'), annotator(b.url, 'pablo')]);
    expect(twice).toEqual([]);
    expect(seen.size).toBe(TEXTS.length);
    const rows = await stored();
    expect(rows).toHaveLength(TEXTS.length);
    expect(new Set(rows.map((r) => r.text))).toEqual(new Set(TEXTS));
    expect(new Set(rows.map((r) => r._session_id)).size).toBe(4); // the work was really shared
    // A third server started now has nothing left to ask.
    const c = await server();
    expect(await getTasks(c.url, 'ana', 5)).toEqual([]);
  });

  it("tasks a server reserved and has not handed out reach another server's annotators once the reservation expires", async () => {
    // leaseSeconds 1.5: reservations last as long as a lease when that is shorter than 15 s.
    const [a, b] = [await server({ leaseSeconds: 1.5 }), await server({ leaseSeconds: 1.5 })];
    const [mine] = await getTasks(a.url, 'ana', 1); // a reserves a few tasks ahead, hands one to ana
    const first = await getTasks(b.url, 'luis', 50);
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(TEXTS.length - 1); // a's reservation is not handed out by b meanwhile
    await new Promise((r) => setTimeout(r, 1_700));
    // Now luis gets his own leases again, a's expired reservation, and ana's task too (she did not ask again: expired).
    const later = await getTasks(b.url, 'luis', 50);
    expect(later.map((t) => t._task_hash)).toEqual(expect.arrayContaining(first.map((t) => t._task_hash)));
    expect(new Set(later.map((t) => t._task_hash)).size).toBe(TEXTS.length);
    expect(later.map((t) => t._task_hash)).toContain(mine!._task_hash);
  });

  it("a server that stops gives back the tasks it reserved: another server's annotator gets them at once", async () => {
    const a = await server();
    const [mine] = await getTasks(a.url, 'ana', 1);
    await handles.splice(handles.indexOf(a), 1)[0]!.close();
    const b = await server();
    const all = await getTasks(b.url, 'luis', 50);
    // Everything but ana's task (her lease lasts 10 minutes), without waiting for the 15 s of a reservation.
    expect(all).toHaveLength(TEXTS.length - 1);
    expect(all.map((t) => t._task_hash)).not.toContain(mine!._task_hash);
  });

  it('a task leased on one server cannot be answered through another by a different session; its holder can', async () => {
    const [a, b] = [await server(), await server()];
    const [t] = await getTasks(a.url, 'ana', 1);
    const refused = await answer(b.url, 'luis', [t!]);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ code: 'E_ANNOTATE_LEASED', error: expect.stringContaining('"ana"') });
    // Through b (no sticky sessions): b finds the task in the lease, and ana's answer is stored.
    const ok = await answer(b.url, 'ana', [t!]);
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as AnswersResponse).stored).toBe(1);
    expect((await getTasks(b.url, 'luis', 50)).map((x) => x._task_hash)).not.toContain(t!._task_hash);
  });

  it('undo on one server gives the task back first to the same session on the other', async () => {
    const [a, b] = [await server(), await server()];
    const [t1, t2] = await getTasks(a.url, 'ana', 2);
    expect((await answer(a.url, 'ana', [t1!])).status).toBe(200);
    const undo = await fetch(new URL(`api/answers/${t1!._task_hash}?session=ana`, b.url), { method: 'DELETE' });
    expect(undo.status).toBe(200);
    expect((await stored()).length).toBe(0);
    expect((await getTasks(a.url, 'ana', 2)).map((x) => x._task_hash)).toEqual([t1!._task_hash, t2!._task_hash]);
  });

  it('with --overlap every session gets every task, whichever server it asks', async () => {
    const [a, b] = [await server({ overlap: true }), await server({ overlap: true })];
    const ana = await getTasks(a.url, 'ana', 50);
    const luis = await getTasks(b.url, 'luis', 50);
    expect(ana).toHaveLength(TEXTS.length);
    expect(luis.map((t) => t._task_hash)).toEqual(ana.map((t) => t._task_hash));
    expect((await answer(b.url, 'ana', ana.slice(0, 5))).status).toBe(200);
    expect(await getTasks(b.url, 'ana', 50)).toHaveLength(TEXTS.length - 5);
  });

  it('SIGKILL one server mid-work: acknowledged answers are kept, its leases are served again after they expire', async () => {
    const killed = await childServer({ leaseSeconds: 1.5 });
    const held = await getTasks(killed.url, 'ana', 4);
    expect((await answer(killed.url, 'ana', held.slice(0, 2))).status).toBe(200); // acknowledged
    const survivor = await server({ leaseSeconds: 1.5 });
    // While the lease lasts the other two are not handed out elsewhere.
    const before = await getTasks(survivor.url, 'luis', 3);
    const open = held.slice(2).map((t) => t._task_hash);
    expect(before.map((t) => t._task_hash).filter((h) => open.includes(h))).toEqual([]);
    killed.child.kill('SIGKILL');
    await new Promise((r) => killed.child.once('exit', r));
    const killedAt = Date.now();
    // marta asks for everything: her own leases, then expired ones of others, then new tasks.
    let after: Task[] = [];
    const hasOpen = () => open.every((h) => after.some((t) => t._task_hash === h));
    while (Date.now() - killedAt < 10_000) {
      after = await getTasks(survivor.url, 'marta', 50);
      if (hasOpen()) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(hasOpen()).toBe(true);
    const servedAgainMs = Date.now() - killedAt;
    expect(servedAgainMs).toBeLessThan(5_000);
    const rows = await stored();
    expect(rows.map((r) => r._task_hash).sort()).toEqual(held.slice(0, 2).map((t) => t._task_hash).sort());
    // Everything now gets answered once: nothing of the killed server is lost or doubled.
    // luis's leases (taken a moment after ana's) may or may not have expired into marta's reply yet.
    const luisStill = before.filter((t) => !after.some((x) => x._task_hash === t._task_hash));
    expect(after.length + luisStill.length).toBe(TEXTS.length - 2);
    if (luisStill.length) expect((await answer(survivor.url, 'luis', luisStill)).status).toBe(200);
    expect((await answer(survivor.url, 'marta', after)).status).toBe(200);
    expect(await getTasks(survivor.url, 'pablo', 10)).toEqual([]);
    const all = await stored();
    expect(all).toHaveLength(TEXTS.length);
    expect(new Set(all.map((r) => r._task_hash)).size).toBe(TEXTS.length);
  });
});
