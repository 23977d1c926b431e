import { assertOutputsDistinct } from '@nerflow/corpus';
import { pathRef } from '@nerflow/core';
import { z } from 'zod';
import { pairedBootstrap } from './bootstrap.js';
import { renderHtmlReport } from './report/html.js';
import { readResultsJson } from './results.js';
import { writeText } from './run.js';
import type { PerSentence } from '@nerflow/corpus';
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
  const labels = [...new Set([...Object.keys(a.perLabel), ...Object.keys(b.perLabel)])].sort();
  const pa = toPer(a), pb = toPer(b);
  const row = (label: string | null): CompareRow => {
    const fa = label === null ? a.micro.f : a.perLabel[label]?.f ?? 0;
    const fb = label === null ? b.micro.f : b.perLabel[label]?.f ?? 0;
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

/** Options of `nerflow eval compare` and of the `eval.compare` pipeline step (one schema for both). */
export const compareOptionsSchema = z.object({
  a: pathRef('baseline results (nerflow eval --json), e.g. the base model before training'),
  b: pathRef('results to compare with the baseline, e.g. the trained model on the same gold'),
  samples: z.number().int().min(100).default(1000).describe('bootstrap resamples'),
  seed: z.number().int().default(0).describe('seed of the bootstrap'),
  alpha: z.number().gt(0).lt(1).default(0.05).describe('significance level'),
  json: pathRef('write the comparison here').optional(),
  report: pathRef('write an HTML report of the comparison here').optional(),
  title: z.string().optional().describe('heading of the report'),
});

export type CompareOptions = z.output<typeof compareOptionsSchema>;

/** Reads two results files, compares them and writes `json` / `report` when given. */
export async function runCompare(o: CompareOptions): Promise<Comparison> {
  assertOutputsDistinct([{ name: 'A', path: o.a }, { name: 'B', path: o.b }], [{ name: '--json', path: o.json }, { name: '--report', path: o.report }]);
  const [a, b] = await Promise.all([readResultsJson(o.a), readResultsJson(o.b)]);
  const cmp = compareResults(a, b, o);
  if (o.json) await writeText(o.json, `${JSON.stringify(cmp)}\n`);
  if (o.report) await writeText(o.report, await renderHtmlReport({ compare: cmp, title: o.title ?? `nerflow eval compare: ${cmp.b} vs ${cmp.a}` }));
  return cmp;
}
