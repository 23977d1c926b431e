import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { recordingContext } from '@nerflow/core';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, fromMarkup } from '../__fixtures__/spanish.js';
import type { LocatedExample as Located } from '@nerflow/corpus';
import { epochEstimate, lossCollapseWarning, StepTotal } from './guidance.js';
import { holdOutDev, MIN_FOR_HOLDOUT } from './holdout.js';
import { trainModel } from './trainModel.js';

const located = (n: number): Located[] => Array.from({ length: n }, (_, i) => ({
  example: i < EXAMPLES.length ? EXAMPLES[i]! : fromMarkup(`[Cliente ${i}](PER) compró en [Tienda ${i}](ORG) de [Cuenca](LOC).`), source: 'train.jsonl', line: i + 1,
}));

describe('holdOutDev (no --dev given)', () => {
  it('holds out a seeded share of labelled examples and says so', () => {
    const h = holdOutDev(located(40), 0.1, 0);
    expect(h.dev).toHaveLength(4);
    expect(h.train).toHaveLength(36);
    expect(new Set([...h.train, ...h.dev].map((x) => x.line)).size).toBe(40);
    expect(h.note).toBe('no --dev: held out 4 of 40 training examples (10%) as dev for early stopping and the scores; --holdout 0 trains on all of them.');
    expect(holdOutDev(located(40), 0.1, 0).dev.map((x) => x.line)).toEqual(h.dev.map((x) => x.line)); // same seed, same split
  });

  it('holds out nothing with share 0, and explains when there is too little data', () => {
    expect(holdOutDev(located(40), 0, 0)).toEqual({ train: located(40), dev: [] });
    const few = holdOutDev(located(MIN_FOR_HOLDOUT - 1), 0.1, 0);
    expect(few.dev).toEqual([]);
    expect(few.note).toContain('too few examples (19)');
  });

  it('never holds out rejected or partial (binary) answers', () => {
    const xs = located(30).map((x, i) => ({ ...x, example: { ...x.example, answer: i % 2 ? 'reject' as const : 'accept' as const } }));
    for (const d of holdOutDev(xs, 0.5, 1).dev) expect(d.example.answer).toBe('accept');
  });
});

describe('training guidance', () => {
  it('warns when the loss collapses to ~0, not before epoch 2 or above the threshold', () => {
    expect(lossCollapseWarning(14, 0.0004, 240, false)).toBe('training loss 0.000 at epoch 14: the 240 training examples are memorised; more epochs only overfit. Without dev data nothing stops this: pass --dev, or lower --max-epochs.');
    expect(lossCollapseWarning(1, 0.0001, 240, true)).toBeUndefined();
    expect(lossCollapseWarning(5, 0.4, 240, true)).toBeUndefined();
  });

  it('estimates an epoch and the run from the first steps, and flags long runs', () => {
    // 3 steps in 3.6 s, 96 steps an epoch, 30 epochs: 115 s an epoch, ~58 min in all
    const e = epochEstimate(3, 3.6, 96, 30, 5, true);
    expect(e.message).toBe('about 2 min an epoch, up to 58 min for 30 epochs (early stopping after 5 epochs without a better dev F1 may end it sooner); --max-epochs or --batch-words bound it.');
    expect(e.long).toBe(true);
    expect(epochEstimate(3, 0.3, 10, 10, 5, false)).toEqual({ message: 'about 1 s an epoch, up to 10 s for 10 epochs.', long: false });
  });

  it('step totals add up: the estimate is replaced by the real batches per epoch', () => {
    const t = new StepTotal(144, 20); // words / batchWords said 144 an epoch: 2880
    expect(t.total(10)).toBe(2880);
    t.epochEnded(1, 157); // the loop packed 157 batches
    expect(t.total(3000)).toBe(3140);
    expect(t.total(3150)).toBe(3150); // never below what is done
  });
});

describe('trainModel without --dev', () => {
  it('holds out a dev set, so there are dev scores and early stopping, and says so in the log', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'nerflow-holdout-'));
    try {
      const train = path.join(dir, 'train.jsonl');
      await writeFile(train, located(24).map((x) => JSON.stringify(x.example)).join('\n') + '\n');
      const ctx = recordingContext();
      const s = await trainModel({ train, out: path.join(dir, 'm'), seed: 1, width: 32, depth: 2, maxEpochs: 3, batchWords: 80, warmupSteps: 0, learnRate: 0.01 }, ctx);
      expect(ctx.logs.map((l) => l.message)).toContain('no --dev: held out 2 of 24 training examples (10%) as dev for early stopping and the scores; --holdout 0 trains on all of them.');
      expect(s.dev).not.toBeNull();
      expect(s.trainDocs).toBe(22);
      expect(ctx.logs.some((l) => /an epoch, up to .* for 3 epochs/.test(l.message))).toBe(true);
      const steps = ctx.events.filter((e) => e.unit === 'steps');
      for (const e of steps) expect(e.done).toBeLessThanOrEqual(e.total!);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
