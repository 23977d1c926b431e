import { tf } from '../tf/backend.js';
import { variableOf } from '../tf/params.js';

/**
 * Adam with global-norm gradient clipping and a learning rate given per step (the schedule lives
 * in `learningRate`). Written out instead of tf.train.adam so that the rate can change every step,
 * clipping sees every gradient at once, and frozen variables are simply absent from `grads`.
 */
export class Adam {
  private readonly m = new Map<tf.Variable, tf.Variable>();
  private readonly v = new Map<tf.Variable, tf.Variable>();
  private t = 0;

  constructor(readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8) {}

  /**
   * Applies one update and disposes the gradients.
   * @returns the gradient's global norm before clipping.
   */
  apply(grads: Map<tf.Variable, tf.Tensor>, lr: number, clip: number): number {
    this.t++;
    const sq = tf.tidy(() => tf.addN([...grads.values()].map((g) => tf.sum(tf.square(g)))));
    const norm = Math.sqrt(sq.dataSync()[0]!);
    sq.dispose();
    const scale = clip > 0 && norm > clip ? clip / norm : 1;
    const lrT = (lr * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    tf.tidy(() => {
      for (const [variable, g0] of grads) {
        const g = scale === 1 ? g0 : tf.mul(g0, scale);
        let m = this.m.get(variable);
        let v = this.v.get(variable);
        if (!m || !v) {
          m = tf.variable(tf.zerosLike(variable), false);
          v = tf.variable(tf.zerosLike(variable), false);
          this.m.set(variable, m);
          this.v.set(variable, v);
        }
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        variable.assign(tf.sub(variable, tf.mul(tf.div(m, tf.add(tf.sqrt(v), this.eps)), lrT)));
      }
    });
    for (const g of grads.values()) g.dispose();
    return norm;
  }

  /** Step count and moments of `vars` (zeros where none yet), for checkpoints that resume exactly. */
  state(vars: tf.Variable[]): { t: number; m: Float32Array[]; v: Float32Array[] } {
    const read = (x: tf.Variable | undefined, like: tf.Variable) => (x ? (x.dataSync() as Float32Array).slice() : new Float32Array(like.size));
    return { t: this.t, m: vars.map((x) => read(this.m.get(x), x)), v: vars.map((x) => read(this.v.get(x), x)) };
  }

  /** Restores what `state` returned, for the same variables in the same order. */
  setState(vars: tf.Variable[], s: { t: number; m: Float32Array[]; v: Float32Array[] }): void {
    this.reset();
    this.t = s.t;
    vars.forEach((x, i) => {
      this.m.set(x, variableOf(s.m[i]!, x.shape, undefined, false));
      this.v.set(x, variableOf(s.v[i]!, x.shape, undefined, false));
    });
  }

  /** Forgets the moments of variables that were replaced (e.g. after growing the label set). */
  reset(): void {
    for (const x of [...this.m.values(), ...this.v.values()]) x.dispose();
    this.m.clear();
    this.v.clear();
    this.t = 0;
  }

  dispose(): void {
    this.reset();
  }
}

/**
 * Linear warm-up to `lr` over `warmup` steps, then linear decay to `lr * floor` at `total` steps.
 * The warm-up takes at most a tenth of the run: 250 steps are one epoch of CoNLL-2002 but 28 of the
 * 30 epochs of 100 annotated sentences, which then never train at the full rate (issue 21).
 */
export function learningRate(step: number, lr: number, warmupSteps: number, total: number, floor = 0.1): number {
  const warmup = effectiveWarmup(warmupSteps, total);
  if (warmup > 0 && step < warmup) return (lr * (step + 1)) / warmup;
  if (total <= warmup) return lr;
  const frac = Math.min(1, (step - warmup) / (total - warmup));
  return lr * (1 - (1 - floor) * frac);
}

/** The warm-up `learningRate` applies: `warmupSteps`, capped at a tenth of `total` steps (rounded up). */
export function effectiveWarmup(warmupSteps: number, total: number): number {
  return Math.min(warmupSteps, Math.ceil(total / 10));
}
