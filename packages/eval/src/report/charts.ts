import * as vega from 'vega';
import * as vl from 'vega-lite';
import type { Confusion } from '../confusion.js';
import { ERROR_KINDS, type ErrorItem, type ErrorKind } from '../errorList.js';
import type { PRF } from '../prf.js';

/**
 * Vega-Lite specs for the report, rendered to SVG in Node (no browser, no network). Data from
 * corpora (label names, texts) only ever goes in as data VALUES, never as field names or
 * expressions, and Vega escapes text and attributes when it writes SVG.
 */
type Spec = vl.TopLevelSpec;

const CONFIG = { font: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif', view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } };

/** Renders a Vega-Lite spec to an SVG string. */
export async function renderSvg(spec: Spec): Promise<string> {
  const view = new vega.View(vega.parse(vl.compile({ ...spec, config: { ...CONFIG, ...(spec.config ?? {}) } } as Spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Grouped bars of P, R and F1 per label (micro last), with the bootstrap interval on F1 when known. */
export function labelScoresSpec(labels: Record<string, PRF>, micro: PRF, ci?: Record<string, { low: number; high: number }> & { micro?: { low: number; high: number } }): Spec {
  const rows = [...Object.entries(labels), ['micro', micro] as const];
  const values = rows.flatMap(([label, s]) => [
    { label, metric: 'precision', value: s.p },
    { label, metric: 'recall', value: s.r },
    { label, metric: 'F1', value: s.f, low: ci?.[label]?.low, high: ci?.[label]?.high },
  ]);
  const order = rows.map(([l]) => l);
  return {
    width: { step: 22 }, height: 220, data: { values },
    encoding: {
      x: { field: 'label', type: 'nominal', sort: order, title: null, axis: { labelAngle: 0 } },
      xOffset: { field: 'metric', sort: ['precision', 'recall', 'F1'] },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: 'score' },
          color: { field: 'metric', sort: ['precision', 'recall', 'F1'], scale: { range: ['#9ecae1', '#6baed6', '#08519c'] }, legend: { orient: 'top', title: null } },
          tooltip: [{ field: 'label' }, { field: 'metric' }, { field: 'value', format: '.3f' }],
        },
      },
      {
        transform: [{ filter: 'isValid(datum.low)' }],
        mark: { type: 'rule', color: '#e6550d', strokeWidth: 2 },
        encoding: { y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' } },
      },
    ],
  } as Spec;
}

/** Approximate width of an axis label in px (the report's 11 px font: about 7 px a capital). */
const labelWidth = (label: string) => 7 * [...label].length;

/**
 * Column width and label angle of the confusion matrix: labels stay horizontal while a cell of up to
 * 64 px holds them, else they are angled so that neighbours never overlap (HARDWARE / SOFTWARE).
 */
export function confusionColumns(labels: readonly string[]): { cell: number; angle: number } {
  const widest = Math.max(0, ...labels.map(labelWidth)) + 8;
  return widest <= 64 ? { cell: Math.max(44, Math.ceil(widest)), angle: 0 } : { cell: 44, angle: -40 };
}

/** Heatmap of the exact-boundary confusion matrix with the counts written in the cells. */
export function confusionSpec(c: Confusion): Spec {
  const values = c.matrix.flatMap((row, g) => row.map((n, p) => ({ gold: c.labels[g], pred: c.labels[p], n })));
  const { cell, angle } = confusionColumns(c.labels);
  const size = Math.max(160, cell * c.labels.length);
  return {
    width: size, height: size, data: { values },
    encoding: {
      x: {
        field: 'pred', type: 'nominal', sort: c.labels, title: 'predicted',
        axis: { orient: 'top', labelAngle: angle, ...(angle ? { labelAlign: 'left', labelBaseline: 'middle' } : {}) },
      },
      y: { field: 'gold', type: 'nominal', sort: c.labels, title: 'gold' },
    },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'n', type: 'quantitative', scale: { scheme: 'blues', type: 'symlog' }, legend: null } } },
      {
        mark: { type: 'text', fontSize: 11 },
        encoding: {
          text: { field: 'n', type: 'quantitative' },
          color: { condition: { test: 'datum.n > 0 && datum.gold === datum.pred', value: 'white' }, value: '#222' },
        },
      },
    ],
  } as Spec;
}

