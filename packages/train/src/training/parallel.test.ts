import { beforeAll, describe, expect, it } from 'vitest';

// This file tests the path without native kernels (wasm products, data-parallel replicas in worker
// threads: planTrainingThreads). Vitest runs each test file in its own process, so this stays here;
// nativeTraining.test.ts tests the native path and that both give the same results.
process.env.NERFLOW_NATIVE = '0';
import { initBackend } from '../tf/backend.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { NerModel, type TrainDoc } from '../model/nerModel.js';
import { evidenceOf } from '../model/evidence.js';
import { trainLoop, type DevDoc, type LoopSettings, type TrainEvent } from './loop.js';
import { EXAMPLES, SENTENCES, fromMarkup } from '../__fixtures__/spanish.js';

const LABELS = ['LOC', 'ORG', 'PER'];
const SMALL = { width: 32, depth: 2, rows: { norm: 2000, prefix: 500, suffix: 1000, shape: 500 } };
// Dropout on, so the test also checks that masks do not depend on how the batch is split.
const SETTINGS: LoopSettings = { maxEpochs: 5, patience: 0, batchWords: 40, learnRate: 0.01, warmupSteps: 2, dropout: 0.2, clip: 5, seed: 4 };

async function run(threads: number, settings: Partial<LoopSettings> = {}, dev: DevDoc[] = []) {
  const model = NerModel.create(Tok2Vec.create(SMALL, 4), LABELS, 'BILUO', 4);
  const docs = EXAMPLES.map((e) => evidenceOf(e, model.tags, 'BILUO')).filter((d): d is TrainDoc => d !== null);
  const events: TrainEvent[] = [];
  for await (const ev of trainLoop(model, docs, dev, { ...SETTINGS, ...settings, threads })) events.push(ev);
  const weights = model.variables().map((v) => Array.from(v.dataSync() as Float32Array));
  model.dispose();
  return { events, weights };
}

const stepLosses = (evs: TrainEvent[]) => evs.flatMap((e) => (e.type === 'step' ? [e.loss] : []));

describe('data-parallel training (no native kernels)', () => {
  beforeAll(async () => { await initBackend(); });

  it('gives the same losses and weights on 1 and 2 threads (same data, same seed)', async () => {
    const one = await run(1);
    const two = await run(2);
    const l1 = stepLosses(one.events);
    const l2 = stepLosses(two.events);
    expect(l1.length).toBeGreaterThan(12);
    expect(l2).toHaveLength(l1.length);
    l1.forEach((l, i) => expect(l2[i]!).toBeCloseTo(l, 3));
    expect(l1.at(-1)!).toBeLessThan(l1[0]!); // it did learn something
    let maxDiff = 0;
    let moved = 0;
    one.weights.forEach((w, k) => w.forEach((x, j) => { maxDiff = Math.max(maxDiff, Math.abs(x - two.weights[k]![j]!)); }));
    const init = await run(1, { maxEpochs: 1, learnRate: 1e-12 });
    one.weights.forEach((w, k) => w.forEach((x, j) => { moved = Math.max(moved, Math.abs(x - init.weights[k]![j]!)); }));
    expect(moved).toBeGreaterThan(0.01); // training changed the weights ...
    expect(maxDiff).toBeLessThan(1e-3); // ... the same way on both
  }, 120_000);

  it('stops early when dev F1 has not improved for `patience` epochs', async () => {
    // A learning rate too small to change any prediction: dev F1 is flat, so epoch 1 stays the best.
    const dev: DevDoc[] = SENTENCES.slice(0, 4).map(fromMarkup).map((e) => ({
      words: e.tokens!.map((t) => t.text), spans: e.spans!.map((s) => ({ tokenStart: s.token_start!, tokenEnd: s.token_end!, label: s.label })),
    }));
    const { events } = await run(1, { maxEpochs: 20, patience: 3, learnRate: 1e-9, dropout: 0 }, dev);
    const done = events.find((e) => e.type === 'done')!;
    expect(done).toMatchObject({ type: 'done', stoppedEarly: true, bestEpoch: 1, epochs: 4 });
    expect(events.filter((e) => e.type === 'epoch')).toHaveLength(4);
  }, 60_000);

  it('does not count epochs in which the new labels were not found yet (--base) toward patience', async () => {
    // The --base rule's verdicts, scripted: the new labels score 0 for five epochs, then appear and
    // stay flat. Counting from epoch 1 would stop at epoch 4 and keep a model without them.
    const newF = (epoch: number) => (epoch <= 5 ? 0 : 0.4);
    const select = (_m: unknown, _d: unknown, epoch: number) => ({ score: 2 + newF(epoch), newF: newF(epoch), oldF: 1, withinBound: true });
    const { events } = await run(1, { maxEpochs: 20, patience: 3, learnRate: 1e-9, dropout: 0, select });
    expect(events.find((e) => e.type === 'done')).toMatchObject({ stoppedEarly: true, bestEpoch: 6, epochs: 9 });
  }, 60_000);
});
