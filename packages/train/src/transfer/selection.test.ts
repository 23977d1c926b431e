import { prf } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import type { EntityScores } from '@nerflow/corpus';
import { microOver as microOf } from '@nerflow/corpus';
import { devOldDocs, selectionScore, type BaseSelection } from './selection.js';

/** Scores with the given [tp, fp, fn] per label. */
const scores = (per: Record<string, [number, number, number]>): EntityScores => {
  const perLabel = Object.fromEntries(Object.entries(per).map(([l, [tp, fp, fn]]) => [l, prf(tp, fp, fn)]));
  const t = Object.values(per).reduce((a, [tp, fp, fn]) => [a[0]! + tp, a[1]! + fp, a[2]! + fn], [0, 0, 0]);
  return { micro: prf(t[0]!, t[1]!, t[2]!), perLabel };
};
const sel: BaseSelection = { newLabels: ['MISC'], oldLabels: ['PER', 'LOC'], source: 'rehearsal', oldDocs: [], oldBefore: 0.9, maxDrop: 0.02, devHasNew: true };

describe('--base model selection', () => {
  it('ranks by the new labels\' F1 among epochs within the forgetting bound, not by micro F1 over all labels', () => {
    // Epoch 1: old types intact, MISC not learnt; its micro F1 over all labels is the higher one.
    const e1 = selectionScore(sel, scores({ PER: [90, 5, 5], LOC: [80, 10, 10], MISC: [0, 0, 20] }), scores({ PER: [45, 2, 3], LOC: [40, 5, 5] }), 1);
    // Epoch 2: MISC learnt, old types 1 point lower: within the 2-point bound.
    const e2 = selectionScore(sel, scores({ PER: [80, 10, 15], LOC: [70, 15, 20], MISC: [12, 4, 8] }), scores({ PER: [44, 3, 4], LOC: [40, 6, 5] }), 2);
    expect(scores({ PER: [90, 5, 5], LOC: [80, 10, 10], MISC: [0, 0, 20] }).micro.f).toBeGreaterThan(scores({ PER: [80, 10, 15], LOC: [70, 15, 20], MISC: [12, 4, 8] }).micro.f);
    expect(e1).toMatchObject({ newF: 0, withinBound: true });
    expect(e2.withinBound).toBe(true);
    expect(e2.newF).toBeCloseTo(2 / 3, 9); // P 12/16, R 12/20
    expect(e2.score).toBeGreaterThan(e1.score);
  });

  it('never prefers an epoch past the bound, however good its new labels; among those past it, the one that forgot least', () => {
    const good = selectionScore(sel, scores({ MISC: [2, 8, 18] }), scores({ PER: [45, 2, 3], LOC: [40, 5, 5] }), 1);
    const forgot = selectionScore(sel, scores({ MISC: [20, 0, 0] }), scores({ PER: [30, 10, 18], LOC: [20, 20, 25] }), 2);
    const forgotLess = selectionScore(sel, scores({ MISC: [5, 0, 15] }), scores({ PER: [38, 6, 10], LOC: [30, 10, 15] }), 3);
    expect(forgot.withinBound).toBe(false);
    expect(good.score).toBeGreaterThan(forgot.score);
    expect(forgotLess.score).toBeGreaterThan(forgot.score);
    expect(microOf(scores({ PER: [38, 6, 10], LOC: [30, 10, 15] }), ['PER', 'LOC']).f).toBeCloseTo(forgotLess.oldF, 9);
  });

  it('without dev spans of the new labels keeps the last epoch (as without --base), still reporting the bound', () => {
    const noDev = { ...sel, devHasNew: false };
    const a = selectionScore(noDev, null, scores({ PER: [45, 2, 3], LOC: [40, 5, 5] }), 4);
    const b = selectionScore(noDev, null, scores({ PER: [30, 10, 18], LOC: [20, 20, 25] }), 5);
    expect(a).toMatchObject({ newF: null, withinBound: true });
    expect(b.withinBound).toBe(false);
    expect(b.score).toBeGreaterThan(a.score);
  });

  it('checks the old types on dev only when dev marks them', () => {
    const dev = [{ words: ['Ana', 'usa', 'Instagram'], spans: [{ tokenStart: 2, tokenEnd: 2, label: 'MISC' }] }];
    expect(devOldDocs(dev, ['PER'])).toEqual([]);
    const marked = [...dev, { words: ['Ana', 'vive', 'aquí'], spans: [{ tokenStart: 0, tokenEnd: 0, label: 'PER' }] }];
    expect(devOldDocs(marked, ['PER'])).toBe(marked);
  });
});