/** Stacked bars: how many errors of each kind each label has. */
export function errorKindsSpec(errors: readonly ErrorItem[]): Spec {
  const counts = new Map<string, number>();
  for (const e of errors) counts.set(`${e.label}\u0000${e.kind}`, (counts.get(`${e.label}\u0000${e.kind}`) ?? 0) + 1);
  const values = [...counts].map(([k, n]) => {
    const [label, kind] = k.split('\u0000');
    return { label, kind, n, order: ERROR_KINDS.indexOf(kind as ErrorKind) };
  });
  return {
    width: 360, height: { step: 22 }, data: { values },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', title: null },
      x: { field: 'n', type: 'quantitative', title: 'errors', stack: 'zero' },
      color: { field: 'kind', sort: [...ERROR_KINDS], scale: { domain: [...ERROR_KINDS], scheme: 'tableau10' }, legend: { orient: 'top', title: null } },
      order: { field: 'order', type: 'quantitative' },
      tooltip: [{ field: 'label' }, { field: 'kind' }, { field: 'n' }],
    },
  } as Spec;
}

/** One point of a learning curve (several seeds at a size are drawn as a band). */
export interface CurvePoint {
  series: string;
  /** Share of the training data (examples / all training examples). */
  fraction: number;
  seed: number;
  /** Micro F1 of the scored (new) labels on dev. */
  f: number;
  /** Training sentences of this point. */
  examples: number;
  /** F1 per scored label on dev. */
  perLabel?: Record<string, number>;
  /** Micro F1 of the old types on their own gold after training (arms on a base model), else null. */
  old?: number | null;
}

/**
 * F1 against the number of training sentences (log scale: 50 to thousands), one line per series
 * (arm), the seeds' spread as a band. Names and numbers go in as data values only.
 */
export function curveSpec(points: readonly CurvePoint[]): Spec {
  return {
    width: 420, height: 240, data: { values: points.map(({ series, seed, f, examples }) => ({ series, seed, f, examples })) },
    encoding: {
      x: { field: 'examples', type: 'quantitative', title: 'training sentences', scale: { type: 'log', nice: false } },
      color: { field: 'series', type: 'nominal', legend: { orient: 'top', title: null } },
    },
    layer: [
      { mark: { type: 'errorband', extent: 'ci', opacity: 0.2 }, encoding: { y: { field: 'f', type: 'quantitative', title: 'dev F1 (new types)' } } },
      { mark: { type: 'line', point: true }, encoding: { y: { aggregate: 'mean', field: 'f', type: 'quantitative', title: 'dev F1 (new types)' },
        tooltip: [{ field: 'series' }, { field: 'examples' }, { aggregate: 'mean', field: 'f', format: '.3f', title: 'mean F1' }] } },
    ],
  } as Spec;
}

/** Horizontal bars of F1(B) - F1(A) per label with the paired-bootstrap interval. */
export function deltaSpec(rows: readonly { label: string; delta: number; low: number | null; high: number | null; significant: boolean }[]): Spec {
  return {
    width: 360, height: { step: 24 }, data: { values: rows.map((r) => ({ ...r, sig: r.significant ? 'significant' : 'not significant' })) },
    encoding: { y: { field: 'label', type: 'nominal', sort: rows.map((r) => r.label), title: null } },
    layer: [
      { mark: 'bar', encoding: { x: { field: 'delta', type: 'quantitative', title: 'F1 change (B − A)' },
        color: { field: 'sig', scale: { domain: ['significant', 'not significant'], range: ['#08519c', '#bdbdbd'] }, legend: { orient: 'top', title: null } } } },
      { transform: [{ filter: 'isValid(datum.low)' }], mark: { type: 'rule', color: '#e6550d', strokeWidth: 2 },
        encoding: { x: { field: 'low', type: 'quantitative' }, x2: { field: 'high' } } },
      { mark: { type: 'rule', color: '#444' }, data: { values: [{ zero: 0 }] }, encoding: { x: { field: 'zero', type: 'quantitative' }, y: null } },
    ],
  } as Spec;
}
