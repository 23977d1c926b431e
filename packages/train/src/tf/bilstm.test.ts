import { loadNative } from '@nerflow/native';
import { beforeAll, describe, expect, it } from 'vitest';
import { bilstm, lstmPredictStates, lstmRecurrence, runningSteps } from './bilstm.js';
import { initBackend, tf } from './backend.js';
import { jsLstmKernels, type LstmKernels } from './lstmKernel.js';
import { ParamStore } from './params.js';
import { Rng } from './rng.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import { makeBatch } from '../encoders/encoder.js';

const native = loadNative();

function randoms(n: number, seed: number, scale = 1): Float32Array {
  const r = new Rng(seed);
  return Float32Array.from({ length: n }, () => (r.next() * 2 - 1) * scale);
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

/** The recurrence written as per-step tfjs ops (the encoder's earlier form): the reference for values and gradients. */
function recurrenceAsOps(pre: tf.Tensor2D, Wh: tf.Tensor2D, T: number, B: number, H: number): tf.Tensor2D {
  const steps = tf.split(pre, T, 0) as tf.Tensor2D[];
  let h = tf.zeros([B, H]) as tf.Tensor2D;
  let c = tf.zeros([B, H]) as tf.Tensor2D;
  const hs: tf.Tensor2D[] = [];
  for (let t = 0; t < T; t++) {
    const z = tf.add(steps[t]!, tf.matMul(h, Wh));
    const [i, f, g, o] = tf.split(z, 4, 1) as tf.Tensor2D[];
    c = tf.add(tf.mul(tf.sigmoid(f!), c), tf.mul(tf.sigmoid(i!), tf.tanh(g!)));
    h = tf.mul(tf.sigmoid(o!), tf.tanh(c));
    hs.push(h);
  }
  return tf.concat(hs, 0) as tf.Tensor2D;
}

/** Values and gradients of sum(recurrence(pre, Wh) * r) for a fixed random r. */
function valueAndGrads(f: (pre: tf.Tensor2D, wh: tf.Tensor2D) => tf.Tensor2D, T: number, B: number, H: number) {
  const pre = tf.tensor2d(randoms(T * B * 4 * H, 1), [T * B, 4 * H]);
  const wh = tf.tensor2d(randoms(H * 4 * H, 2, 0.5), [H, 4 * H]);
  const r = tf.tensor2d(randoms(T * B * H, 3), [T * B, H]);
  const value = f(pre, wh).dataSync().slice();
  const [dPre, dWh] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a as tf.Tensor2D, b as tf.Tensor2D), r)))([pre, wh]);
  return { value, dPre: dPre!.dataSync().slice(), dWh: dWh!.dataSync().slice() };
}

