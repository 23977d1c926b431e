import { describe, expect, it } from 'vitest';
import { confusionColumns, confusionSpec, renderSvg } from './charts.js';

describe('confusion matrix column headers', () => {
  it('keep short labels horizontal in 44 px cells', () => {
    expect(confusionColumns(['PER', 'LOC', 'ORG', 'MISC'])).toEqual({ cell: 44, angle: 0 });
  });

  it('never let long neighbours overlap (HARDWARE / SOFTWARE): wider cells, or angled labels', () => {
    for (const labels of [['HARDWARE', 'SOFTWARE', 'NONE'], ['PLATAFORMA', 'METRICA'], ['ORGANIZACION_PUBLICA', 'PER']]) {
      const { cell, angle } = confusionColumns(labels);
      const widest = Math.max(...labels.map((l) => 7 * l.length));
      // horizontal labels must fit their cell; otherwise they are angled
      expect(angle !== 0 || cell >= widest, labels.join(',')).toBe(true);
    }
    expect(confusionColumns(['ORGANIZACION_PUBLICA', 'PER']).angle).toBe(-40);
  });

  it('renders angled headers in the SVG (vega writes -40° as rotate(320))', async () => {
    const svg = await renderSvg(confusionSpec({ labels: ['ORGANIZACION_PUBLICA', 'SOFTWARE_LIBRE', 'NONE'], matrix: [[3, 1, 0], [0, 2, 1], [1, 0, 0]] } as never));
    expect(svg).toContain('ORGANIZACION_PUBLICA');
    expect(svg).toMatch(/rotate\(320\)/);
  });
});
