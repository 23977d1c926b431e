import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { initBackend } from '../tf/backend.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { NerModel, type TrainDoc } from '../model/nerModel.js';
import { evidenceOf } from '../model/evidence.js';
import { saveModel } from '../model/modelFolder.js';
import { loadModel } from '../predict.js';
import { trainLoop } from './loop.js';
import { EXAMPLES, fromMarkup } from '../__fixtures__/spanish.js';

// Unseen sentences too, so that the model's guesses (right or wrong) vary between documents.
const MORE = [
  'La [Junta de Andalucía](ORG) aprobó ayer el plan en [Almería](LOC).',
  '[Rosa Díaz](PER) habló con periodistas de [El País](ORG) en [Cádiz](LOC).',
  'El ministro [Antonio Vidal](PER) llegó a [Oviedo](LOC) por la tarde.',
].map(fromMarkup);

describe('prediction on several threads', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-decodepool-'));
    const model = NerModel.create(Tok2Vec.create({ width: 32, depth: 2, rows: { norm: 2000, prefix: 500, suffix: 1000, shape: 500 } }, 2), ['LOC', 'ORG', 'PER'], 'BILUO', 2);
    const docs = EXAMPLES.map((e) => evidenceOf(e, model.tags, 'BILUO')).filter((d): d is TrainDoc => d !== null);
    for await (const _ of trainLoop(model, docs, [], { maxEpochs: 8, patience: 0, batchWords: 60, learnRate: 0.01, warmupSteps: 0, dropout: 0, clip: 5, seed: 2 })) { /* train */ }
    await saveModel(model, path.join(dir, 'model'));
    model.dispose();
  }, 60_000);
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('gives exactly the spans and scores of the one-thread path', async () => {
    // > 1,000 words, so the pool really splits the input (smaller inputs stay on the calling thread).
    const input: Example[] = Array.from({ length: 130 }, (_, i) => {
      const e = [...EXAMPLES, ...MORE][i % (EXAMPLES.length + MORE.length)]!;
      return { text: e.text, tokens: e.tokens };
    });
    expect(input.reduce((a, e) => a + e.tokens!.length, 0)).toBeGreaterThan(1000);
    const ref = await loadModel(path.join(dir, 'model'));
    const fast = await loadModel(path.join(dir, 'model'));
    await fast.useThreads(2);
    try {
      const a = await ref.predict(input);
      const b = await fast.predict(input);
      const spans = (xs: Example[]) => xs.map((x) => x.spans!.map((s) => `${s.start}-${s.end}:${s.label}:${s.score}`));
      expect(spans(a).flat().length).toBeGreaterThan(60); // the model does find entities
      expect(spans(b)).toEqual(spans(a));
      // emptying the caches (here and in the worker) keeps the pool in step and the spans the same
      await fast.clearCaches();
      expect((fast.model.encoder as Tok2Vec)['embedCache']?.size).toBe(0);
      expect(spans(await fast.predict(input))).toEqual(spans(a));
    } finally {
      ref.dispose();
      fast.dispose();
    }
  }, 60_000);
});
