import { NerError } from '@nerflow/corpus';
import { mulberry32 } from './bootstrap.js';
import { EvalErrors } from './errors.js';

/** Fisher-Yates with a seeded PRNG. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  const rand = mulberry32(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Anything with spans (an Example). */
type Labelled = { spans?: readonly { label: string }[] };

/** Whether an example marks a span of one of `labels` (any span when `labels` is empty). */
export function hasLabel(ex: Labelled, labels: readonly string[]): boolean {
  return (ex.spans ?? []).some((s) => !labels.length || labels.includes(s.label));
}

/**
 * The order in which a learning curve takes training examples: every prefix is a training set, so
 * the sets at growing sizes are nested (50 ⊂ 100 ⊂ 250 ...). Sentences with a span of `labels`
 * (the new types) and sentences without are shuffled apart with the seed, then interleaved so that
 * every prefix holds them in the proportion of the whole data: a 50-sentence point is not all
 * negatives by chance, nor all positives while the full data is half negatives.
 */
export function curveOrder<T extends Labelled>(train: readonly T[], seed: number, labels: readonly string[] = []): T[] {
  const withType = shuffled(train.filter((x) => hasLabel(x, labels)), seed);
  const without = shuffled(train.filter((x) => !hasLabel(x, labels)), seed + 1);
  const out: T[] = [];
  let a = 0;
  let b = 0;
  while (a < withType.length || b < without.length) {
    // Take from the group that is furthest behind its share (ties: the new type first).
    const takeWith = b >= without.length || (a < withType.length && a / withType.length <= b / without.length);
    out.push(takeWith ? withType[a++]! : without[b++]!);
  }
  return out;
}

/** A curve point's size: a number of training sentences, or 'all'. */
export type CurveSize = number | 'all';

/** Reads `--sizes 50,100,250,all` values (numbers or `all`). */
export function parseSizes(values: readonly (string | number)[]): CurveSize[] {
  return values.map((v) => {
    if (v === 'all') return 'all';
    const n = typeof v === 'number' ? v : Number(v);
    if (!Number.isInteger(n) || n < 1) {
      throw new NerError(EvalErrors.CURVE, `--sizes: "${v}" is not a number of sentences.`, { hint: 'e.g. --sizes 50,100,250,500,1000,all' });
    }
    return n;
  });
}

/**
 * The training-set sizes of a curve over `n` sentences: sizes above `n` are dropped, `all` is `n`,
 * and the full data is always the last point when a size reached past it (so 50,100,1000 on 300
 * sentences gives 50, 100, 300).
 */
export function resolveSizes(sizes: readonly CurveSize[], n: number): number[] {
  const out = new Set<number>();
  for (const s of sizes) {
    if (s === 'all' || s >= n) out.add(n);
    else out.add(s);
  }
  const list = [...out].sort((x, y) => x - y);
  if (!list.length || list[0]! < 1) {
    throw new NerError(EvalErrors.CURVE, `No curve point fits ${n} training examples.`, { hint: 'Give sizes of at least 1 sentence, e.g. --sizes 50,100,all' });
  }
  return list;
}
