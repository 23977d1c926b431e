import type { CurvePoint } from './charts.js';
import { html, type SafeHtml } from './escape.js';

const pct = (x: number) => `${(100 * x).toFixed(1)}`;

/** The old types' score before any training, shown beside the curve's "after" rows. */
export interface OldBefore { model: string; f: number; labels: string[] }

/**
 * The curve as one table: a column per training-set size, per arm a row of the new types' mean dev
 * F1 (min–max over seeds), a row per new label when there are several, and for arms on a base
 * model a row of the old types' F1 after training, next to the base model's own (before).
 */
export function curveTable(points: readonly CurvePoint[], oldBefore?: OldBefore | null): SafeHtml {
  const sizes = [...new Set(points.map((p) => p.examples))].sort((a, b) => a - b);
  const series = [...new Set(points.map((p) => p.series))];
  const labels = [...new Set(points.flatMap((p) => Object.keys(p.perLabel ?? {})))].sort();
  const cell = (fs: number[]) => {
    if (fs.length === 0) return html`<td>–</td>`;
    const mean = fs.reduce((a, b) => a + b, 0) / fs.length;
    return html`<td>${pct(mean)}${fs.length > 1 ? html` <small>${pct(Math.min(...fs))}–${pct(Math.max(...fs))}</small>` : ''}</td>`;
  };
  const at = (s: string, n: number) => points.filter((p) => p.series === s && p.examples === n);
  const rows = series.flatMap((s) => {
    const out = [html`<tr class="total"><td>${s}</td><td>new types</td>${sizes.map((n) => cell(at(s, n).map((p) => p.f)))}</tr>`];
    if (labels.length > 1) {
      for (const l of labels) out.push(html`<tr><td></td><td>${l}</td>${sizes.map((n) => cell(at(s, n).flatMap((p) => (p.perLabel?.[l] === undefined ? [] : [p.perLabel[l]!]))))}</tr>`);
    }
    if (points.some((p) => p.series === s && typeof p.old === 'number')) {
      out.push(html`<tr><td></td><td>old types${oldBefore ? ` (before ${pct(oldBefore.f)})` : ''}</td>${sizes.map((n) => cell(at(s, n).flatMap((p) => (typeof p.old === 'number' ? [p.old] : []))))}</tr>`);
    }
    return out;
  });
  const seeds = new Set(points.map((p) => p.seed)).size;
  return html`<table class="num curve"><thead><tr><th>arm</th><th>F1 of</th>${sizes.map((n) => html`<th>${n.toLocaleString('en-US')} <small>sentences</small></th>`)}</tr></thead><tbody>
    ${rows}</tbody></table>
    <p class="help">Mean over ${seeds} seed${seeds === 1 ? '' : 's'}${seeds > 1 ? ' (min–max in small type)' : ''}. New types: dev F1 of the scored labels only.${oldBefore ? html` Old types (${oldBefore.labels.join(', ')}): F1 on their own gold; <code>${oldBefore.model}</code> itself scores ${pct(oldBefore.f)} there.` : ''}</p>`;
}
