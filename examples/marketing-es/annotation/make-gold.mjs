// How the gold set was made: with nerflow's own annotate app (manual mode), its pattern
// pre-highlights coming from gold-lexicon.jsonl, the reviewer's decisions applied through the app's
// HTTP API (the same calls the page makes), then exported with `nerflow db export`.
// The reviewer's judgements are the lexicon (what is a platform or a metric in these texts) and
// REVIEW below (pre-highlights rejected in context). Run from the repo root after `npm run build`:
//   node examples/marketing-es/annotation/make-gold.mjs
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const here = import.meta.dirname;
const root = join(here, '../../..');
const nerflow = join(root, 'packages/cli/dist/bin.js');
const work = mkdtempSync(join(tmpdir(), 'nerflow-gold-'));
const db = join(work, 'gold.db');
const port = 18000 + Math.floor(Math.random() * 1000);

/** Pre-highlights the reviewer rejects: "Según Google" is the company speaking, not the platform. */
const REVIEW = [{ label: 'PLATAFORMA', text: 'Google', before: /Según\s*$/ }];

execFileSync('node', [nerflow, 'ingest', join(here, '../pdfs'), '--out', join(work, 'corpus'), '--workers', '1'], { stdio: 'inherit' });
const server = spawn('node', [nerflow, 'annotate', 'marketing-gold', join(work, 'corpus/examples.jsonl'),
  '--labels', 'PLATAFORMA,METRICA', '--patterns', join(here, 'gold-lexicon.jsonl'), '--db', db, '--port', String(port)], { stdio: 'inherit' });
const api = async (path, init) => {
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, headers: { 'content-type': 'application/json' } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res.json();
};
try {
  for (let i = 0; ; i++) {
    try { await api('/api/health'); break; } catch (e) { if (i > 100) throw e; await new Promise((r) => setTimeout(r, 200)); }
  }
  let answered = 0;
  let rejected = 0;
  for (;;) {
    const { tasks } = await api('/api/tasks?session=lead&n=10');
    if (tasks.length === 0) break;
    const answers = tasks.map((t) => {
      const keep = t.spans.filter((s) => {
        const text = [...t.text].slice(s.start, s.end).join('');
        const before = [...t.text].slice(0, s.start).join('');
        const drop = REVIEW.some((r) => r.label === s.label && r.text === text && r.before.test(before));
        if (drop) rejected++;
        return !drop;
      });
      return { _task_hash: t._task_hash, answer: 'accept', spans: keep.map((s) => ({ token_start: s.token_start, token_end: s.token_end, label: s.label, source: 'user' })) };
    });
    await api('/api/answers?session=lead', { method: 'POST', body: JSON.stringify({ answers }) });
    answered += answers.length;
  }
  console.log(`answered ${answered} tasks, rejected ${rejected} pre-highlights in review`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
}
execFileSync('node', [nerflow, 'db', 'export', 'marketing-gold', join(here, 'gold.jsonl'), '--db', db], { stdio: 'inherit' });
rmSync(work, { recursive: true, force: true });

