/**
 * Exact nearest neighbours by cosine over a row-major matrix of L2-normalised rows: one
 * matrix-vector product, with a size-k min-heap so that selection costs O(n log k), not a full sort.
 */

/** A neighbour: row index and cosine similarity. */
export interface Scored {
  index: number;
  score: number;
}

/**
 * The `k` rows with the highest dot product with `query` (cosine when rows and query are
 * normalised), best first; ties go to the lower row index (more frequent word in a .vec file).
 * @param matrix - `rows x dim` floats, row-major.
 * @param skip - rows never returned (e.g. the seeds, or terms already shown).
 */
export function topK(
  matrix: Float32Array,
  dim: number,
  query: ArrayLike<number>,
  k: number,
  skip?: (index: number) => boolean,
): Scored[] {
  const rows = dim === 0 ? 0 : matrix.length / dim;
  if (k <= 0 || rows === 0) return [];
  // Heap of the best k so far, worst at the root: parallel typed arrays avoid object churn.
  const hs = new Float64Array(k);
  const hi = new Int32Array(k);
  let size = 0;
  const q = Float32Array.from(query);
  for (let r = 0, off = 0; r < rows; r++, off += dim) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let d = 0;
    for (; d + 3 < dim; d += 4) {
      s0 += matrix[off + d]! * q[d]!;
      s1 += matrix[off + d + 1]! * q[d + 1]!;
      s2 += matrix[off + d + 2]! * q[d + 2]!;
      s3 += matrix[off + d + 3]! * q[d + 3]!;
    }
    for (; d < dim; d++) s0 += matrix[off + d]! * q[d]!;
    const s = s0 + s1 + s2 + s3;
    if (size === k && !(s > hs[0]!)) continue;
    if (skip && skip(r)) continue;
    size = push(hs, hi, size, k, s, r);
  }
  const out: Scored[] = [];
  for (let i = 0; i < size; i++) out.push({ index: hi[i]!, score: hs[i]! });
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}

/**
 * The `k` best of precomputed scores (same order and tie rule as `topK`).
 * @param skip - rows never returned.
 */
export function topKFromScores(scores: ArrayLike<number>, k: number, skip?: (index: number) => boolean): Scored[] {
  if (k <= 0 || scores.length === 0) return [];
  const hs = new Float64Array(k);
  const hi = new Int32Array(k);
  let size = 0;
  for (let r = 0; r < scores.length; r++) {
    const s = scores[r]!;
    if (size === k && !(s > hs[0]!)) continue;
    if (skip && skip(r)) continue;
    size = push(hs, hi, size, k, s, r);
  }
  const out: Scored[] = [];
  for (let i = 0; i < size; i++) out.push({ index: hi[i]!, score: hs[i]! });
  return out.sort((a, b) => b.score - a.score || a.index - b.index);
}

/** Adds (s, r) to the size-k min-heap; returns the new size. */
function push(hs: Float64Array, hi: Int32Array, size: number, k: number, s: number, r: number): number {
  if (size < k) {
    let i = size++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!worse(s, r, hs[p]!, hi[p]!)) break;
      hs[i] = hs[p]!; hi[i] = hi[p]!; i = p;
    }
    hs[i] = s; hi[i] = r;
    return size;
  }
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= size) break;
    const c = l + 1 < size && worse(hs[l + 1]!, hi[l + 1]!, hs[l]!, hi[l]!) ? l + 1 : l;
    if (!worse(hs[c]!, hi[c]!, s, r)) break;
    hs[i] = hs[c]!; hi[i] = hi[c]!; i = c;
  }
  hs[i] = s; hi[i] = r;
  return size;
}

/** True when (s1, i1) ranks below (s2, i2): lower score, or same score and later row. */
function worse(s1: number, i1: number, s2: number, i2: number): boolean {
  return s1 < s2 || (s1 === s2 && i1 > i2);
}

/** Scales `v` in place to unit length (a zero vector stays zero). Returns `v`. */
export function normalize<T extends Float32Array | Float64Array>(v: T): T {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  if (n > 0) {
    const inv = 1 / Math.sqrt(n);
    for (let i = 0; i < v.length; i++) v[i] = v[i]! * inv;
  }
  return v;
}
