/**
 * A linear-chain CRF in plain TypeScript (docs/stack.md: Viterbi ~34 us per sentence; network cost
 * dominates). TensorFlow.js computes the emissions; this file computes log Z, marginals and the
 * gradients that are fed back as the emissions' gradient (see ../model/nerModel.ts). Keeping the CRF
 * out of the tensor graph avoids hundreds of tiny per-time-step ops on the wasm backend.
 *
 * Forward-backward runs in probability space with per-step normalisation (Rabiner scaling), so it
 * needs one exp per cell instead of a logSumExp per transition.
 */

/** Hard structure of the tag set: which transitions, first and last tags are legal. */
export interface CrfStructure {
  nTags: number;
  /** `[from * nTags + to]` = 1 when the transition is legal. */
  allowed: Uint8Array;
  start: Uint8Array;
  end: Uint8Array;
}

/** A sentence's emissions: `em[(offset + t) * nTags + j]` for t < length. */
export interface Emissions {
  em: Float32Array;
  offset: number;
  length: number;
}

export interface ForwardBackward {
  /** log of the partition function (over the paths allowed by the token masks). -Infinity: no legal path. */
  logZ: number;
  /** Per-token tag marginals, `length * nTags`. */
  marg: Float32Array;
  /** Expected transition counts, `nTags * nTags`. */
  transMarg: Float32Array;
}

/**
 * Forward-backward over the legal paths, optionally restricted by per-token allowed tag masks
 * (`mask[t * nTags + j]` = 1 when tag j is possible at token t). Restricting to the gold tags where
 * known and to every tag where a label is missing is the "constrained forward" for partial annotations.
 */
export function forwardBackward(
  s: CrfStructure, trans: Float32Array, x: Emissions, mask?: Uint8Array, wantGrad = true,
): ForwardBackward {
  const n = s.nTags;
  const L = x.length;
  const expTr = expTransitions(s, trans);
  const expE = new Float64Array(L * n);
  let logZ = 0;
  for (let t = 0; t < L; t++) {
    const base = (x.offset + t) * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if ((!mask || mask[t * n + j]) && x.em[base + j] > max) max = x.em[base + j];
    if (max === -Infinity) return dead(n, L);
    logZ += max;
    for (let j = 0; j < n; j++) expE[t * n + j] = !mask || mask[t * n + j] ? Math.exp(x.em[base + j] - max) : 0;
  }
  const alpha = new Float64Array(L * n);
  const scale = new Float64Array(L + 1);
  for (let t = 0; t < L; t++) {
    let c = 0;
    for (let j = 0; j < n; j++) {
      let a: number;
      if (t === 0) a = s.start[j] ? 1 : 0;
      else {
        a = 0;
        const prev = (t - 1) * n;
        for (let i = 0; i < n; i++) a += alpha[prev + i] * expTr[i * n + j];
      }
      a *= expE[t * n + j];
      alpha[t * n + j] = a;
      c += a;
    }
    if (!(c > 0)) return dead(n, L);
    for (let j = 0; j < n; j++) alpha[t * n + j] /= c;
    scale[t] = c;
    logZ += Math.log(c);
  }
  let cEnd = 0;
  for (let j = 0; j < n; j++) if (s.end[j]) cEnd += alpha[(L - 1) * n + j];
  if (!(cEnd > 0)) return dead(n, L);
  scale[L] = cEnd;
  logZ += Math.log(cEnd);
  const marg = new Float32Array(L * n);
  const transMarg = new Float32Array(n * n);
  if (!wantGrad) return { logZ, marg, transMarg };
  const beta = new Float64Array(L * n);
  for (let j = 0; j < n; j++) beta[(L - 1) * n + j] = s.end[j] ? 1 / cEnd : 0;
  for (let t = L - 2; t >= 0; t--) {
    const c = scale[t + 1];
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let j = 0; j < n; j++) b += expTr[i * n + j] * expE[(t + 1) * n + j] * beta[(t + 1) * n + j];
      beta[t * n + i] = b / c;
    }
  }
  for (let t = 0; t < L; t++) for (let j = 0; j < n; j++) marg[t * n + j] = alpha[t * n + j] * beta[t * n + j];
  for (let t = 0; t + 1 < L; t++) {
    const c = scale[t + 1];
    for (let i = 0; i < n; i++) {
      const a = alpha[t * n + i];
      if (a === 0) continue;
      for (let j = 0; j < n; j++) {
        const w = expTr[i * n + j];
        if (w !== 0) transMarg[i * n + j] += (a * w * expE[(t + 1) * n + j] * beta[(t + 1) * n + j]) / c;
      }
    }
  }
  return { logZ, marg, transMarg };
}

