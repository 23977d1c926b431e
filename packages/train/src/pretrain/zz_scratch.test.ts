import { it } from 'vitest';
import { initBackend } from '../tf/backend.js';
import { readRawSentences } from './rawText.js';
import { maskDocs } from './masking.js';
import { PretrainReplica } from './replica.js';
import { DEFAULT_OBJECTIVE } from './objective.js';
it('scratch', async () => {
  console.log(await initBackend());
  const sents: string[][] = [];
  let t = performance.now();
  for await (const s of readRawSentences(['/work/shared/data/raw-es-news/ud-es-ancora-devtest.txt'], { maxWords: 60000 })) sents.push(s);
  console.log('read', sents.length, performance.now() - t);
  const r = await PretrainReplica.create({ encoder: {}, objective: DEFAULT_OBJECTIVE, seed: 1, inputVectors: null, targetVectors: null });
  let at = 0;
  for (let step = 0; step < 30; step++) {
    const docs: string[][] = []; let w = 0;
    while (w < 2000) { const s = sents[at++ % sents.length]!; docs.push(s); w += s.length; }
    t = performance.now();
    const m = maskDocs(docs, 0.15, step);
    const g = r.gradients(m, 0.1, step);
    const t1 = performance.now();
    const s = 1 / g.count; for (const a of g.grads) for (let i = 0; i < a.length; i++) a[i] *= s;
    r.apply(g.grads, 0.001, 5);
    const t2 = performance.now();
    console.log(step, (g.loss / g.count).toFixed(3), g.count, Math.round(t1 - t), Math.round(t2 - t1), Math.round(w / ((t2 - t) / 1000)), 'w/s');
  }
}, 600000);
