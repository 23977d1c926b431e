import { describe, expect, it } from 'vitest';
import { forwardBackward, pathProbabilities, viterbi, type CrfStructure } from './crf.js';
import { crfLoss, pathProbability } from './loss.js';
import { Rng } from '../tf/rng.js';

// BILUO over one label: O B I L U; legal transitions written out by hand (independent of corpus).
const TAGS = ['O', 'B-PER', 'I-PER', 'L-PER', 'U-PER'];
const legal = (a: string | null, b: string | null): boolean => {
  const open = a !== null && (a.startsWith('B') || a.startsWith('I'));
  const cont = b !== null && (b.startsWith('I') || b.startsWith('L'));
  return open ? cont : !cont;
};
const n = TAGS.length;
const S: CrfStructure = {
  nTags: n,
  allowed: Uint8Array.from(TAGS.flatMap((a) => TAGS.map((b) => (legal(a, b) ? 1 : 0)))),
  start: Uint8Array.from(TAGS.map((b) => (legal(null, b) ? 1 : 0))),
  end: Uint8Array.from(TAGS.map((a) => (legal(a, null) ? 1 : 0))),
};

function randomCase(L: number, seed: number) {
  const rng = new Rng(seed);
  const em = Float32Array.from({ length: L * n }, () => rng.normal() * 2);
  const trans = Float32Array.from({ length: n * n }, () => rng.normal());
  return { em, trans, x: { em, offset: 0, length: L } };
}

/** Every legal path with its score (brute force). */
function paths(L: number, em: Float32Array, trans: Float32Array, mask?: Uint8Array): { tags: number[]; score: number }[] {
  const out: { tags: number[]; score: number }[] = [];
  const rec = (tags: number[]) => {
    if (tags.length === L) {
      if (!S.end[tags[L - 1]!]) return;
      let score = 0;
      tags.forEach((t, i) => { score += em[i * n + t]!; if (i) score += trans[tags[i - 1]! * n + t]!; });
      out.push({ tags: [...tags], score });
      return;
    }
    for (let j = 0; j < n; j++) {
      const i = tags.length;
      if (mask && !mask[i * n + j]) continue;
      if (i === 0 ? !S.start[j] : !S.allowed[tags[i - 1]! * n + j]) continue;
      rec([...tags, j]);
    }
  };
  rec([]);
  return out;
}
const lse = (xs: number[]) => { const m = Math.max(...xs); return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0)); };

describe('crf', () => {
  it('computes log Z and marginals equal to brute force', () => {
    for (const seed of [1, 2, 3]) {
      const { em, trans, x } = randomCase(5, seed);
      const all = paths(5, em, trans);
      const logZ = lse(all.map((p) => p.score));
      const fb = forwardBackward(S, trans, x);
      expect(fb.logZ).toBeCloseTo(logZ, 4);
      for (let t = 0; t < 5; t++) for (let j = 0; j < n; j++) {
        const m = all.filter((p) => p.tags[t] === j).reduce((a, p) => a + Math.exp(p.score - logZ), 0);
        expect(fb.marg[t * n + j]).toBeCloseTo(m, 4);
      }
      const i = 1, j = 2; // B -> I expected count
      const want = all.reduce((a, p) => a + p.tags.slice(1).filter((t, k) => p.tags[k] === i && t === j).length * Math.exp(p.score - logZ), 0);
      expect(fb.transMarg[i * n + j]).toBeCloseTo(want, 4);
    }
  });

  it('decodes the best legal path (Viterbi = brute-force argmax) and never an illegal one', () => {
    for (const seed of [4, 5, 6, 7]) {
      const { em, trans, x } = randomCase(6, seed);
      const best = paths(6, em, trans).reduce((a, b) => (b.score > a.score ? b : a));
      expect([...viterbi(S, trans, x)]).toEqual(best.tags);
    }
    // Emissions that favour an illegal 'I-PER' start still decode to a legal sequence.
    const em = new Float32Array(3 * n);
    em[0 * n + 2] = 10; em[1 * n + 0] = 10; em[2 * n + 3] = 10;
    const tags = [...viterbi(S, new Float32Array(n * n), { em, offset: 0, length: 3 })];
    expect(S.start[tags[0]!]).toBe(1);
    for (let t = 1; t < 3; t++) expect(S.allowed[tags[t - 1]! * n + tags[t]!]).toBe(1);
    expect(S.end[tags[2]!]).toBe(1);
  });

  it('gives missing tokens no evidence: the loss marginalises over every tag there', () => {
    const { em, trans, x } = randomCase(4, 9);
    const mask = new Uint8Array(4 * n).fill(1);
    mask.fill(0, 0, n); mask[0 * n + 4] = 1; // token 0 known U-PER, tokens 1-3 missing
    const { loss, gEm } = crfLoss(S, trans, x, { mask, rejected: [] });
    const want = lse(paths(4, em, trans).map((p) => p.score)) - lse(paths(4, em, trans, mask).map((p) => p.score));
    expect(loss).toBeCloseTo(want, 4);
    // Finite-difference check of the emission gradient on a missing token.
    const k = 2 * n + 1, h = 1e-3;
    const e2 = em.slice(); e2[k] += h;
    const l2 = crfLoss(S, trans, { em: e2, offset: 0, length: 4 }, { mask, rejected: [] }).loss;
    expect(gEm[k]).toBeCloseTo((l2 - loss) / h, 2);
  });

  it('treats a rejected span as evidence against that path only', () => {
    const { em, trans, x } = randomCase(3, 11);
    const rejected = [{ tags: Int32Array.from([1, 3]), start: 0 }]; // B-PER L-PER over tokens 0-1
    const { loss, gEm } = crfLoss(S, trans, x, { mask: null, rejected });
    const all = paths(3, em, trans);
    const logZ = lse(all.map((p) => p.score));
    const p = all.filter((q) => q.tags[0] === 1 && q.tags[1] === 3).reduce((a, q) => a + Math.exp(q.score - logZ), 0);
    expect(loss).toBeCloseTo(-Math.log(1 - p), 4);
    // Pushing the rejected path down raises the loss gradient on its tags.
    expect(gEm[0 * n + 1]).toBeGreaterThan(0);
  });

  it('scores spans with one pass exactly as the constrained forward (and brute force) does', () => {
    const { em, trans, x } = randomCase(6, 21);
    const all = paths(6, em, trans);
    const logZ = lse(all.map((p) => p.score));
    const spans = [{ start: 0, tags: [4] }, { start: 1, tags: [1, 2, 3] }, { start: 5, tags: [4] }, { start: 2, tags: [1, 3] }];
    const fast = pathProbabilities(S, trans, x, spans);
    spans.forEach((sp, k) => {
      const brute = all.filter((p) => sp.tags.every((t, i) => p.tags[sp.start + i] === t)).reduce((a, p) => a + Math.exp(p.score - logZ), 0);
      expect(fast[k]).toBeCloseTo(brute, 5);
      expect(fast[k]).toBeCloseTo(pathProbability(S, trans, x, sp.start, sp.tags, forwardBackward(S, trans, x).logZ), 5);
    });
  });
});
