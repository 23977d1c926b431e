/** Precision, recall and F1 with the counts they come from (the JSON shape of every nerflow score). */
export interface PRF {
  p: number;
  r: number;
  f: number;
  tp: number;
  fp: number;
  fn: number;
}

/**
 * P/R/F1 from counts. Zero denominators give 0, as conlleval and seqeval (`zero_division=0`) do.
 * Lives in corpus so that train (dev scores) and eval (reports) compute it one way.
 * @example prf(8, 2, 4) // { p: 0.8, r: 0.667, f: 0.727, tp: 8, fp: 2, fn: 4 }
 */
export function prf(tp: number, fp: number, fn: number): PRF {
  const p = tp + fp > 0 ? tp / (tp + fp) : 0;
  const r = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f = p + r > 0 ? (2 * p * r) / (p + r) : 0;
  return { p, r, f, tp, fp, fn };
}
