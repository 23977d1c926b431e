import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quietContext } from '@nerflow/core';
import { tf } from '../tf/backend.js';
import { loadModel } from '../predict.js';
import { trainNer } from '../register.js';
import { EXAMPLES } from '../__fixtures__/spanish.js';

// One process trains and loads many models (eval curve: 18 trainings; annotate: a model per retrain).
// Whatever a training, a load or a prediction allocates must be freed by dispose: a tensor left
// behind per run grew the wasm heap of a COALAS curve until it aborted at run 15.
const RUN = { maxEpochs: 2, batchWords: 80, warmupSteps: 0, learnRate: 0.01, threads: 1 };
const FAST = { ...RUN, width: 32, depth: 2 };
const live = () => tf.memory().numTensors;

describe('tensor memory', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'nerflow-memory-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('a training, a base-model training with a frozen base, and load + predict + dispose leave no tensor behind', async () => {
    const start = live();
    const only = (labels: string[]) => EXAMPLES.map((x) => ({ ...x, spans: (x.spans ?? []).filter((sp) => labels.includes(sp.label)) }));
    const base = await trainNer({ train: only(['PER', 'LOC']).slice(0, 9), dev: only(['PER', 'LOC']).slice(9), out: path.join(dir, 'base'), seed: 1, settings: FAST }, quietContext());
    expect(live()).toBe(start);

    // ORG on top of it: the base is loaded for rehearsal, grown, trained, and its frozen copy scores dev.
    const raw = path.join(dir, 'raw.txt');
    await writeFile(raw, EXAMPLES.map((x) => x.text).join('\n') + '\n');
    const grown = await trainNer({ train: only(['ORG']).slice(0, 9), dev: EXAMPLES.slice(9), out: path.join(dir, 'grown'), seed: 2, settings: { ...RUN, base: base.modelDir, rehearsal: raw } }, quietContext());
    expect(live()).toBe(start);

    for (const dirOf of [base.modelDir, grown.modelDir]) {
      const model = await loadModel(dirOf, { localOnly: true });
      for (let i = 0; i < 3; i++) await model.predict([{ text: 'La alcaldesa Ada Colau habló en Barcelona sobre vivienda .' }], { scores: true });
      model.dispose();
      expect(live()).toBe(start);
    }
  }, 120_000);
});