describe('LSTM recurrence (train --arch bilstm)', () => {
  beforeAll(async () => { await initBackend(); });
  const [T, B, H] = [7, 3, 5];

  const check = (kernels: LstmKernels) => {
    const ref = valueAndGrads((p, w) => recurrenceAsOps(p, w, T, B, H), T, B, H);
    const got = valueAndGrads((p, w) => lstmRecurrence([p], [w], T, B, H, undefined, kernels), T, B, H);
    expect(maxDiff(got.value, ref.value)).toBeLessThan(1e-5);
    expect(maxDiff(got.dPre, ref.dPre)).toBeLessThan(1e-4);
    expect(maxDiff(got.dWh, ref.dWh)).toBeLessThan(1e-4);
    // not trivially equal: the gradients are there and not zero
    expect(Math.max(...Array.from(ref.dWh, Math.abs))).toBeGreaterThan(1e-2);
  };

  it('the TypeScript kernel gives the values and gradients of the same LSTM written as tfjs ops', () => {
    check(jsLstmKernels);
  });

  it.skipIf(!native)('the native kernel gives them too (skipped where @nerflow/native is not built)', () => {
    check(native!);
  });

  const packedMatchesPadded = (kernels: LstmKernels) => {
    // sequences of 7, 4 and 2 steps, longest first: the packed run (only the 13 real rows, steps
    // given) has the values and gradients of the real rows of the full [T * B] run
    const steps = runningSteps([7, 4, 2], T);
    const rows: number[] = []; // packed row -> its row t * B + b in the full layout
    for (let t = 0; t < T; t++) for (let b = 0; b < steps[t]!; b++) rows.push(t * B + b);
    expect(rows.length).toBe(13);
    const real = new Float32Array(T * B);
    for (const r of rows) real[r] = 1;
    const mask = tf.tensor2d(Float32Array.from({ length: T * B * H }, (_, k) => real[Math.floor(k / H)]!), [T * B, H]);
    const full = valueAndGrads((p, w) => tf.mul(lstmRecurrence([p], [w], T, B, H, undefined, kernels), mask) as tf.Tensor2D, T, B, H);
    const idx = tf.tensor1d(rows, 'int32');
    const pre = tf.gather(tf.tensor2d(randoms(T * B * 4 * H, 1), [T * B, 4 * H]), idx) as tf.Tensor2D;
    const wh = tf.tensor2d(randoms(H * 4 * H, 2, 0.5), [H, 4 * H]);
    const r = tf.gather(tf.tensor2d(randoms(T * B * H, 3), [T * B, H]), idx);
    const f = (a: tf.Tensor, b: tf.Tensor) => lstmRecurrence([a as tf.Tensor2D], [b as tf.Tensor2D], T, B, H, steps, kernels);
    const value = f(pre, wh).dataSync();
    const [dPre, dWh] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(f(a, b), r)))([pre, wh]);
    const fullRows = (g: ArrayLike<number>, width: number) => rows.flatMap((row) => Array.from({ length: width }, (_, j) => g[row * width + j]!));
    expect(value.length).toBe(13 * H);
    expect(maxDiff(value, fullRows(full.value, H))).toBeLessThan(1e-6);
    expect(maxDiff(dPre!.dataSync(), fullRows(full.dPre, 4 * H))).toBeLessThan(1e-6);
    expect(maxDiff(dWh!.dataSync(), full.dWh)).toBeLessThan(1e-5);
    expect(Math.max(...Array.from(full.dWh, Math.abs))).toBeGreaterThan(1e-2);
  };

  it('running steps: sequences that have ended cost nothing and change nothing (TypeScript kernel)', () => {
    expect(Array.from(runningSteps([7, 4, 2], 7))).toEqual([3, 3, 2, 2, 1, 1, 1]);
    packedMatchesPadded(jsLstmKernels);
  });

  it.skipIf(!native)('running steps: the same with the native kernel', () => {
    packedMatchesPadded(native!);
  });

  it.skipIf(!native)('native and TypeScript kernels agree on a training-sized batch of two directions, run on two threads', () => {
    const [t, b, h, D] = [40, 16, 48, 2];
    const wh = randoms(D * h * 4 * h, 6, 0.3);
    const steps = runningSteps(Array.from({ length: b }, (_, i) => t - 2 * i), t); // lengths 40, 38, ..., 10
    const P = steps.reduce((x, y) => x + y, 0); // packed rows
    const pre = randoms(D * P * 4 * h, 5);
    const dhs = randoms(D * P * h, 7);
    const run = (k: LstmKernels, threads: number, d0 = 0, dirs = D) => {
      const n = P * h;
      const part = (a: Float32Array, size: number) => a.slice(d0 * size, (d0 + dirs) * size);
      const hs = new Float32Array(dirs * n), cs = new Float32Array(dirs * n), acts = new Float32Array(dirs * 4 * n);
      const w = part(wh, 4 * h * h);
      k.lstmForward(part(pre, 4 * n), w, hs, cs, acts, t, b, h, steps, threads);
      const dpre = new Float32Array(dirs * 4 * n), dwh = new Float32Array(dirs * 4 * h * h);
      k.lstmBackward(part(dhs, n), w, hs, cs, acts, dpre, dwh, t, b, h, steps, threads);
      return { hs, dpre, dwh };
    };
    const a = run(native!, 2);
    const j = run(jsLstmKernels, 1);
    expect(maxDiff(a.hs, j.hs)).toBeLessThan(1e-5);
    expect(maxDiff(a.dpre, j.dpre)).toBeLessThan(1e-4);
    expect(maxDiff(a.dwh, j.dwh) / Math.max(...Array.from(j.dwh, Math.abs))).toBeLessThan(1e-4);
    // the second direction computed alone on one thread is the second half of the pair, exactly
    const second = run(native!, 1, 1, 1);
    expect(Array.from(a.hs.subarray(P * h))).toEqual(Array.from(second.hs));
    expect(Array.from(a.dwh.subarray(4 * h * h))).toEqual(Array.from(second.dwh));
  });

  it.skipIf(!native)('the native kernel refuses arrays shorter than the shapes say', () => {
    const small = new Float32Array(3);
    expect(() => native!.lstmForward(small, small, small, small, small, 2, 2, 2, Int32Array.from([2, 2]), 1)).toThrow(/lstmForward/);
    const [t, b, h] = [2, 2, 1];
    const ok = () => new Float32Array(t * b * 4 * h);
    // more sequences running at step 1 than at step 0
    expect(() => native!.lstmForward(ok(), new Float32Array(4), new Float32Array(4), new Float32Array(4), ok(), t, b, h, Int32Array.from([1, 2]), 1)).toThrow(/non-increasing/);
  });

  it('a document does not see its neighbour in the batch: the output of one sentence is the same alone and batched', () => {
    const p = new ParamStore(new Rng(11));
    const W = 6;
    const x = tf.tensor2d(randoms(9 * W, 12), [9, W]); // documents of 4, 2 and 3 tokens
    const batched = bilstm(p, 'l', x, Int32Array.from([0, 4, 6]), 3).arraySync();
    const alone = bilstm(p, 'l', tf.slice(x, [4, 0], [2, W]) as tf.Tensor2D, Int32Array.from([0]), 3).arraySync();
    expect(maxDiff(batched.slice(4, 6).flat(), alone.flat())).toBeLessThan(1e-6);
    expect(maxDiff(batched.slice(0, 2).flat(), alone.flat())).toBeGreaterThan(1e-3);
  });

  it('--arch cnn-bilstm sees the whole sentence: the first token changes with the last one, which one window layer does not see', () => {
    const rows = { norm: 200, prefix: 50, suffix: 50, shape: 50 };
    const first = (arch: 'cnn' | 'cnn-bilstm', last: string) => {
      const enc = Tok2Vec.create({ width: 8, depth: 1, arch, rows }, 7);
      const words = ['Ayer', 'llegó', 'a', 'la', 'ciudad', 'el', 'nuevo', 'director', last];
      const out = (enc.encode(makeBatch([{ words }]), { dropout: 0 }).arraySync() as number[][])[0]!;
      enc.dispose();
      return out;
    };
    expect(maxDiff(first('cnn', 'Pérez'), first('cnn', 'Gómez'))).toBe(0);
    expect(maxDiff(first('cnn-bilstm', 'Pérez'), first('cnn-bilstm', 'Gómez'))).toBeGreaterThan(1e-4);
  });

  describe('prediction\'s recurrence in place (lstmPredictStates, EncodeOptions.inference)', () => {
    // documents of 5, 1, 9, 3 and 9 tokens: ties, a one-token document, the longest not first
    const starts = Int32Array.from([0, 5, 6, 15, 18]);
    const W = 8;
    const x = () => tf.tensor2d(randoms(27 * W, 21), [27, W]);

    const samePerToken = (kernels: LstmKernels) => {
      const p = new ParamStore(new Rng(22));
      // the whole layer (this process's kernels), then the states of the kernel asked for
      const training = bilstm(p, 'l', x(), starts, 4).dataSync();
      const predicted = bilstm(p, 'l', x(), starts, 4, true).dataSync();
      expect(predicted).toHaveLength(training.length);
      expect(maxDiff(predicted, training)).toBeLessThan(1e-6);
      expect(Math.max(...Array.from(training, Math.abs))).toBeGreaterThan(1e-2);
      const X = tf.tensor2d(randoms(27 * W, 23), [27, W]);
      const dirs = [0, 1].map((d) => ({
        Wx: tf.tensor2d(randoms(W * 16, 24 + d, 0.5), [W, 16]), b: tf.tensor1d(randoms(16, 26 + d)), Wh: tf.tensor2d(randoms(64, 28 + d, 0.5), [4, 16]),
      }));
      const lengths = Int32Array.from([5, 1, 9, 3, 9]);
      const [fwd, bwd] = lstmPredictStates(X, dirs, 4, starts, lengths, kernels).map((t) => t.dataSync());
      // the reference: each document alone through the training path (x Wx + b, then the recurrence), backward = reversed
      for (let doc = 0; doc < 5; doc++) {
        const rows = Array.from({ length: lengths[doc]! }, (_, t) => starts[doc]! + t);
        for (const [d, got] of [[0, fwd!], [1, bwd!]] as const) {
          const order = d === 0 ? rows : [...rows].reverse();
          const pre = tf.gather(tf.add(tf.matMul(X, dirs[d]!.Wx), dirs[d]!.b), tf.tensor1d(order, 'int32')) as tf.Tensor2D;
          const ref = lstmRecurrence([pre], [dirs[d]!.Wh], order.length, 1, 4, undefined, jsLstmKernels).dataSync();
          order.forEach((row, t) => expect(maxDiff(got.subarray(row * 4, row * 4 + 4), ref.subarray(t * 4, t * 4 + 4)), `doc ${doc} dir ${d} step ${t}`).toBeLessThan(1e-6));
        }
      }
      expect(maxDiff(fwd!, bwd!)).toBeGreaterThan(1e-2); // two directions, two different states
    };

    it('gives the training recurrence\'s states, in token order (TypeScript kernel)', () => {
      samePerToken(jsLstmKernels);
    });

    it.skipIf(!native)('gives them with the native kernel too, and the native kernel refuses a sequence past the last row', () => {
      samePerToken(native!);
      const H = 2, N = 3, I = 5, D = 2;
      const x = new Float32Array(N * I), wx = new Float32Array(D * I * 4 * H), b = new Float32Array(D * 4 * H);
      const wh = new Float32Array(D * 4 * H * H), hs = new Float32Array(D * N * H);
      expect(() => native!.lstmPredict(x, wx, b, wh, hs, H, Int32Array.from([0, 2]), Int32Array.from([2, 2]), 1)).toThrow(/past the last row/);
      expect(() => native!.lstmPredict(x, wx, b.subarray(1), wh, hs, H, Int32Array.from([0]), Int32Array.from([3]), 1)).toThrow(/lstmPredict/);
      expect(() => native!.lstmPredict(x, wx, b, wh, hs.subarray(1), H, Int32Array.from([0]), Int32Array.from([3]), 1)).toThrow(/lstmPredict/);
    });
  });
});
