import { describe, expect, it } from 'vitest';
import type { CurvePoint } from './charts.js';
import { renderHtmlReport } from './html.js';

const EVIL = '<img src=x onerror=alert(1)>';
const p = (series: string, examples: number, seed: number, f: number, old: number | null, labels: Record<string, number>): CurvePoint =>
  ({ series, examples, seed, f, old, perLabel: labels, fraction: examples / 100 });

describe('the learning-curve section of the report', () => {
  const points = [
    p('scratch', 50, 0, 0.2, null, { PLATAFORMA: 0.3, METRICA: 0.1 }), p('scratch', 50, 1, 0.3, null, { PLATAFORMA: 0.4, METRICA: 0.2 }),
    p('scratch', 100, 0, 0.5, null, { PLATAFORMA: 0.6, METRICA: 0.4 }), p('scratch', 100, 1, 0.6, null, { PLATAFORMA: 0.7, METRICA: 0.5 }),
    p(EVIL, 50, 0, 0.45, 0.81, { PLATAFORMA: 0.5, METRICA: 0.4 }), p(EVIL, 100, 0, 0.7, 0.79, { PLATAFORMA: 0.75, METRICA: 0.65 }),
  ];

  it('shows one chart and one table: mean (min–max) per arm and size, per new label, and the old types after vs before', async () => {
    const page = await renderHtmlReport({ curve: { points, verdict: 'scratch: F1 still improved', oldBefore: { model: 'es-base', f: 0.835, labels: ['PER', 'LOC'] } } });
    expect(page.match(/<svg/g)).toHaveLength(1);
    expect(page.match(/<table class="num curve">/g)).toHaveLength(1);
    expect(page).toContain('<th>50 <small>sentences</small></th><th>100 <small>sentences</small></th>');
    expect(page).toMatch(/<td>scratch<\/td><td>new types<\/td><td>25\.0 <small>20\.0–30\.0<\/small><\/td><td>55\.0 <small>50\.0–60\.0<\/small><\/td>/);
    expect(page).toMatch(/<td>METRICA<\/td><td>15\.0 <small>10\.0–20\.0<\/small><\/td>/);
    expect(page).toMatch(/<td>old types \(before 83\.5\)<\/td><td>81\.0<\/td><td>79\.0<\/td>/);
    // Only the arm with old-type scores gets an old-types row.
    expect(page.match(/old types \(before/g)).toHaveLength(1);
    expect(page).not.toContain('<img src=x');
  });
});
