import { pairedBootstrap } from './bootstrap.js';
import type { PerSentence } from './score.js';
import type { ResultsJson } from './results.js';

export interface CompareRow {
  /** A label, or 'micro'. */
  label: string;
  a: number;
  b: number;
  delta: number;
  /** Paired-bootstrap interval of the delta and two-sided p; null when the gold differs. */
  low: number | null;
  high: number | null;
  p: number | null;
  significant: boolean;
}

export interface Comparison {
  a: string;
  b: string;
  /** True when both were scored on the same gold (same goldHash), so the test is paired. */
  paired: boolean;
  samples: number;
  alpha: number;
  rows: CompareRow[];
  note: string;
}

const toPer = (r: ResultsJson): PerSentence => ({ labels: r.perSentence.labels, counts: Int32Array.from(r.perSentence.counts) });

/**
 * Side-by-side F1 per label (and micro) of two results files, with a paired bootstrap test when
 * both scored the same gold sentences: the delta is significant when its two-sided p < alpha.
 */
export function compareResults(a: ResultsJson, b: ResultsJson, options: { samples?: number; seed?: number; alpha?: number } = {}): Comparison {
  const samples = options.samples ?? 1000;
  const alpha = options.alpha ?? 0.05;
  const paired = a.goldHash === b.goldHash && a.sentences === b.sentences;
  const labels = [...new Set([...Object.keys(a.labels), ...Object.keys(b.labels)])].sort();
  const pa = toPer(a), pb = toPer(b);
  const row = (label: string | null): CompareRow => {
    const fa = label === null ? a.micro.f : a.labels[label]?.f ?? 0;
    const fb = label === null ? b.micro.f : b.labels[label]?.f ?? 0;
    if (!paired) return { label: label ?? 'micro', a: fa, b: fb, delta: fb - fa, low: null, high: null, p: null, significant: false };
    const t = pairedBootstrap(pa, pb, label, samples, options.seed ?? 0);
    return { label: label ?? 'micro', a: fa, b: fb, delta: t.delta, low: t.low, high: t.high, p: t.p, significant: t.p < alpha };
  };
  const rows = [...labels.map(row), row(null)];
  const note = paired
    ? `Paired bootstrap over the same ${a.sentences} gold sentences (${samples} resamples): a change is significant when p < ${alpha}.`
    : 'The two results were scored on different gold data, so there is no paired test: the deltas are descriptive only.';
  return { a: a.name, b: b.name, paired, samples, alpha, rows, note };
}
