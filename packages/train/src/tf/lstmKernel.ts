/**
 * The LSTM recurrence over a time-major batch, forward and backward through time, in
 * plain TypeScript: the same algorithm as @nerflow/native's csrc/lstm.cc (used when the addon is not
 * built). Packed layouts, row-major: pre, acts, dpre [P, 4H] (gates i | f | g | o); Wh, dWh [H, 4H];
 * hs, cs, dhs [P, H]; steps[t] sequences (the first ones: longest first) run at step t, in the
 * steps[t] rows after those of the steps before (P = the sum of steps: padding has no rows).
 * Several directions are stacked in each array (below). Prediction's
 * forward-only recurrence (`lstmPredict`) is here too; its input projection is a tfjs product.
 */
import type { NativeKernels } from '@nerflow/native';
import { readTidy, tf } from './backend.js';

export type LstmKernels = Pick<NativeKernels, 'lstmForward' | 'lstmBackward' | 'lstmPredict'>;

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** out[B, N] = x[B, K] * w[K, N] (w row-major; rows of out past B are left as they are). */
function product(x: Float32Array, xOff: number, w: Float32Array, out: Float32Array, B: number, K: number, N: number): void {
  out.fill(0, 0, B * N);
  for (let b = 0; b < B; b++) {
    const o = b * N;
    for (let k = 0; k < K; k++) {
      const a = x[xOff + b * K + k]!;
      if (a === 0) continue;
      const wk = k * N;
      for (let n = 0; n < N; n++) out[o + n] += a * w[wk + n]!;
    }
  }
}

type Forward = (pre: Float32Array, Wh: Float32Array, hs: Float32Array, cs: Float32Array, acts: Float32Array, T: number, B: number, H: number, steps: Int32Array) => void;
type Backward = (dhs: Float32Array, Wh: Float32Array, hs: Float32Array, cs: Float32Array, acts: Float32Array,
  dpre: Float32Array, dWh: Float32Array, T: number, B: number, H: number, steps: Int32Array) => void;

/** off[t] = the packed row of step t's first sequence (the sum of steps[s] for s < t), t <= T. */
function offsets(steps: Int32Array, T: number): Int32Array {
  const off = new Int32Array(T + 1);
  for (let t = 0; t < T; t++) off[t + 1] = off[t]! + steps[t]!;
  return off;
}

/** One direction (the native kernel's nerflow_lstm_forward / _backward). */
const one: { lstmForward: Forward; lstmBackward: Backward } = {
  lstmForward(pre, Wh, hs, cs, acts, T, B, H, steps) {
    const G = 4 * H;
    const off = offsets(steps, T);
    const rec = new Float32Array(B * G);
    for (let t = 0; t < T; t++) {
      const Bt = steps[t]!;
      const z = off[t]! * G;
      acts.set(pre.subarray(z, z + Bt * G), z);
      if (t > 0 && Bt > 0) {
        // the first Bt rows of step t-1 are the same sequences (longest first)
        product(hs, off[t - 1]! * H, Wh, rec, Bt, H, G);
        for (let k = 0; k < Bt * G; k++) acts[z + k] += rec[k]!;
      }
      for (let b = 0; b < Bt; b++) {
        const zb = z + b * G;
        const cb = (off[t]! + b) * H;
        const prev = t > 0 ? (off[t - 1]! + b) * H : 0;
        for (let j = 0; j < H; j++) {
          const i = sigmoid(acts[zb + j]!), f = sigmoid(acts[zb + H + j]!);
          const g = Math.tanh(acts[zb + 2 * H + j]!), o = sigmoid(acts[zb + 3 * H + j]!);
          acts[zb + j] = i; acts[zb + H + j] = f; acts[zb + 2 * H + j] = g; acts[zb + 3 * H + j] = o;
          const c = (t > 0 ? f * cs[prev + j]! : 0) + i * g;
          cs[cb + j] = c;
          hs[cb + j] = o * Math.tanh(c);
        }
      }
    }
  },

  lstmBackward(dhs, Wh, hs, cs, acts, dpre, dWh, T, B, H, steps) {
    const G = 4 * H;
    const off = offsets(steps, T);
    // rows past the running sequences are never written: the zeros a finished sequence needs
    const dhNext = new Float32Array(B * H);
    const dcNext = new Float32Array(B * H);
    for (let t = T - 1; t >= 0; t--) {
      const Bt = steps[t]!;
      for (let b = 0; b < Bt; b++) {
        const a = (off[t]! + b) * G;
        const cb = (off[t]! + b) * H;
        const prev = t > 0 ? (off[t - 1]! + b) * H : 0;
        for (let j = 0; j < H; j++) {
          const i = acts[a + j]!, f = acts[a + H + j]!, g = acts[a + 2 * H + j]!, o = acts[a + 3 * H + j]!;
          const dh = dhs[cb + j]! + dhNext[b * H + j]!;
          const tc = Math.tanh(cs[cb + j]!);
          const dc = dh * o * (1 - tc * tc) + dcNext[b * H + j]!;
          dpre[a + j] = dc * g * i * (1 - i);
          dpre[a + H + j] = (t > 0 ? dc * cs[prev + j]! : 0) * f * (1 - f);
          dpre[a + 2 * H + j] = dc * i * (1 - g * g);
          dpre[a + 3 * H + j] = dh * tc * o * (1 - o);
          dcNext[b * H + j] = dc * f;
        }
      }
      if (t > 0) {
        // dL/dh_{t-1} = dz_t Wh^T
        for (let b = 0; b < Bt; b++) {
          const a = (off[t]! + b) * G;
          for (let k = 0; k < H; k++) {
            let s = 0;
            for (let n = 0; n < G; n++) s += dpre[a + n]! * Wh[k * G + n]!;
            dhNext[b * H + k] = s;
          }
        }
      }
    }
    // dWh = sum over t >= 1 of h_{t-1}^T dz_t
    dWh.fill(0);
    for (let t = 1; t < T; t++)
      for (let b = 0; b < steps[t]!; b++) {
        const h = (off[t - 1]! + b) * H;
        const a = (off[t]! + b) * G;
        for (let k = 0; k < H; k++) {
          const hk = hs[h + k]!;
          if (hk === 0) continue;
          for (let n = 0; n < G; n++) dWh[k * G + n] += hk * dpre[a + n]!;
        }
      }
  },
};

