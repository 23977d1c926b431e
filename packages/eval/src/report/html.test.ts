import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../evaluate.js';
import { toResultsJson } from '../results.js';
import type { TaggedSentence } from '../sentence.js';
import { renderHtmlReport } from './html.js';
import { formatTable } from './table.js';

const CHROMIUM = '/usr/bin/chromium';
if (!existsSync(CHROMIUM)) console.log(`[skip] ${CHROMIUM} is absent: the report is not rendered in a browser`);

// Text from PDFs is untrusted: a label and a token that are HTML/JS must stay text.
const EVIL_LABEL = '<img src=x onerror="window.__pwned=1">';
const EVIL_TOKEN = '<script>window.__pwned=2</script>';
const s = (where: string, tokens: string[], tags: string[]): TaggedSentence => ({ where, tokens, tags });
const tokens = ['El', 'Banco', 'de', 'España', 'publicó', EVIL_TOKEN, 'en', 'Madrid', '.'];
const gold = [s('informe.pdf:1', tokens, ['O', 'B-ORG', 'I-ORG', 'I-ORG', 'O', `B-${EVIL_LABEL}`, 'O', 'B-LOC', 'O'])];
const pred = [s('pred:1', tokens, ['O', 'B-ORG', 'O', 'B-LOC', 'O', 'O', 'O', 'B-LOC', 'O'])];
const results = toResultsJson(evaluate(gold, pred, { bootstrap: 50 }), { name: 'modelo <b>x</b>', gold: 'gold "quoted".jsonl' });

describe('renderHtmlReport', () => {
  it('escapes everything that comes from the corpus', async () => {
    const page = await renderHtmlReport({ results });
    expect(page).not.toContain('<script>window');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<b>x</b>');
    expect(page).toContain('&lt;script&gt;window.__pwned=2&lt;/script&gt;');
    expect(page).toContain('modelo &lt;b&gt;x&lt;/b&gt;');
  });

  it('is self-contained: inline SVG charts, nothing fetched', async () => {
    const page = await renderHtmlReport({ results, curve: { points: [{ series: 'a', fraction: 0.5, seed: 0, f: 0.4, examples: 5 }, { series: 'a', fraction: 1, seed: 0, f: 0.6, examples: 10 }], verdict: 'improved' } });
    expect(page.match(/<svg/g)!.length).toBeGreaterThanOrEqual(4);
    expect(page).not.toMatch(/(src|href)=["']?(https?:)?\/\//);
    expect(page).not.toMatch(/<link|@import/);
  });

  it('prints a terminal table with every label and micro', () => {
    const table = formatTable(results);
    expect(table).toMatch(/^label\s+P\s+R\s+F1\s+95% CI \(F1\)\s+TP\s+FP\s+FN$/m);
    expect(table).toMatch(/^LOC\s+50\.00\s+100\.00\s+66\.67/m);
    expect(table).toMatch(/^micro\s+33\.33\s+33\.33\s+33\.33/m);
  });

  it.skipIf(!existsSync(CHROMIUM))('renders in headless Chromium: no injected code runs, the text shows as text, tables sort', async () => {
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({
      executablePath: CHROMIUM, headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    try {
      const page = await browser.newPage();
      const requests: string[] = [];
      page.on('request', (r) => { if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url()); });
      await page.setContent(await renderHtmlReport({ results }), { waitUntil: 'load' });
      expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(await page.locator('table.errors').textContent()).toContain(EVIL_TOKEN);
      expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(3);
      expect(requests).toEqual([]);
      const firstLabel = () => page.locator('table.errors tbody tr td:first-child').first().textContent();
      await page.locator('table.errors th', { hasText: 'label' }).click();
      const asc = await firstLabel();
      await page.locator('table.errors th', { hasText: 'label' }).click();
      expect(await firstLabel()).not.toBe(asc);
      await page.locator('input.filter').fill('missed');
      const visible = await page.locator('table.errors tbody tr:visible').count();
      expect(visible).toBeGreaterThan(0);
      expect(visible).toBeLessThan(await page.locator('table.errors tbody tr').count());
    } finally {
      await browser.close();
    }
  });
});
