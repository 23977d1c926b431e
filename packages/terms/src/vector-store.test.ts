import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { VectorStore } from './vector-store.js';
import { topK } from './knn.js';
import { clusterStore, clusterOf, rng } from './__fixtures__/clusters.js';

const tmp = () => mkdtempSync(path.join(tmpdir(), 'nerflow-terms-'));

describe('VectorStore', () => {
  it('round-trips words, dimensions, meta and every float through a file', () => {
    const store = clusterStore();
    const file = path.join(tmp(), 'v.nfv');
    new VectorStore(store.words, store.dim, store.matrix, { source: 'prueba', display: { 'tcp/ip': 'TCP/IP' } }, true).save(file);
    const back = VectorStore.load(file);
    expect(back.words).toEqual(store.words);
    expect(back.dim).toBe(16);
    expect(back.meta).toEqual({ source: 'prueba', display: { 'tcp/ip': 'TCP/IP' } });
    expect(Array.from(back.matrix)).toEqual(Array.from(store.matrix));
    expect(back.vector('visual_basic')).toEqual(store.vector('visual_basic'));
  });

  it('keeps words with accents and symbols (práctica, c++, tcp/ip) findable after loading', () => {
    const file = path.join(tmp(), 'v.nfv');
    clusterStore().save(file);
    const back = VectorStore.load(file);
    for (const w of ['práctica', 'c++', 'tcp/ip', 'año']) expect(back.has(w)).toBe(true);
  });

  it('normalises rows so that a word is its own nearest neighbour with cosine 1', () => {
    const store = clusterStore();
    const [first] = store.nearest(store.vector('haskell')!, 1);
    expect(first!.word).toBe('haskell');
    expect(first!.score).toBeCloseTo(1, 5);
  });

  it('finds same-cluster words as nearest neighbours', () => {
    const store = clusterStore();
    const nn = store.nearest(store.vector('python')!, 4, (i) => store.words[i] === 'python');
    expect(nn.map((n) => clusterOf(n.word))).toEqual(['lenguaje', 'lenguaje', 'lenguaje', 'lenguaje']);
  });

  it('rejects files that are not stores and truncated stores', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'x.vec'), '3 2\nhola 1 2\n');
    expect(() => VectorStore.load(path.join(dir, 'x.vec'))).toThrow(/not a nerflow vectors store/);
    const file = path.join(dir, 'v.nfv');
    clusterStore().save(file);
    writeFileSync(path.join(dir, 'cut.nfv'), readFileSync(file).subarray(0, 200));
    expect(() => VectorStore.load(path.join(dir, 'cut.nfv'))).toThrow(/truncated/);
  });

  it('rejects a query of the wrong dimension', () => {
    expect(() => clusterStore().nearest(new Float32Array(3), 5)).toThrow(/3 dimensions, the store has 16/);
  });
});

describe('topK', () => {
  /** Brute force: score every row, full sort. */
  function brute(m: Float32Array, dim: number, q: Float32Array, k: number, skip: (i: number) => boolean) {
    const all: { index: number; score: number }[] = [];
    for (let r = 0; r < m.length / dim; r++) {
      if (skip(r)) continue;
      let s = 0;
      for (let d = 0; d < dim; d++) s += m[r * dim + d]! * q[d]!;
      all.push({ index: r, score: s });
    }
    return all.sort((a, b) => b.score - a.score || a.index - b.index).slice(0, k);
  }

  it('agrees with a brute-force sort on random matrices, k and skip sets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 13 }), fc.integer({ min: 0, max: 30 }), fc.integer(), (rows, dim, k, seed) => {
        const rand = rng(seed);
        // Coarse values make exact ties common, which tests the tie rule too.
        const m = Float32Array.from({ length: rows * dim }, () => Math.round(rand() * 4 - 2));
        const q = Float32Array.from({ length: dim }, () => Math.round(rand() * 4 - 2));
        const skip = (i: number) => i % 7 === seed % 7;
        const got = topK(m, dim, q, k, skip);
        const want = brute(m, dim, q, k, skip);
        expect(got.map((g) => g.index)).toEqual(want.map((w) => w.index));
        got.forEach((g, i) => expect(g.score).toBeCloseTo(want[i]!.score, 4));
      }),
      { numRuns: 300 },
    );
  });
});

describe('SIMD scoring', () => {
  it('gives the same neighbours as the plain loop on random stores of odd dimensions', async () => {
    const { SimdScorer } = await import('./simd/simd-scorer.js');
    for (const dim of [1, 3, 4, 7, 8, 13, 50, 300]) {
      const rand = rng(dim);
      const rows = 500;
      const m = Float32Array.from({ length: rows * dim }, () => rand() - 0.5);
      const scorer = SimdScorer.create(rows, dim);
      expect(scorer, 'wasm SIMD is available on Node 20').toBeDefined();
      scorer!.matrix.set(m);
      const q = Float32Array.from({ length: dim }, () => rand() - 0.5);
      const scores = scorer!.scores(q);
      for (let r = 0; r < rows; r += 37) {
        let s = 0;
        for (let d = 0; d < dim; d++) s += m[r * dim + d]! * q[d]!;
        expect(scores[r]).toBeCloseTo(s, 4);
      }
      const store = new VectorStore(Array.from({ length: rows }, (_, i) => `w${i}`), dim, Float32Array.from(m));
      const plain = topK(store.matrix, dim, normalizeCopy(q), 10).map((s) => store.words[s.index]);
      expect(store.nearest(q, 10).map((n) => n.word)).toEqual(plain);
    }
  });

  it('loads a store straight into SIMD memory and still finds exact neighbours', () => {
    const store = clusterStore(16);
    const file = path.join(tmp(), 'v.nfv');
    store.save(file);
    const back = VectorStore.load(file);
    expect(back.nearest(back.vector('tcp')!, 3)[0]!.word).toBe('tcp');
    expect(Array.from(back.matrix)).toEqual(Array.from(store.matrix));
  });
});

function normalizeCopy(q: Float32Array): Float32Array {
  const n = Math.hypot(...q);
  return q.map((x) => x / n);
}

describe('Int8Index (exact search over int8 rows)', () => {
  it('returns exactly the brute-force top k, with skips, on random and clustered data', async () => {
    const { Int8Index } = await import('./simd/int8-index.js');
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 25 }), fc.integer(), fc.boolean(), (rows, dim, k, seed, clustered) => {
        const rand = rng(seed);
        const centre = Float32Array.from({ length: dim }, () => rand() - 0.5);
        const store = new VectorStore(
          Array.from({ length: rows }, (_, i) => `w${i}`), dim,
          Float32Array.from({ length: rows * dim }, (_, i) => (clustered ? centre[i % dim]! : 0) + rand() - 0.5),
        );
        const index = Int8Index.create(store.matrix, rows, dim)!;
        const q = normalizeCopy(Float32Array.from({ length: dim }, () => rand() - 0.5));
        const skip = (i: number) => i % 5 === 2;
        const got = index.nearest(q, k, skip);
        const want = topK(store.matrix, dim, q, k, skip);
        expect(got.map((g) => g.index)).toEqual(want.map((w) => w.index));
      }),
      { numRuns: 300 },
    );
  });
});
