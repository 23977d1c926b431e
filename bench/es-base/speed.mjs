// es-base load time and prediction speed on 2 cores: median of 3 passes over CoNLL-2002 esp.testa
// (52,923 words; evaluation text only, never trained on), batches of 200 sentences.
// Usage (after `npm run build`): node bench/es-base/speed.mjs [ESP_TESTA] [MODEL_A] [MODEL_B]
// With MODEL_B, both are timed in the same run and the ratio B/A is printed (e.g. the previous
// es-base folder vs the new one).
import { existsSync } from 'node:fs';
import { loadModel } from '@nerflow/train';
import { readConll } from '@nerflow/corpus';

const file = process.argv[2] ?? '../shared/data/conll2002-es/esp.testa';
if (!existsSync(file)) {
  console.error(`skipped: ${file} not found (../shared/data is only on the development machines)`);
  process.exit(0);
}
const exs = [];
for await (const e of readConll(file)) exs.push({ text: e.text, tokens: e.tokens });
const words = exs.reduce((n, e) => n + e.tokens.length, 0);

async function time(name) {
  const t0 = performance.now();
  const m = await loadModel(name);
  const loadMs = performance.now() - t0;
  const runs = [];
  for (let r = 0; r < 3; r++) {
    const c0 = process.cpuUsage(); const w0 = performance.now();
    for (let i = 0; i < exs.length; i += 200) await m.predict(exs.slice(i, i + 200));
    const cpu = process.cpuUsage(c0);
    runs.push({ wall: (performance.now() - w0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
  }
  m.dispose?.();
  runs.sort((a, b) => a.wall - b.wall);
  const med = runs[1];
  return { model: name, loadMs: Math.round(loadMs), words, wallWordsPerS: Math.round(words / med.wall), cpuWordsPerS: Math.round(words / med.cpu) };
}

const a = await time(process.argv[3] ?? 'es-base');
console.log(JSON.stringify(a));
if (process.argv[4]) {
  const b = await time(process.argv[4]);
  console.log(JSON.stringify(b));
  console.log(JSON.stringify({ ratioWallBoverA: +(b.wallWordsPerS / a.wallWordsPerS).toFixed(2) }));
}
