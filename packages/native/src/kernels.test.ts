import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nativeStatus, type NativeKernels } from './index.js';

const status = nativeStatus();
const hasCompiler = spawnSync('g++', ['--version']).status === 0;
const why = status.kernels ? '' : `native kernels ${status.reason}`;
if (!status.kernels) console.warn(`@nerflow/native tests skipped: ${why}`);

/** A deterministic pseudo-random array (xorshift), values in [-1, 1). */
function randoms(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let x = seed * 2654435761 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
    out[i] = ((x >>> 0) / 2 ** 32) * 2 - 1;
  }
  return out;
}

/** The product by definition, in float64. */
function reference(a: Float32Array, b: Float32Array, M: number, N: number, K: number, tA: boolean, tB: boolean): Float64Array {
  const c = new Float64Array(M * N);
  for (let i = 0; i < M; i++)
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let k = 0; k < K; k++) s += (tA ? a[k * M + i]! : a[i * K + k]!) * (tB ? b[j * K + k]! : b[k * N + j]!);
      c[i * N + j] = s;
    }
  return c;
}

function maxDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - y[i]!));
  return d;
}

describe('@nerflow/native', () => {
  it('is built wherever a C++ compiler is installed (npm install compiles it)', () => {
    if (!hasCompiler) return console.warn('no g++ here: the wasm path is used, nothing to check');
    expect(status.reason).toMatch(/^native /);
  });

  describe.skipIf(!status.kernels)('kernels', () => {
    const k = status.kernels as NativeKernels;

    it('multiplies like the definition for every transpose and for edge shapes (tiles of 4 x 32 and 4 x 16, K blocks of 256)', () => {
      const shapes: [number, number, number][] = [[1, 1, 1], [3, 5, 7], [4, 32, 1], [37, 65, 300], [130, 33, 520], [8, 96, 257], [9, 17, 130], [6, 50, 300], [4, 16, 3]];
      for (const [M, N, K] of shapes)
        for (const tA of [false, true])
          for (const tB of [false, true]) {
            const a = randoms(M * K, M + K), b = randoms(K * N, N + 7);
            const c = new Float32Array(M * N).fill(Number.NaN); // every element must be written
            k.matmul(a, b, c, M, N, K, tA, tB, 1);
            expect(maxDiff(c, reference(a, b, M, N, K, tA, tB)), `${M}x${N}x${K} tA=${tA} tB=${tB}`).toBeLessThan(1e-4);
          }
    });

    it('gives bit-identical products on 1 and 3 threads (threads split rows, each row is summed the same way)', () => {
      const [M, N, K] = [203, 96, 288];
      const a = randoms(M * K, 1), b = randoms(K * N, 2);
      const one = new Float32Array(M * N), three = new Float32Array(M * N);
      k.matmul(a, b, one, M, N, K, false, false, 1);
      k.matmul(a, b, three, M, N, K, false, false, 3);
      expect(Array.from(three)).toEqual(Array.from(one));
    });

    it('refuses arrays shorter than the shape instead of reading past them', () => {
      expect(() => k.matmul(new Float32Array(5), new Float32Array(6), new Float32Array(6), 2, 3, 3, false, false, 1)).toThrow(/shorter/);
      expect(() => k.adam(new Float32Array(3), new Float32Array(2), new Float32Array(3), new Float32Array(3), 1, 0.9, 0.999, 1e-8, 0.001)).toThrow(/length/);
    });

    it('runs Adam as the formula says, and the squared norm', () => {
      const n = 1000;
      const w = randoms(n, 3), g = randoms(n, 4), m = randoms(n, 5).map(Math.abs), v = randoms(n, 6).map((x) => x * x);
      const [w0, m0, v0] = [w.slice(), m.slice(), v.slice()];
      k.adam(w, g, m, v, 0.5, 0.9, 0.999, 1e-8, 0.01);
      for (let i = 0; i < n; i++) {
        const gi = g[i]! * 0.5;
        const mi = 0.9 * m0[i]! + 0.1 * gi, vi = 0.999 * v0[i]! + 0.001 * gi * gi;
        expect(m[i]).toBeCloseTo(mi, 6);
        expect(v[i]).toBeCloseTo(vi, 6);
        expect(w[i]).toBeCloseTo(w0[i]! - (mi / (Math.sqrt(vi) + 1e-8)) * 0.01, 5);
      }
      expect(k.sumSquares(g)).toBeCloseTo(g.reduce((s, x) => s + x * x, 0), 3);
      const avg = new Float32Array([1, 2, 3]);
      k.average(avg, new Float32Array([3, 2, -1]), 0.75);
      expect(Array.from(avg)).toEqual([1.5, 2, 2]);
    });

    it('routes the maxout gradient to the first maximum and sums gathered rows by id, dropping ids out of range', () => {
      const x = new Float32Array([1, 3, 3, -1, -2, -5]);
      const dx = new Float32Array(6).fill(9);
      k.maxoutBackward(x, new Float32Array([10, 20]), dx, 3);
      expect(Array.from(dx)).toEqual([0, 10, 0, 20, 0, 0]);
      const out = new Float32Array(6).fill(9);
      k.segmentSum(new Float32Array([1, 2, 3, 4, 5, 6, 7, 8]), new Int32Array([2, 0, 2, 7]), out, 3);
      expect(Array.from(out)).toEqual([3, 4, 0, 0, 6, 8]);
    });
  });
});
