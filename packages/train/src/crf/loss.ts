import { forwardBackward, type CrfStructure, type Emissions } from './crf.js';

/** What a training document says about its tags. */
export interface TagEvidence {
  /** `length * nTags`: 1 where the tag is possible at that token (one tag where known, all where missing). null: nothing known. */
  mask: Uint8Array | null;
  /** Spans known to be wrong (binary reject answers): [start, end) token range and the tag path they would take. */
  rejected: { tags: Int32Array; start: number }[];
}

export interface CrfLoss {
  loss: number;
  /** Gradient w.r.t. the emissions of this document, `length * nTags`. */
  gEm: Float32Array;
  /** Gradient w.r.t. the transition scores, `nTags * nTags` (to be summed over documents). */
  gTrans: Float32Array;
}

/** A rejected path's probability is capped so that -log(1 - p) stays finite. */
const MAX_REJECT_P = 0.999;

/**
 * Negative log-likelihood of what is known, and its gradients:
 * - known tags (masks): -log P(paths through the allowed tags) = log Z - log Z_allowed
 *   (the "constrained forward"); missing tokens allow every tag, so they add no evidence;
 * - a rejected span: -log(1 - P(span | allowed)), evidence against that one tag path only.
 * Gradients are differences of marginals, so they can be fed back into the network as the
 * emissions' gradient.
 */
export function crfLoss(s: CrfStructure, trans: Float32Array, x: Emissions, ev: TagEvidence): CrfLoss {
  const n = s.nTags;
  const gEm = new Float32Array(x.length * n);
  const gTrans = new Float32Array(n * n);
  let loss = 0;
  if (!ev.mask && ev.rejected.length === 0) return { loss, gEm, gTrans };
  const all = forwardBackward(s, trans, x);
  const known = ev.mask ? forwardBackward(s, trans, x, ev.mask) : all;
  if (known.logZ === -Infinity) {
    // The gold tags admit no legal path: a bug upstream (tags are validated when examples are read).
    throw new Error('Gold tags allow no legal tag sequence');
  }
  if (ev.mask) {
    loss += all.logZ - known.logZ;
    for (let k = 0; k < gEm.length; k++) gEm[k] = all.marg[k] - known.marg[k];
    for (let k = 0; k < gTrans.length; k++) gTrans[k] = all.transMarg[k] - known.transMarg[k];
  }
  for (const r of ev.rejected) {
    const forced = ev.mask ? ev.mask.slice() : new Uint8Array(x.length * n).fill(1);
    for (let t = 0; t < r.tags.length; t++) {
      const row = (r.start + t) * n;
      forced.fill(0, row, row + n);
      forced[row + r.tags[t]!] = ev.mask ? ev.mask[row + r.tags[t]!]! : 1;
    }
    const f = forwardBackward(s, trans, x, forced);
    if (f.logZ === -Infinity) continue; // already impossible: nothing to push down
    const p = Math.min(Math.exp(f.logZ - known.logZ), MAX_REJECT_P);
    loss += -Math.log(1 - p);
    // d/dθ -log(1 - p) = p / (1 - p) * (μ_forced - μ_known)
    const w = p / (1 - p);
    for (let k = 0; k < gEm.length; k++) gEm[k] += w * (f.marg[k] - known.marg[k]);
    for (let k = 0; k < gTrans.length; k++) gTrans[k] += w * (f.transMarg[k] - known.transMarg[k]);
  }
  return { loss, gEm, gTrans };
}

/** Probability that the CRF's distribution puts exactly `tags` at tokens start.. (span confidence). */
export function pathProbability(s: CrfStructure, trans: Float32Array, x: Emissions, start: number, tags: ArrayLike<number>, logZ: number): number {
  const n = s.nTags;
  const mask = new Uint8Array(x.length * n).fill(1);
  for (let t = 0; t < tags.length; t++) {
    const row = (start + t) * n;
    mask.fill(0, row, row + n);
    mask[row + tags[t]!] = 1;
  }
  const f = forwardBackward(s, trans, x, mask, false);
  return f.logZ === -Infinity ? 0 : Math.exp(f.logZ - logZ);
}
