import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCorpus } from '@nerflow/corpus';
import { nativeStatus } from '@nerflow/native';
import { initBackend, tf } from '../tf/backend.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { NerModel, type TrainDoc } from './nerModel.js';
import { evidenceOf } from './evidence.js';
import { saveModel } from './modelFolder.js';
import { trainLoop } from '../training/loop.js';
import { EXAMPLES, fromMarkup } from '../__fixtures__/spanish.js';
import { BUILT, predictInChild } from '../__fixtures__/nativeChild.js';

// Prediction runs the BiLSTMs' forward-only recurrence (EncodeOptions.inference, tf/bilstm.ts);
// training runs the time-major one. These tests hold the two to the same spans on Spanish text.

// The default recipe's encoder (--arch bilstm with a character BiLSTM), small.
const ENCODER = { width: 32, depth: 1, arch: 'bilstm' as const, charLstm: { dim: 12, hidden: 8, maxChars: 20, rows: 1024 }, rows: { norm: 2000, prefix: 500, suffix: 1000, shape: 500 } };
const LABELS = ['LOC', 'ORG', 'PER'];

// Unseen sentences of very different lengths (the forward-only pass has no padding; the training
// pass pads every sentence of a batch to the longest), so the model's guesses vary.
const UNSEEN = [
  'Ayer.',
  '[Rosa Díaz](PER) habló con periodistas de [El País](ORG) en [Cádiz](LOC).',
  'El ministro [Antonio Vidal](PER) llegó a [Oviedo](LOC) por la tarde y se reunió durante tres horas con los alcaldes de la comarca, que le pidieron más trenes entre [Gijón](LOC), [Avilés](LOC) y la capital, un hospital nuevo y una oficina de la [Seguridad Social](ORG) en cada municipio de más de diez mil habitantes.',
  'La [Junta de Andalucía](ORG) aprobó el plan en [Almería](LOC).',
  'Según [Marta Ibáñez](PER), portavoz de [Ecologistas en Acción](ORG), el embalse de [Riaño](LOC) está al cuarenta por ciento.',
].map(fromMarkup);

const native = nativeStatus();
const ANCORA = path.join(import.meta.dirname, '../../../corpus/src/__fixtures__/ancora-es/dev-every10th.tsv');

describe('prediction\'s forward-only pass (issue 14 #3)', () => {
  let dir: string;
  let model: NerModel;
  const docs = [...EXAMPLES, ...UNSEEN, ...EXAMPLES.slice(0, 5)].map((e) => ({ words: e.tokens!.map((t) => t.text) }));

  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-decodepaths-'));
    model = NerModel.create(Tok2Vec.create(ENCODER, 3), LABELS, 'BILUO', 3);
    const train = Array.from({ length: 6 }, () => EXAMPLES).flat().map((e) => evidenceOf(e, model.tags, 'BILUO')).filter((d): d is TrainDoc => d !== null);
    for await (const _ of trainLoop(model, train, [], { maxEpochs: 4, patience: 0, batchWords: 200, learnRate: 0.01, warmupSteps: 0, dropout: 0.1, clip: 5, seed: 3 })) { /* train */ }
    await saveModel(model, path.join(dir, 'model'));
  }, 120_000);
  afterAll(async () => {
    model?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  it('gives the emissions, spans and scores of the training graph\'s forward pass', () => {
    const fast = tf.tidy(() => model.emissions(docs, 0, undefined, true).dataSync());
    const ref = tf.tidy(() => model.emissions(docs, 0).dataSync());
    let diff = 0;
    ref.forEach((x, i) => { diff = Math.max(diff, Math.abs(x - fast[i]!)); });
    expect(diff).toBeLessThan(1e-5);
    const spans = (r: ReturnType<NerModel['decode']>) => r.map((d) => d.spans.map((s) => `${s.tokenStart}-${s.tokenEnd}:${s.label}`));
    const a = model.decode(docs);
    const b = model.decode(docs, { reference: true });
    expect(spans(a).flat().length).toBeGreaterThan(20); // the model does find entities
    expect(spans(a)).toEqual(spans(b));
    a.forEach((d, i) => d.spans.forEach((s, k) => expect(s.score).toBeCloseTo(b[i]!.spans[k]!.score, 5)));
  });

  it('gives the training graph\'s spans on 100 AnCora news sentences with the default recipe\'s sizes', async () => {
    // real Spanish text (the AnCora sample committed in corpus), and the default widths (BiLSTM 64 per
    // direction, character BiLSTM 25): the kernels' full and partial vector tiles
    const all = (await readCorpus(ANCORA)).map((x) => x.example);
    const big = NerModel.create(Tok2Vec.create({ ...ENCODER, width: 128, charLstm: { dim: 25, hidden: 25, maxChars: 20, rows: 1024 } }, 5), ['DATE', 'LOC', 'MISC', 'NUM', 'ORG', 'PER'], 'BILUO', 5);
    try {
      const train = all.slice(0, 200).map((e) => evidenceOf(e, big.tags, 'BILUO')).filter((d): d is TrainDoc => d !== null);
      for await (const _ of trainLoop(big, train, [], { maxEpochs: 3, patience: 0, batchWords: 1000, learnRate: 0.005, warmupSteps: 0, dropout: 0.1, clip: 5, seed: 5 })) { /* train */ }
      const held = all.slice(200).map((e) => ({ words: e.tokens!.map((t) => t.text) }));
      const spans = (r: ReturnType<NerModel['decode']>) => r.map((d) => d.spans.map((s) => `${s.tokenStart}-${s.tokenEnd}:${s.label}`));
      const a = spans(big.decode(held, { scores: false }));
      expect(a.flat().length).toBeGreaterThan(50);
      expect(a).toEqual(spans(big.decode(held, { scores: false, reference: true })));
    } finally {
      big.dispose();
    }
  }, 120_000);

  it.skipIf(!native.kernels || !existsSync(BUILT))('gives the same spans and scores with and without the native kernels (skipped where they are not built)', () => {
    const texts = [...EXAMPLES, ...UNSEEN].map((e) => ({ text: e.text }));
    const wasm = predictInChild(path.join(dir, 'model'), texts, '0');
    expect(wasm.flat().length).toBeGreaterThan(15);
    expect(predictInChild(path.join(dir, 'model'), texts, '1')).toEqual(wasm);
  }, 120_000);
});
