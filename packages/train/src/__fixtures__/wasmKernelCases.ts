/**
 * The wasm kernel patches (tf/wasmKernels.ts) against tfjs's own `cpu` backend on random inputs:
 * the same ops, run once on each backend, must agree to float rounding. Shared by
 * tf/wasmKernels.test.ts (native kernels when they load) and tf/wasmKernels.nonative.test.ts
 * (NERFLOW_NATIVE=0: the wasm kernels with our plain-JS fallbacks).
 */
import { expect, it } from 'vitest';
import { tf } from '../tf/backend.js';
import { Rng } from '../tf/rng.js';

type Values = { shape: number[]; data: Float32Array | Int32Array };

const random = (rng: Rng, shape: number[]): Values => ({
  shape, data: Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rng.normal()),
});

/** Runs `f` on the given backend with fresh tensors of `inputs`, returning the output values. */
function runOn(backend: string, inputs: Values[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]): { shape: number[]; data: Float32Array }[] {
  const previous = tf.getBackend();
  tf.setBackend(backend);
  try {
    return tf.tidy(() => {
      const xs = inputs.map((v) => tf.tensor(v.data, v.shape, v.data instanceof Int32Array ? 'int32' : 'float32'));
      const out = f(...xs);
      return (Array.isArray(out) ? out : [out]).map((t) => ({ shape: t.shape, data: Float32Array.from(t.dataSync()) }));
    });
  } finally {
    tf.setBackend(previous);
  }
}

/** Asserts the op gives the same shapes and values (within `tol`, relative to the magnitude) on wasm and cpu. */
function agree(inputs: Values[], f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[], tol = 1e-4): void {
  const wasm = runOn('wasm', inputs, f);
  const cpu = runOn('cpu', inputs, f);
  expect(wasm.map((o) => o.shape)).toEqual(cpu.map((o) => o.shape));
  for (const [k, o] of wasm.entries()) {
    const ref = cpu[k]!.data;
    let worst = 0;
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(o.data[i]! - ref[i]!) / (1 + Math.abs(ref[i]!)));
    expect(worst).toBeLessThan(tol);
  }
}

/** The cases; call inside a `describe` after the wasm backend is initialised. */
export function wasmKernelCases(): void {
  it('BatchMatMul: every transpose flag, batched, with a broadcast batch of 1, and its gradients', () => {
    const rng = new Rng(11);
    for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const a = random(rng, ta ? [17, 9] : [9, 17]);
      const b = random(rng, tb ? [13, 17] : [17, 13]);
      agree([a, b], (x, y) => tf.matMul(x!, y!, ta, tb));
      agree([random(rng, ta ? [3, 17, 9] : [3, 9, 17]), random(rng, tb ? [3, 13, 17] : [3, 17, 13])], (x, y) => tf.matMul(x!, y!, ta, tb));
    }
    agree([random(rng, [4, 5, 6]), random(rng, [1, 6, 7])], (x, y) => tf.matMul(x!, y!));
    // The gradient of a product is two products with transpose flags: what training runs most.
    agree([random(rng, [8, 24]), random(rng, [24, 16])], (x, y) => {
      const g = tf.grads((p: tf.Tensor, q: tf.Tensor) => tf.matMul(p, q).square().sum());
      return g([x!, y!]);
    });
  });

  it('GatherV2: row lookups (the patched path), other axes (the original kernel), and their gradient UnsortedSegmentSum', () => {
    const rng = new Rng(12);
    const table = random(rng, [50, 8]);
    const ids: Values = { shape: [30], data: Int32Array.from({ length: 30 }, () => rng.int(50)) };
    agree([table, ids], (t, i) => tf.gather(t!, i!));
    agree([random(rng, [6, 7, 5]), { shape: [4], data: Int32Array.from([0, 4, 4, 1]) }], (t, i) => tf.gather(t!, i!, 1));
    // Repeated ids: their gradients must add up in one row.
    agree([table, ids], (t, i) => tf.grad((x: tf.Tensor) => tf.gather(x, i as tf.Tensor1D).mul(tf.range(0, 240).reshape([30, 8])).sum())(t!));
  });

  it('UnsortedSegmentSum directly, with ids outside [0, numSegments) dropped as the cpu backend drops them', () => {
    const rng = new Rng(13);
    const x = random(rng, [40, 6]);
    const ids: Values = { shape: [40], data: Int32Array.from({ length: 40 }, (_, i) => (i % 9 === 0 ? -1 : rng.int(12))) };
    agree([x, ids], (v, s) => tf.unsortedSegmentSum(v!, s as tf.Tensor1D, 12));
  });

  it('Transpose: the identity permutation (patched as a copy) and a real one (the wasm kernel)', () => {
    const rng = new Rng(14);
    const x = random(rng, [5, 6, 7]);
    agree([x], (v) => tf.transpose(v!, [0, 1, 2]));
    agree([x], (v) => tf.transpose(v!, [2, 0, 1]));
  });

  it('Identity (tf.clone, shared instead of copied): a clone disposed leaves the original intact', () => {
    const rng = new Rng(15);
    agree([random(rng, [9, 4])], (v) => {
      const c = tf.clone(v!);
      const kept = c.add(1);
      c.dispose();
      return [kept, v!.mul(2)];
    });
  });
}
