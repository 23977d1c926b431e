import type { LocatedExample as Located } from '@nerflow/corpus';
import { Rng } from '../tf/rng.js';

/** Fewer training examples than this: holding some out would leave too little to learn from. */
export const MIN_FOR_HOLDOUT = 20;

export interface Holdout {
  train: Located[];
  dev: Located[];
  /** What was done, in a sentence for the log (undefined when nothing was held out and nothing needs saying). */
  note?: string;
}

/**
 * Without a dev set, early stopping and the best checkpoint have nothing to go on (the last epoch
 * wins, however overfit). So a seeded `share` of the accepted, labelled examples is held out as dev;
 * the rest trains. `share` 0 (`--holdout 0`) keeps every example for training.
 */
export function holdOutDev(train: Located[], share: number, seed: number): Holdout {
  if (share <= 0) return { train, dev: [] };
  const eligible = train.map((x, i) => i).filter((i) => {
    const ex = train[i]!.example;
    return (ex.answer === undefined || ex.answer === 'accept') && (ex.spans?.length ?? 0) > 0 && !ex._partial;
  });
  if (train.length < MIN_FOR_HOLDOUT || eligible.length < 2) {
    return { train, dev: [], note: `no --dev, and too few examples (${train.length}) to hold some out: no early stopping, the last epoch is kept; pass --dev to measure.` };
  }
  const n = Math.max(1, Math.round(share * eligible.length));
  new Rng(seed + 7919).shuffle(eligible);
  const held = new Set(eligible.slice(0, n));
  return {
    train: train.filter((_, i) => !held.has(i)),
    dev: train.filter((_, i) => held.has(i)),
    note: `no --dev: held out ${n} of ${train.length} training examples (${Math.round(100 * share)}%) as dev for early stopping and the scores; --holdout 0 trains on all of them.`,
  };
}
