import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { TasksResponse } from '../src/api.js';
import { SENTENCES } from '../src/__fixtures__/sentences.js';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * Starts the server process and resolves with its URL once it listens. Node itself runs the server
 * (tsx as a loader, not the tsx CLI, which would put a wrapper process in between and take the
 * SIGKILL in the server's place).
 */
function startServerProcess(db: string, source: string, mode: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash/server.ts'), db, source, mode], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TSX_TSCONFIG_PATH: path.join(here, 'crash/tsconfig.json') },
  });
  return new Promise((resolve, reject) => {
    let out = '', err = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${err}`)), 50_000);
    child.stderr!.on('data', (d) => (err += d));
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /LISTENING (\S+)/.exec(out);
      if (m) { clearTimeout(timer); resolve({ child, url: m[1]! }); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${err}`)); });
  });
}

describe('crash safety', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-crash-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(['event-loop', 'worker'])('SIGKILL while annotators answer (commit in the %s): every acknowledged answer is stored once, and none is asked again', async (mode) => {
    const source = path.join(dir, `source-${mode}.jsonl`);
    writeFileSync(source, Array.from({ length: 400 }, (_, i) => JSON.stringify({ text: `${SENTENCES[i % SENTENCES.length]} [${i}]` })).join('\n'));
    const db = path.join(dir, `crash-${mode}.db`);
    const { child, url } = await startServerProcess(db, source, mode);

    const acknowledged = new Set<string>(); // `${session}:${task hash}` of answers the server confirmed
    const annotator = async (session: string) => {
      for (;;) {
        try {
          const r = (await (await fetch(`${url}api/tasks?session=${session}&n=1`)).json()) as TasksResponse;
          const task = r.tasks[0];
          if (!task) return;
          const res = await fetch(`${url}api/answers?session=${session}`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ answers: [{ _task_hash: task._task_hash, answer: 'accept', spans: [{ token_start: 0, token_end: 0, label: 'PLATAFORMA' }] }] }),
          });
          if (res.status === 200) acknowledged.add(`${session}:${task._task_hash}`);
        } catch {
          return; // the server is gone
        }
      }
    };
    const clients = ['ana', 'luis', 'marta', 'pablo'].map(annotator);
    await new Promise<void>((resolve) => {
      const check = setInterval(() => { if (acknowledged.size >= 60) { clearInterval(check); resolve(); } }, 2);
    });
    child.kill('SIGKILL'); // mid-stream: the four clients have requests in flight
    await new Promise((resolve) => child.once('exit', resolve));
    expect(child.signalCode).toBe('SIGKILL');
    expect(() => process.kill(child.pid!, 0)).toThrow(/ESRCH/); // the server itself is gone
    await Promise.all(clients); // each client stops at its first failed request
    const ackedAtKill = new Set(acknowledged);
    expect(ackedAtKill.size).toBeGreaterThanOrEqual(60);

    const check = new Database(db, { readonly: true });
    expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = check.prepare('SELECT session, task_hash FROM examples').all() as { session: string; task_hash: number }[];
    check.close();
    const storedKeys = rows.map((r) => `${r.session}:${r.task_hash}`);
    for (const k of ackedAtKill) expect(storedKeys).toContain(k);
    expect(new Set(storedKeys).size).toBe(storedKeys.length);
    // Without overlap no task is answered by two sessions either.
    expect(new Set(rows.map((r) => r.task_hash)).size).toBe(rows.length);

    // After a restart nobody is asked a task that is already answered.
    const again = await startServerProcess(db, source, mode);
    try {
      const answered = new Set(rows.map((r) => r.task_hash));
      for (const session of ['ana', 'nuevo']) {
        const r = (await (await fetch(`${again.url}api/tasks?session=${session}&n=20`)).json()) as TasksResponse;
        expect(r.tasks).toHaveLength(20);
        for (const t of r.tasks) expect(answered.has(t._task_hash)).toBe(false);
        expect(r.progress.remaining).toBe(400 - rows.length);
      }
    } finally {
      again.child.kill('SIGKILL');
      await new Promise((resolve) => again.child.once('exit', resolve));
    }
  });
});
