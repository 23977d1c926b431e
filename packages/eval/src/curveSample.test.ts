import { tokenize, type Example } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { curveOrder, hasLabel, parseSizes, resolveSizes } from './curveSample.js';

const PLATFORMS = ['Instagram', 'TikTok', 'Shopify', 'Mailchimp', 'YouTube', 'Google Ads', 'HubSpot', 'WooCommerce'];
/** 30 sentences: every third marks a PLATAFORMA, the rest mark nothing (negatives). */
function corpus(): Example[] {
  return Array.from({ length: 30 }, (_, i) => {
    if (i % 3 === 0) {
      const p = PLATFORMS[i % PLATFORMS.length]!;
      const text = `La tienda número ${i} vende más desde que usa ${p}.`;
      const start = text.indexOf(p);
      const tokens = tokenize(text);
      return { text, tokens, spans: [{ start, end: start + p.length, token_start: tokens.findIndex((t) => t.start === start), token_end: tokens.findIndex((t) => t.end === start + p.length), label: 'PLATAFORMA' }] };
    }
    const text = `El informe ${i} del trimestre llegó tarde a la reunión.`;
    return { text, tokens: tokenize(text), spans: [] };
  });
}

describe('curveOrder', () => {
  const data = corpus();

  it('is a permutation whose prefixes are the nested training sets', () => {
    const order = curveOrder(data, 3, ['PLATAFORMA']);
    expect(new Set(order).size).toBe(data.length);
    expect([...order].sort((a, b) => a.text.localeCompare(b.text))).toEqual([...data].sort((a, b) => a.text.localeCompare(b.text)));
    // The same seed gives the same order, so a 10-sentence point is inside the 20-sentence one in every arm.
    expect(curveOrder(data, 3, ['PLATAFORMA']).map((x) => x.text)).toEqual(order.map((x) => x.text));
    expect(curveOrder(data, 4, ['PLATAFORMA']).map((x) => x.text)).not.toEqual(order.map((x) => x.text));
  });

  it('keeps sentences with the new type and without in the proportion of the data at every size', () => {
    const order = curveOrder(data, 7, ['PLATAFORMA']);
    for (const n of [1, 3, 5, 10, 15, 29]) {
      const withType = order.slice(0, n).filter((x) => hasLabel(x, ['PLATAFORMA'])).length;
      expect(Math.abs(withType - n / 3), `size ${n}`).toBeLessThanOrEqual(1);
    }
    expect(hasLabel(order[0]!, ['PLATAFORMA'])).toBe(true);
  });

  it('treats a sentence as negative when its spans are all of other labels', () => {
    const loc = { text: 'Vive en Madrid.', spans: [{ start: 8, end: 14, label: 'LOC' }] };
    expect(hasLabel(loc, ['PLATAFORMA'])).toBe(false);
    expect(hasLabel(loc, [])).toBe(true);
  });
});

describe('curve sizes', () => {
  it('reads numbers and "all", and refuses anything else', () => {
    expect(parseSizes(['50', '100', 'all'])).toEqual([50, 100, 'all']);
    expect(() => parseSizes(['cincuenta'])).toThrow(expect.objectContaining({ code: 'E_EVAL_CURVE' }));
    expect(() => parseSizes(['0'])).toThrow(expect.objectContaining({ code: 'E_EVAL_CURVE' }));
  });

  it('drops sizes past the data and ends at all of it', () => {
    expect(resolveSizes([50, 100, 250, 500, 1000, 'all'], 300)).toEqual([50, 100, 250, 300]);
    expect(resolveSizes([100, 50], 1000)).toEqual([50, 100]);
    expect(resolveSizes(['all'], 12)).toEqual([12]);
  });
});