/**
 * Prediction only, one direction (the native kernel's nerflow_lstm_predict): pre = x Wx [N, 4H],
 * then the recurrence over sequences in token order (rows [starts[s], starts[s] + lengths[s]) of x
 * and hs [N, H]), `order` longest first, `reverse` reading each one backward; the state of the
 * running sequences only.
 */
function predictOne(x: Float32Array, Wx: Float32Array, bias: Float32Array, Wh: Float32Array, hs: Float32Array, I: number, H: number,
  starts: Int32Array, lengths: Int32Array, order: Int32Array, reverse: boolean): void {
  const G = 4 * H;
  const S = order.length;
  const pre = project(x, Wx, bias, I, G);
  const h = new Float32Array(S * H);
  const c = new Float32Array(S * H);
  const z = new Float32Array(S * G);
  let Bt = S;
  for (let t = 0; Bt > 0; t++) {
    while (Bt > 0 && lengths[order[Bt - 1]!]! <= t) Bt--;
    if (Bt === 0) break;
    if (t > 0) product(h, 0, Wh, z, Bt, H, G);
    for (let b = 0; b < Bt; b++) {
      const s = order[b]!;
      const row = starts[s]! + (reverse ? lengths[s]! - 1 - t : t);
      const p = row * G, zb = b * G, cb = b * H;
      const gate = (k: number) => (t > 0 ? pre[p + k]! + z[zb + k]! : pre[p + k]!);
      for (let j = 0; j < H; j++) {
        const i = sigmoid(gate(j)), f = sigmoid(gate(H + j)), g = Math.tanh(gate(2 * H + j)), o = sigmoid(gate(3 * H + j));
        const cj = (t > 0 ? f * c[cb + j]! : 0) + i * g;
        c[cb + j] = cj;
        h[cb + j] = o * Math.tanh(cj);
      }
      hs.set(h.subarray(cb, cb + H), row * H);
    }
  }
}

/**
 * x Wx + b [N, G] by the tfjs backend's product and sum, the training path's own (as a loop here it
 * made prediction without the native kernels 2x slower than the padded training layout).
 */
function project(x: Float32Array, Wx: Float32Array, bias: Float32Array, I: number, G: number): Float32Array {
  return readTidy(() => tf.add(tf.matMul(tf.tensor2d(x, [x.length / I, I]), tf.tensor2d(Wx, [I, G])), tf.tensor1d(bias)));
}

/** Sequence indices longest first, ties in input order (the native kernel's order). */
function longestFirst(lengths: Int32Array): Int32Array {
  return Int32Array.from(lengths.keys()).sort((a, b) => lengths[b]! - lengths[a]! || a - b);
}

/** D directions stacked in the arrays (D = Wh.length / 4H^2), one after the other (`threads` is ignored: one thread here). */
export const jsLstmKernels: LstmKernels = {
  lstmForward(pre, Wh, hs, cs, acts, T, B, H, steps) {
    const n = offsets(steps, T)[T]! * H;
    for (let d = 0; d < Wh.length / (4 * H * H); d++) {
      one.lstmForward(pre.subarray(4 * d * n, 4 * (d + 1) * n), Wh.subarray(4 * d * H * H, 4 * (d + 1) * H * H),
        hs.subarray(d * n, (d + 1) * n), cs.subarray(d * n, (d + 1) * n), acts.subarray(4 * d * n, 4 * (d + 1) * n), T, B, H, steps);
    }
  },
  lstmPredict(x, Wx, b, Wh, hs, H, starts, lengths) {
    const G = 4 * H;
    const D = Wh.length / (G * H);
    const I = Wx.length / (D * G);
    const n = x.length / I;
    const order = longestFirst(lengths);
    for (let d = 0; d < D; d++) {
      predictOne(x, Wx.subarray(d * I * G, (d + 1) * I * G), b.subarray(d * G, (d + 1) * G), Wh.subarray(d * G * H, (d + 1) * G * H),
        hs.subarray(d * n * H, (d + 1) * n * H), I, H, starts, lengths, order, d % 2 === 1);
    }
  },
  lstmBackward(dhs, Wh, hs, cs, acts, dpre, dWh, T, B, H, steps) {
    const n = offsets(steps, T)[T]! * H;
    for (let d = 0; d < Wh.length / (4 * H * H); d++) {
      const w = (a: Float32Array) => a.subarray(4 * d * H * H, 4 * (d + 1) * H * H);
      one.lstmBackward(dhs.subarray(d * n, (d + 1) * n), w(Wh), hs.subarray(d * n, (d + 1) * n), cs.subarray(d * n, (d + 1) * n),
        acts.subarray(4 * d * n, 4 * (d + 1) * n), dpre.subarray(4 * d * n, 4 * (d + 1) * n), w(dWh), T, B, H, steps);
    }
  },
};
