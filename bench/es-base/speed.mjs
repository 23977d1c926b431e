import { loadModel } from '@nerflow/train';
import { readConll } from '@nerflow/corpus';
const t0 = performance.now();
const m = await loadModel('es-base');
const load = performance.now() - t0;
const exs = [];
for await (const e of readConll('/work/shared/data/conll2002-es/esp.testa')) exs.push({ text: e.text, tokens: e.tokens });
const words = exs.reduce((n, e) => n + e.tokens.length, 0);
const runs = [];
for (let r = 0; r < 3; r++) {
  const c0 = process.cpuUsage(); const w0 = performance.now();
  for (let i = 0; i < exs.length; i += 200) await m.predict(exs.slice(i, i + 200));
  const cpu = process.cpuUsage(c0); runs.push({ wall: (performance.now() - w0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
}
runs.sort((a, b) => a.wall - b.wall);
const med = runs[1];
console.log(JSON.stringify({ loadMs: Math.round(load), words, wallWordsPerS: Math.round(words / med.wall), cpuWordsPerS: Math.round(words / med.cpu) }));
