import { loadNative, type NativeKernels } from '@nerflow/native';

/**
 * Adam on plain Float32Arrays (the same update as ./adam.ts, which runs it as tfjs ops): the
 * data-parallel trainer sums the replicas' gradients in JS anyway, and one fused loop per weight
 * array costs ~10 ms a step where the tensor version (a dozen kernels per variable) took ~40 ms.
 * Bias-corrected step size, global-norm clipping, frozen arrays skipped (their moments untouched).
 * The loops run in @nerflow/native when it was built (a JS loop over the 2 M weights was ~20% of a
 * step), with the same formula in float32 (the JS path rounds through float64: equal to ~1e-7).
 */
export class HostAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  private t = 0;

  constructor(sizes: number[], readonly beta1 = 0.9, readonly beta2 = 0.999, readonly eps = 1e-8,
    private readonly native: NativeKernels | null = loadNative()) {
    this.m = sizes.map((n) => new Float32Array(n));
    this.v = sizes.map((n) => new Float32Array(n));
  }

  /**
   * Updates `weights` in place from `grads` (same order and sizes).
   * @param skip indices of arrays to leave unchanged this step (frozen variables).
   * @param gradScale factor applied to every gradient first (1 / documents: saves a pass over the arrays).
   * @returns the (scaled) gradient's global norm before clipping (over the arrays not skipped).
   */
  apply(weights: Float32Array[], grads: Float32Array[], lr: number, clip: number, skip?: ReadonlySet<number>, gradScale = 1): number {
    this.t++;
    const native = this.native;
    let sq = 0;
    grads.forEach((g, k) => {
      if (skip?.has(k)) return;
      if (native) sq += native.sumSquares(g);
      else for (let i = 0; i < g.length; i++) sq += g[i]! * g[i]!;
    });
    const norm = Math.sqrt(sq) * Math.abs(gradScale);
    const scale = (clip > 0 && norm > clip ? clip / norm : 1) * gradScale;
    const { beta1: b1, beta2: b2, eps } = this;
    const lrT = (lr * Math.sqrt(1 - b2 ** this.t)) / (1 - b1 ** this.t);
    grads.forEach((g, k) => {
      if (skip?.has(k)) return;
      const w = weights[k]!;
      const m = this.m[k]!;
      const v = this.v[k]!;
      if (native) return native.adam(w, g, m, v, scale, b1, b2, eps, lrT);
      for (let i = 0; i < g.length; i++) {
        const gi = g[i]! * scale;
        const mi = (m[i] = m[i]! * b1 + gi * (1 - b1));
        const vi = (v[i] = v[i]! * b2 + gi * gi * (1 - b2));
        w[i] = w[i]! - (mi / (Math.sqrt(vi) + eps)) * lrT;
      }
    });
    return norm;
  }
}