function dead(n: number, L: number): ForwardBackward {
  return { logZ: -Infinity, marg: new Float32Array(L * n), transMarg: new Float32Array(n * n) };
}

function expTransitions(s: CrfStructure, trans: Float32Array): Float64Array {
  const out = new Float64Array(s.nTags * s.nTags);
  for (let k = 0; k < out.length; k++) out[k] = s.allowed[k] ? Math.exp(trans[k]) : 0;
  return out;
}

/**
 * Best legal tag sequence (Viterbi). Illegal transitions, first and last tags are never chosen, so
 * decoded BILUO/IOB2 sequences are always well formed.
 */
export function viterbi(s: CrfStructure, trans: Float32Array, x: Emissions): Int32Array {
  const n = s.nTags;
  const L = x.length;
  const out = new Int32Array(L);
  if (L === 0) return out;
  let score = new Float64Array(n);
  let next = new Float64Array(n);
  const back = new Int32Array(L * n);
  for (let j = 0; j < n; j++) score[j] = s.start[j] ? x.em[x.offset * n + j] : -Infinity;
  for (let t = 1; t < L; t++) {
    const base = (x.offset + t) * n;
    for (let j = 0; j < n; j++) {
      let best = -Infinity;
      let arg = 0;
      for (let i = 0; i < n; i++) {
        if (!s.allowed[i * n + j]) continue;
        const v = score[i] + trans[i * n + j];
        if (v > best) { best = v; arg = i; }
      }
      next[j] = best + x.em[base + j];
      back[t * n + j] = arg;
    }
    [score, next] = [next, score];
  }
  let best = -Infinity;
  let arg = 0;
  for (let j = 0; j < n; j++) if (s.end[j] && score[j] > best) { best = score[j]; arg = j; }
  out[L - 1] = arg;
  for (let t = L - 1; t > 0; t--) out[t - 1] = back[t * n + out[t]];
  return out;
}

/**
 * Marginal probability of each given tag path (a decoded entity: tags from token `start`), from one
 * scaled forward-backward pass: P = alpha(start-1) . T . prod(E T) . beta(end) / Z. Used for span
 * confidence scores; equals constraining the forward algorithm to each path, at the cost of one pass.
 */
export function pathProbabilities(s: CrfStructure, trans: Float32Array, x: Emissions, paths: { start: number; tags: ArrayLike<number> }[]): number[] {
  const n = s.nTags;
  const L = x.length;
  if (!paths.length) return [];
  const expTr = expTransitions(s, trans);
  const expE = new Float64Array(L * n);
  for (let t = 0; t < L; t++) {
    const base = (x.offset + t) * n;
    let max = -Infinity;
    for (let j = 0; j < n; j++) if (x.em[base + j] > max) max = x.em[base + j];
    for (let j = 0; j < n; j++) expE[t * n + j] = Math.exp(x.em[base + j] - max);
  }
  const alpha = new Float64Array(L * n);
  const scale = new Float64Array(L);
  for (let t = 0; t < L; t++) {
    let c = 0;
    for (let j = 0; j < n; j++) {
      let a = 0;
      if (t === 0) a = s.start[j] ? 1 : 0;
      else for (let i = 0; i < n; i++) a += alpha[(t - 1) * n + i] * expTr[i * n + j];
      a *= expE[t * n + j];
      alpha[t * n + j] = a;
      c += a;
    }
    for (let j = 0; j < n; j++) alpha[t * n + j] /= c;
    scale[t] = c;
  }
  let cEnd = 0;
  for (let j = 0; j < n; j++) if (s.end[j]) cEnd += alpha[(L - 1) * n + j];
  const beta = new Float64Array(L * n);
  for (let j = 0; j < n; j++) beta[(L - 1) * n + j] = s.end[j] ? 1 / cEnd : 0;
  for (let t = L - 2; t >= 0; t--) {
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let j = 0; j < n; j++) b += expTr[i * n + j] * expE[(t + 1) * n + j] * beta[(t + 1) * n + j];
      beta[t * n + i] = b / scale[t + 1];
    }
  }
  return paths.map(({ start, tags }) => {
    const first = tags[0]!;
    let p: number;
    if (start === 0) p = s.start[first] ? 1 : 0;
    else {
      p = 0;
      for (let i = 0; i < n; i++) p += alpha[(start - 1) * n + i] * expTr[i * n + first];
    }
    for (let k = 0; k < tags.length; k++) {
      const t = start + k;
      if (k > 0) p *= expTr[tags[k - 1]! * n + tags[k]!];
      p *= expE[t * n + tags[k]!] / scale[t];
    }
    return p * beta[(start + tags.length - 1) * n + tags[tags.length - 1]!];
  });
}
