import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Example, Span } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { annotate, type AnnotateHandle } from '../src/annotate.js';
import { SENTENCES } from '../src/__fixtures__/sentences.js';
import { CHROMIUM, HAVE_CHROMIUM, LAUNCH_ARGS, SCREENSHOT_DIR, TAKE_SCREENSHOTS, buildUi } from './browser-helpers.js';

const HOSTILE = 'Informe <img src=x onerror="window.__xss=1"> de Google Ads.';
const manual = (text: string, spans: [number, number, string][]): Example => ({
  text, answer: 'accept', _view_id: 'ner_manual', spans: spans.map(([start, end, label]) => ({ start, end, label }) as Span),
});

describe.skipIf(!HAVE_CHROMIUM)('review mode in a real browser (Chromium)', () => {
  let dir: string, uiDir: string, store: SqliteStore, browser: Browser, h: AnnotateHandle;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-review-e2e-'));
    uiDir = await buildUi();
    store = new SqliteStore(path.join(dir, 'review.db'));
    // SENTENCES[0] = 'Google Ads mejoró el CTR un 12% en el tercer trimestre.'
    // SENTENCES[6] = 'El ROAS de TikTok Ads superó al de LinkedIn en noviembre.'
    await store.ensureDataset('ana_q3', { labels: ['PLATAFORMA', 'METRICA', 'PERIODO'] });
    await store.add('ana_q3', [
      manual(SENTENCES[0]!, [[0, 10, 'PLATAFORMA'], [21, 24, 'METRICA']]),
      manual(SENTENCES[6]!, [[3, 7, 'METRICA'], [11, 21, 'PLATAFORMA']]),
      manual(HOSTILE, [[48, 58, 'PLATAFORMA']]),
    ]);
    await store.add('luis_q3', [
      manual(SENTENCES[0]!, [[0, 10, 'PLATAFORMA'], [38, 54, 'PERIODO']]),
      manual(SENTENCES[6]!, [[11, 21, 'PLATAFORMA'], [35, 43, 'PLATAFORMA']]),
      { ...manual(HOSTILE, []), answer: 'reject' },
    ]);
    h = await annotate({ dataset: 'revisado', mode: 'review', from: 'ana_q3,luis_q3', port: 0 }, undefined, { store, uiDir });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  });
  afterAll(async () => {
    await h?.close();
    await browser?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(uiDir, { recursive: true, force: true });
  });

  const stored = async () => { const out: Example[] = []; for await (const e of store.examples('revisado')) out.push(e); return out; };

  it('shows the versions side by side with differences marked; use one, edit one, reject one', async () => {
    expect(h.review!.agreement.perLabel.PLATAFORMA).toMatchObject({ agreed: 2, a: 2, b: 3 });
    const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.url}?session=marta`);
    const version = (name: string) => page.locator(`section[data-version="${name}"]`);
    /** A version's text as shown, without the span badges. */
    const text = (name: string) => version(name).locator('.text').evaluate((el) => {
      const copy = el.cloneNode(true) as HTMLElement;
      copy.querySelectorAll('.badge').forEach((b) => b.remove());
      return copy.textContent ?? '';
    });
    await expect.poll(() => text('ana_q3')).toBe(SENTENCES[0]);
    // Agreement before review, per label.
    expect(await page.getByTestId('agreement').locator('span[data-label="PLATAFORMA"] b').textContent()).toBe('80');
    expect(await page.getByTestId('agreement').locator('span[data-label="METRICA"] b').textContent()).toBe('0');
    // Side by side on a wide screen.
    const [a, b] = [await version('ana_q3').boundingBox(), await version('luis_q3').boundingBox()];
    expect(Math.abs(a!.y - b!.y)).toBeLessThan(2);
    expect(b!.x).toBeGreaterThan(a!.x + a!.width - 1);
    // Google Ads is in both versions; CTR (ana) and "tercer trimestre" (luis) differ.
    const marks = (name: string) => version(name).locator('mark').evaluateAll((ms) => ms.map((m) => `${m.getAttribute('data-label')}:${m.getAttribute('data-diff')}`));
    expect(await marks('ana_q3')).toEqual(['PLATAFORMA:0', 'METRICA:1']);
    expect(await marks('luis_q3')).toEqual(['PLATAFORMA:0', 'PERIODO:1']);
    if (TAKE_SCREENSHOTS) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'annotate-review.png') });
    }

    // 1. Take luis's version as it is (shift+2) and accept.
    await page.keyboard.press('Shift+Digit2');
    await expect.poll(() => page.locator('.task mark').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-label')))).toEqual(['PLATAFORMA', 'PERIODO']);
    await page.keyboard.press('a');
    await expect.poll(async () => (await stored()).length).toBe(1);
    let [row] = await stored();
    expect(row!.spans!.map((s) => [s.start, s.end, s.label])).toEqual([[0, 10, 'PLATAFORMA'], [38, 54, 'PERIODO']]);
    expect(row!.meta!.review).toMatchObject({ reviewer: 'marta', same_as: ['luis_q3'], versions: [{ name: 'ana_q3' }, { name: 'luis_q3' }] });

    // 2. Start from ana's version, remove nothing, add LinkedIn (from luis) by hand: an edit.
    await expect.poll(() => text('ana_q3')).toBe(SENTENCES[6]);
    await version('ana_q3').getByRole('button', { name: /use/ }).click();
    await page.locator('.task .tok', { hasText: /^LinkedIn$/ }).click();
    await page.keyboard.press('1');
    await page.keyboard.press('a');
    await expect.poll(async () => (await stored()).length).toBe(2);
    row = (await stored())[1];
    expect(row!.spans!.map((s) => s.label)).toEqual(['METRICA', 'PLATAFORMA', 'PLATAFORMA']);
    expect(row!.meta!.review).toMatchObject({ same_as: [] });

    // 3. Hostile text stays text; reject it.
    await expect.poll(() => text('ana_q3')).toBe(HOSTILE);
    expect(await page.locator('.versions img, .text img').count()).toBe(0);
    expect(await version('luis_q3').locator('.verdict').textContent()).toBe('reject');
    await page.keyboard.press('x');
    await expect.poll(async () => (await stored()).map((r) => r.answer)).toEqual(['accept', 'accept', 'reject']);
    expect((await stored())[2]!.meta!.review).toMatchObject({ same_as: ['luis_q3'] });
    await expect.poll(() => page.locator('.empty').textContent()).toContain('No more tasks');
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.close();
  });
});
