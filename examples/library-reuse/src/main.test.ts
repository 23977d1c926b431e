import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ingestAndMatch } from './main.js';

describe('library reuse example', () => {
  it('ingests the bundled PDFs and finds platform mentions with patterns, without the CLI', async () => {
    const out = mkdtempSync(join(tmpdir(), 'nerflow-reuse-'));
    const pdfs = resolve(import.meta.dirname, '../../marketing-es/pdfs');
    const result = await ingestAndMatch(pdfs, out, ['Instagram', 'Google Ads', 'Shopify']);
    // Every PDF the example ships (the example grows: 6 articles, then 13).
    expect(result.files).toBe(readdirSync(pdfs).filter((f) => f.endsWith('.pdf')).length);
    expect(result.files).toBeGreaterThanOrEqual(6);
    expect(result.examples).toBeGreaterThan(50);
    const terms = new Set(result.mentions.map((m) => m.term));
    expect(terms).toEqual(new Set(['Instagram', 'Google Ads', 'Shopify']));
    expect(result.mentions).toContainEqual(expect.objectContaining({ term: 'Shopify', sentence: expect.stringContaining('carrito abandonado en Shopify') }));
  }, 120_000);
});
