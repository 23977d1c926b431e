import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { initBackend } from '../tf/backend.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { NerModel, type TrainDoc } from './nerModel.js';
import { evidenceOf } from './evidence.js';
import { saveModel } from './modelFolder.js';
import { loadModel } from '../predict.js';
import { trainLoop, type LoopSettings } from '../training/loop.js';
import { EXAMPLES, fromMarkup } from '../__fixtures__/spanish.js';

const LABELS = ['LOC', 'ORG', 'PER'];
const SMALL = { width: 32, depth: 2, rows: { norm: 2000, prefix: 500, suffix: 1000, shape: 500 } };
const SETTINGS: LoopSettings = { maxEpochs: 30, patience: 0, batchWords: 60, learnRate: 0.01, warmupSteps: 0, dropout: 0, clip: 5, seed: 1 };

async function train(examples: Example[], seed = 1, epochs = SETTINGS.maxEpochs) {
  const model = NerModel.create(Tok2Vec.create(SMALL, seed), LABELS, 'BILUO', seed);
  const docs = examples.map((e) => evidenceOf(e, model.tags, 'BILUO')).filter((d): d is TrainDoc => d !== null);
  const losses: number[] = [];
  for await (const ev of trainLoop(model, docs, [], { ...SETTINGS, seed, maxEpochs: epochs })) if (ev.type === 'step') losses.push(ev.loss);
  return { model, losses };
}

const words = (e: Example) => ({ words: e.tokens!.map((t) => t.text) });
const entities = (m: NerModel, e: Example) => m.decode([words(e)])[0]!.spans.map((s) => `${s.tokenStart}-${s.tokenEnd}:${s.label}`);
const gold = (e: Example) => e.spans!.map((s) => `${s.token_start}-${s.token_end}:${s.label}`);

