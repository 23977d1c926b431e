// Zero-shot suggester overhead: the GLiNER loader on the tiny fixture model (its code path, not a
// real model's compute) — latency per sentence, and annotate's get-next (Annotator.tasks, in
// process) p50/p99 with the suggester on (correct mode) against manual mode (no model) as reference.
//   npx nx build @nerflow/train @nerflow/annotate && nice -n 10 node bench/annotate/zeroshot.mjs [--n 400]
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadGliner } from '@nerflow/train';
import { Annotator } from '@nerflow/annotate';
import { SqliteStore } from '@nerflow/store';

const here = path.dirname(new URL(import.meta.url).pathname);
const FIXTURE = path.resolve(here, '../../packages/train/fixtures/tiny-gliner-es');
const arg = (name, dflt) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const N = arg('n', 400);

/** Spanish sentences: lines of ../shared/data/raw-es (Debian documentation), else a fixed pair. */
function sentences(n) {
  const file = path.resolve(here, '../../../shared/data/raw-es/debian-handbook-es-ES.txt');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.length >= 40 && l.length <= 200) : [];
  if (!lines.length) lines.push('Luis viajó de Madrid a Sevilla el lunes.', 'Ana trabaja en Telefónica desde el martes.');
  return Array.from({ length: n }, (_, i) => lines[i % lines.length] + (i >= lines.length ? ` (${i})` : ''));
}

const q = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
const ms = (x) => x.toFixed(2);

const texts = sentences(N);
const labels = ['LUGAR', 'PERSONA', 'EMPRESA'];
const model = await loadGliner(FIXTURE, { labels });
console.log(`${N} sentences from raw-es; load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);

for (const batch of [1, 16]) {
  const times = [];
  for (let i = 0; i + batch <= texts.length; i += batch) {
    const t0 = performance.now();
    await model.predict(texts.slice(i, i + batch).map((text) => ({ text })));
    times.push((performance.now() - t0) / batch);
  }
  console.log(`predict, batch ${String(batch).padStart(2)}: per sentence p50 ${ms(q(times, 0.5))} ms, p99 ${ms(q(times, 0.99))} ms`);
}

async function getNext(mode) {
  const store = new SqliteStore(':memory:');
  const a = await Annotator.create({ store, dataset: 'bench', examples: texts.map((text) => ({ text })), labels, mode, predictor: mode === 'manual' ? undefined : model });
  const times = [];
  for (let i = 0; i < N; i++) {
    const t0 = performance.now();
    const [task] = await a.tasks('ana', 1);
    times.push(performance.now() - t0);
    if (!task) break;
    await a.answer('ana', [{ _task_hash: task._task_hash, answer: 'accept', spans: task.spans.map((s) => ({ token_start: s.token_start, token_end: s.token_end, label: s.label })) }]);
  }
  await a.close();
  await store.close();
  return times;
}
const manual = await getNext('manual');
const correct = await getNext('correct');
console.log(`get-next, manual (reference): p50 ${ms(q(manual, 0.5))} ms, p99 ${ms(q(manual, 0.99))} ms`);
console.log(`get-next, correct + zero-shot: p50 ${ms(q(correct, 0.5))} ms, p99 ${ms(q(correct, 0.99))} ms (p99 ratio ${(q(correct, 0.99) / q(manual, 0.99)).toFixed(1)}x)`);
console.log(`load after: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
await model.dispose();
