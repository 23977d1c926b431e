import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { NerModel, type TrainDoc } from '../model/nerModel.js';
import { evidenceOf } from '../model/evidence.js';
import { trainLoop, type LoopSettings, type TrainEvent } from './loop.js';
import { updateAverages } from './parallel.js';
import { EXAMPLES } from '../__fixtures__/spanish.js';

const SMALL = { width: 32, depth: 2, rows: { norm: 2000, prefix: 500, suffix: 1000, shape: 500 } };
const SETTINGS: LoopSettings = { maxEpochs: 3, patience: 0, batchWords: 40, learnRate: 0.005, warmupSteps: 2, dropout: 0.1, clip: 5, seed: 2 };

async function run(average: boolean) {
  const model = NerModel.create(Tok2Vec.create(SMALL, 2), ['LOC', 'ORG', 'PER'], 'BILUO', 2);
  const docs = EXAMPLES.map((e) => evidenceOf(e, model.tags, 'BILUO')).filter((d): d is TrainDoc => d !== null);
  const events: TrainEvent[] = [];
  for await (const ev of trainLoop(model, docs, [], { ...SETTINGS, threads: 1, average })) events.push(ev);
  const weights = model.variables().map((v) => Array.from(v.dataSync() as Float32Array));
  model.dispose();
  return { losses: events.flatMap((e) => (e.type === 'step' ? [e.loss] : [])), weights };
}

describe('weight averaging (--average)', () => {
  beforeAll(async () => { await initBackend(); });

  it('follows thinc: decay (1 + t) / (10 + t), capped at 0.9999', () => {
    for (const native of [undefined, null]) {
      const avg = [new Float32Array([0, 10])];
      updateAverages(avg, [new Float32Array([11, 10])], 1, native);
      expect(avg[0]![0]).toBeCloseTo(9, 5); // 0 - (9/11) * (0 - 11)
      expect(avg[0]![1]).toBe(10);
      updateAverages(avg, [new Float32Array([0, 0])], 1e9, native);
      expect(avg[0]![1]).toBeCloseTo(10 * 0.9999, 4);
    }
  });

  it('leaves training unchanged and keeps the averaged weights as the model', async () => {
    const plain = await run(false);
    const averaged = await run(true);
    expect(averaged.losses).toEqual(plain.losses); // the optimiser never sees the averages
    let diff = 0;
    plain.weights.forEach((w, k) => w.forEach((x, j) => { diff = Math.max(diff, Math.abs(x - averaged.weights[k]![j]!)); }));
    expect(diff).toBeGreaterThan(1e-4);
  }, 60_000);
});
