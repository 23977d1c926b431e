import { f1 } from './prf.js';
import type { PerSentence } from '@nerflow/corpus';

/** A small seeded PRNG (mulberry32): the same seed gives the same resamples on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Interval {
  low: number;
  high: number;
  /** Standard deviation of the resampled F1s. */
  sd: number;
}

export interface BootstrapResult {
  samples: number;
  seed: number;
  /** Confidence level of the intervals (0.95: the 2.5th and 97.5th percentiles). */
  level: number;
  micro: Interval;
  perLabel: Record<string, Interval>;
}

/** F1 of each resample for each of `series` (micro = all labels, then one per label). */
function resampleF1(per: PerSentence, samples: number, seed: number, labelSets: number[][]): Float64Array[] {
  const n = per.counts.length / Math.max(1, per.labels.length * 3);
  const L = per.labels.length;
  const rand = mulberry32(seed);
  const out = labelSets.map(() => new Float64Array(samples));
  const acc = new Float64Array(L * 3);
  for (let b = 0; b < samples; b++) {
    acc.fill(0);
    for (let k = 0; k < n; k++) {
      const s = Math.floor(rand() * n);
      const base = s * L * 3;
      for (let j = 0; j < L * 3; j++) acc[j]! += per.counts[base + j]!;
    }
    labelSets.forEach((set, i) => {
      let tp = 0, fp = 0, fn = 0;
      for (const l of set) { tp += acc[l * 3]!; fp += acc[l * 3 + 1]!; fn += acc[l * 3 + 2]!; }
      out[i]![b] = f1(tp, fp, fn);
    });
  }
  return out;
}

function interval(values: Float64Array, level: number): Interval {
  const sorted = Float64Array.from(values).sort();
  const q = (x: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(x * (sorted.length - 1))))]!;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, values.length - 1));
  return { low: q((1 - level) / 2), high: q(1 - (1 - level) / 2), sd };
}

/**
 * Percentile bootstrap over sentences (resampled with replacement, Efron): confidence intervals
 * for micro F1 and for each label's F1. Sentences, not entities, are the unit because errors
 * within a sentence are correlated.
 */
export function bootstrapF1(per: PerSentence, samples = 1000, seed = 0, level = 0.95): BootstrapResult {
  const sets = [per.labels.map((_, i) => i), ...per.labels.map((_, i) => [i])];
  const f = resampleF1(per, samples, seed, sets);
  const perLabel: Record<string, Interval> = {};
  per.labels.forEach((l, i) => { perLabel[l] = interval(f[i + 1]!, level); });
  return { samples, seed, level, micro: interval(f[0]!, level), perLabel };
}

export interface PairedTest {
  /** F1(B) - F1(A) on the full data. */
  delta: number;
  /** Percentile interval of the resampled deltas. */
  low: number;
  high: number;
  /** Two-sided p-value: how often the resampled delta falls on the other side of zero, doubled. */
  p: number;
}

/**
 * Paired bootstrap test (Koehn 2004; Berg-Kirkpatrick et al. 2012) for two systems scored on the
 * same gold sentences: both are resampled with the SAME sentence indices, so sentence difficulty
 * cancels out. `label` null = micro F1.
 */
export function pairedBootstrap(a: PerSentence, b: PerSentence, label: string | null, samples = 1000, seed = 0, level = 0.95): PairedTest {
  const pick = (per: PerSentence) => (label === null ? per.labels.map((_, i) => i) : per.labels.indexOf(label) >= 0 ? [per.labels.indexOf(label)] : []);
  const sa = pick(a), sb = pick(b);
  const n = a.counts.length / Math.max(1, a.labels.length * 3);
  const sumFor = (per: PerSentence, set: number[], s: number, acc: number[]) => {
    const L = per.labels.length;
    for (const l of set) for (let k = 0; k < 3; k++) acc[k]! += per.counts[(s * L + l) * 3 + k]!;
  };
  const full = (per: PerSentence, set: number[]) => {
    const acc = [0, 0, 0];
    for (let s = 0; s < n; s++) sumFor(per, set, s, acc);
    return f1(acc[0]!, acc[1]!, acc[2]!);
  };
  const delta = full(b, sb) - full(a, sa);
  const rand = mulberry32(seed);
  const deltas = new Float64Array(samples);
  let below = 0, above = 0;
  for (let i = 0; i < samples; i++) {
    const accA = [0, 0, 0], accB = [0, 0, 0];
    for (let k = 0; k < n; k++) {
      const s = Math.floor(rand() * n);
      sumFor(a, sa, s, accA);
      sumFor(b, sb, s, accB);
    }
    const d = f1(accB[0]!, accB[1]!, accB[2]!) - f1(accA[0]!, accA[1]!, accA[2]!);
    deltas[i] = d;
    if (d <= 0) below++;
    if (d >= 0) above++;
  }
  const iv = interval(deltas, level);
  const p = Math.min(1, (2 * Math.min(below, above)) / samples);
  return { delta, low: iv.low, high: iv.high, p };
}
