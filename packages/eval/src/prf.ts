// PRF and prf() live in @nerflow/corpus (train's dev scores use the same arithmetic).
export { prf, type PRF } from '@nerflow/corpus';

/** F1 straight from counts (2tp / (2tp + fp + fn)), the form the bootstrap loops use. */
export function f1(tp: number, fp: number, fn: number): number {
  const d = 2 * tp + fp + fn;
  return d > 0 ? (2 * tp) / d : 0;
}
