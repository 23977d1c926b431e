import { describe, expect, it } from 'vitest';
import { compareResults } from './compare.js';
import { evaluate } from './evaluate.js';
import { toResultsJson } from './results.js';
import type { TaggedSentence } from './sentence.js';

const toks = ['La', 'CNMV', 'multó', 'a', 'Bankia', 'en', 'Valencia'];
const gold: TaggedSentence[] = Array.from({ length: 80 }, (_, i) => ({ where: `g${i}`, tokens: toks, tags: ['O', 'B-ORG', 'O', 'O', 'B-ORG', 'O', 'B-LOC'] }));
const system = (missEvery: number, name: string) => {
  const pred = gold.map((g, i) => ({ ...g, where: `p${i}`, tags: i % missEvery === 0 ? ['O', 'B-ORG', 'O', 'O', 'O', 'O', 'B-LOC'] : g.tags }));
  return toResultsJson(evaluate(gold, pred), { name, gold: 'gold' });
};

describe('compareResults', () => {
  it('finds a real improvement significant and no change not significant', () => {
    const weak = system(2, 'weak');
    const strong = system(10, 'strong');
    const cmp = compareResults(weak, strong, { samples: 500 });
    expect(cmp.paired).toBe(true);
    const row = (l: string) => cmp.rows.find((r) => r.label === l)!;
    expect(row('micro').delta).toBeGreaterThan(0);
    expect(row('micro').significant).toBe(true);
    expect(row('micro').p).toBeLessThan(0.05);
    expect(row('LOC')).toMatchObject({ delta: 0, significant: false, p: 1 });
    expect(compareResults(weak, weak).rows.every((r) => !r.significant)).toBe(true);
  });

  it('falls back to descriptive deltas on different gold', () => {
    const other = { ...system(10, 'other'), goldHash: 'different' };
    const cmp = compareResults(system(2, 'weak'), other);
    expect(cmp.paired).toBe(false);
    expect(cmp.rows.every((r) => r.p === null && !r.significant)).toBe(true);
    expect(cmp.note).toMatch(/different gold/);
  });
});
