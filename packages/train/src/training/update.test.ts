import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { trainModel } from './trainModel.js';
import { ParallelTrainer } from './parallel.js';
import { Adam } from './adam.js';
import { loadModel, TEACH_DEFAULTS } from '../predict.js';
import { loadNerModel } from '../model/modelFolder.js';
import { evidenceOf } from '../model/evidence.js';
import { stepSeed, type NerModel, type TrainDoc } from '../model/nerModel.js';
import { EXAMPLES, fromMarkup } from '../__fixtures__/spanish.js';

const FAST = { width: 32, depth: 2, maxEpochs: 3, batchWords: 80, warmupSteps: 0, learnRate: 0.01, seed: 5 };

// Teach-mode answers as annotate stores them: binary (the ner view), accepted and rejected spans.
const ANSWERS: Example[] = [
  { ...fromMarkup('[Rosa Díaz](PER) llegó a [Cádiz](LOC) en tren.'), answer: 'accept', _view_id: 'ner' },
  { ...fromMarkup('[Rosa Díaz](LOC) llegó a Cádiz en tren.'), answer: 'reject', _view_id: 'ner' },
  { ...fromMarkup('El director de [Inditex](ORG) habló en [Vigo](LOC).'), answer: 'accept', _view_id: 'ner' },
  { ...fromMarkup('[Tomás Herrera](PER) compró acciones de [Endesa](ORG).'), answer: 'accept', _view_id: 'ner' },
];

const maxDiff = (a: NerModel, b: NerModel) => {
  const wb = b.weights();
  let d = 0;
  a.weights().forEach((w, k) => w.forEach((x, j) => { d = Math.max(d, Math.abs(x - wb[k]![j]!)); }));
  return d;
};

describe('one update path: teach mode takes the training loop\'s step', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-update-'));
    const train = path.join(dir, 'train.jsonl');
    await writeFile(train, EXAMPLES.map((x) => JSON.stringify(x)).join('\n') + '\n');
    model = path.join(dir, 'modelo');
    await trainModel({ train, out: model, holdout: 0, ...FAST });
  }, 60_000);
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('NerPredictor.update equals ParallelTrainer.step on the same batch and seed, step after step', async () => {
    const teach = await loadModel(model);
    const { model: looped } = await loadNerModel(model);
    const docs = ANSWERS.map((x) => evidenceOf(x, looped.tags, looped.scheme)).filter((d): d is TrainDoc => d !== null);
    expect(docs).toHaveLength(4);
    const trainer = await ParallelTrainer.start(looped, 1);
    const { learnRate, dropout, clip, seed } = TEACH_DEFAULTS;
    try {
      for (let step = 0; step < 3; step++) {
        const t = await teach.update(ANSWERS);
        const l = await trainer.step(docs, dropout, stepSeed(seed, step), learnRate, clip);
        expect(t.loss).toBeCloseTo(l.loss, 6);
        expect(maxDiff(teach.model, looped)).toBeLessThan(1e-6);
      }
      // the updates did move the weights (the comparison above is not between two untouched models)
      const { model: untouched } = await loadNerModel(model);
      expect(maxDiff(untouched, looped)).toBeGreaterThan(1e-4);
      untouched.dispose();
    } finally {
      await trainer.close();
      teach.dispose();
      looped.dispose();
    }
  });

  it('matches an independent step: tfjs autodiff of the mean loss and the tensor Adam, at teach mode\'s constants', async () => {
    const teach = await loadModel(model);
    const { model: ref } = await loadNerModel(model);
    const docs = ANSWERS.map((x) => evidenceOf(x, ref.tags, ref.scheme)).filter((d): d is TrainDoc => d !== null);
    const adam = new Adam();
    try {
      for (let step = 0; step < 3; step++) {
        const { loss } = await teach.update(ANSWERS);
        const g = ref.gradients(docs, TEACH_DEFAULTS.dropout, stepSeed(TEACH_DEFAULTS.seed, step));
        adam.apply(g.grads, TEACH_DEFAULTS.learnRate, TEACH_DEFAULTS.clip);
        expect(loss).toBeCloseTo(g.loss, 4);
      }
      expect(maxDiff(teach.model, ref)).toBeLessThan(1e-5); // float32 vs float64 rounding only
    } finally {
      adam.dispose();
      teach.dispose();
      ref.dispose();
    }
  });

  it('lowers the loss on the answers, learns from them, and ignores `ignore`', async () => {
    const nlp = await loadModel(model);
    const losses: number[] = [];
    for (let i = 0; i < 10; i++) losses.push((await nlp.update(ANSWERS)).loss);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.8);
    const [doc] = await nlp.predict([{ text: 'Rosa Díaz llegó a Cádiz en tren.' }]);
    expect(doc!.spans!.find((s) => s.token_start === 0)).toMatchObject({ label: 'PER', token_end: 1 });
    expect(await nlp.update([{ ...ANSWERS[0]!, answer: 'ignore' }])).toEqual({ loss: 0 });
    nlp.dispose();
  });
});