describe('NerModel (tok2vec + CRF)', () => {
  let dir: string;
  beforeAll(async () => { await initBackend(); dir = await mkdtemp(path.join(tmpdir(), 'nerflow-train-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('learns real Spanish entities: loss falls and training sentences are labelled right', async () => {
    const { model, losses } = await train(EXAMPLES);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 10);
    const right = EXAMPLES.filter((e) => JSON.stringify(entities(model, e)) === JSON.stringify(gold(e))).length;
    expect(right).toBeGreaterThanOrEqual(EXAMPLES.length - 1);
    model.dispose();
  });

  it('is deterministic with a seed, and the seed matters', async () => {
    const a = await train(EXAMPLES, 5, 3);
    const b = await train(EXAMPLES, 5, 3);
    const c = await train(EXAMPLES, 6, 3);
    expect(a.losses).toEqual(b.losses);
    expect(a.losses).not.toEqual(c.losses);
    const wa = a.model.variables().map((v) => Array.from(v.dataSync() as Float32Array));
    const wb = b.model.variables().map((v) => Array.from(v.dataSync() as Float32Array));
    expect(wa).toEqual(wb);
    for (const x of [a, b, c]) x.model.dispose();
  });

  it('saves and loads a model folder that predicts the same spans and scores', async () => {
    const { model } = await train(EXAMPLES, 2, 10);
    const out = path.join(dir, 'model');
    await saveModel(model, out);
    const texts = [{ text: 'Ana López trabaja en Telefónica y vive en Sevilla.' }, { text: 'El Banco Santander abrió en Granada.' }];
    const before = model.decode(texts.map((t) => fromMarkup(t.text)).map(words));
    const loaded = await loadModel(out);
    const after = await loaded.predict(texts);
    expect(after.map((e) => e.spans!.map((s) => `${s.token_start}-${s.token_end}:${s.label}`)))
      .toEqual(before.map((d) => d.spans.map((s) => `${s.tokenStart}-${s.tokenEnd}:${s.label}`)));
    after.forEach((e, i) => e.spans!.forEach((s, k) => expect(s.score).toBeCloseTo(before[i]!.spans[k]!.score, 3)));
    expect(after[0]!.spans!.length).toBeGreaterThan(0);
    loaded.dispose();
    model.dispose();
  });

  it('treats unannotated tokens of partial examples as missing, not O', async () => {
    // "Madrid" is LOC in complete examples; in the extra examples only the person is annotated.
    const extra = Array.from({ length: 8 }, (_, i) => fromMarkup(`[${['Rosa Díaz', 'Hugo Gil', 'Sara Vidal', 'Iván Soto'][i % 4]}](PER) llegó a Madrid.`));
    const complete = [...EXAMPLES, ...EXAMPLES, ...extra];
    const partial = [...EXAMPLES, ...EXAMPLES, ...extra.map((e) => ({ ...e, _partial: true }))];
    const test = fromMarkup('[Rosa Díaz](PER) llegó a [Madrid](LOC).');
    const a = await train(partial, 3, 15);
    const b = await train(complete, 3, 15);
    // Trained as complete, the extra examples teach "Madrid = O"; as partial they say nothing about it.
    expect(entities(a.model, test)).toContain('4-4:LOC');
    expect(entities(b.model, test)).not.toContain('4-4:LOC');
    a.model.dispose();
    b.model.dispose();
  });

  it('reads binary answers as partial evidence: reject = only that path is wrong', () => {
    const model = NerModel.create(Tok2Vec.create(SMALL, 1), LABELS, 'BILUO', 1);
    const ex = fromMarkup('[Pedro Sánchez](ORG) habló en Bilbao.');
    const rejected = evidenceOf({ ...ex, answer: 'reject' }, model.tags, 'BILUO')!;
    expect(rejected.mask).toBeNull();
    expect([...rejected.rejected[0]!.tags].map((t) => model.tags[t])).toEqual(['B-ORG', 'L-ORG']);
    const accepted = evidenceOf({ ...ex, answer: 'accept', _view_id: 'ner' }, model.tags, 'BILUO')!;
    const n = model.tags.length;
    expect(accepted.mask!.slice(0, n).reduce((a, b) => a + b, 0)).toBe(1); // Pedro: known B-ORG
    expect(accepted.mask!.slice(3 * n, 4 * n).reduce((a, b) => a + b, 0)).toBe(n); // Bilbao: missing
    expect(evidenceOf({ ...ex, answer: 'ignore' }, model.tags, 'BILUO')).toBeNull();
    model.dispose();
  });

  it('grows its label set keeping the old labels\' predictions', async () => {
    const { model } = await train(EXAMPLES, 4, 8);
    const docs = EXAMPLES.map(words);
    const before = model.decode(docs);
    model.addLabels(['MISC']);
    expect(model.tags).toContain('U-MISC');
    const after = model.decode(docs);
    expect(after.map((d) => d.spans.map((s) => [s.tokenStart, s.tokenEnd, s.label]))).toEqual(before.map((d) => d.spans.map((s) => [s.tokenStart, s.tokenEnd, s.label])));
    model.dispose();
  });
});

describe('NerModel with the BiLSTM context encoder', () => {
  it('learns the Spanish examples too (loss falls, entities found)', async () => {
    await initBackend();
    const model = NerModel.create(Tok2Vec.create({ ...SMALL, depth: 1, arch: 'bilstm' }, 1), LABELS, 'BILUO', 1);
    const docs = EXAMPLES.map((e) => evidenceOf(e, model.tags, 'BILUO')!);
    const losses: number[] = [];
    for await (const ev of trainLoop(model, docs, [], { ...SETTINGS, maxEpochs: 20 })) if (ev.type === 'step') losses.push(ev.loss);
    expect(losses.at(-1)!).toBeLessThan(losses[0]! / 5);
    const right = EXAMPLES.filter((e) => JSON.stringify(entities(model, e)) === JSON.stringify(gold(e))).length;
    expect(right).toBeGreaterThanOrEqual(EXAMPLES.length - 2);
    model.dispose();
  });
});
