import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Example } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { annotate, type AnnotateHandle } from '../src/annotate.js';
import { DictionaryTagger } from '../src/__fixtures__/dictionary-tagger.js';
import { PATTERNS, SENTENCES } from '../src/__fixtures__/sentences.js';
import { CHROMIUM, HAVE_CHROMIUM, LAUNCH_ARGS, SCREENSHOT_DIR, TAKE_SCREENSHOTS, buildUi } from './browser-helpers.js';

const HOSTILE = 'Informe <img src=x onerror="window.__xss=1"> de Google Ads & <b>CTR</b>.';

describe.skipIf(!HAVE_CHROMIUM)('annotate in a real browser (Chromium)', () => {
  let dir: string, uiDir: string, store: SqliteStore, browser: Browser;
  const servers: AnnotateHandle[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-e2e-'));
    uiDir = await buildUi();
    writeFileSync(path.join(dir, 'source.jsonl'), [...SENTENCES.slice(0, 10), HOSTILE, ...SENTENCES.slice(10)].map((text, i) => JSON.stringify({ text, meta: { source: `informe-q3.pdf#p${i + 1}` } })).join('\n'));
    writeFileSync(path.join(dir, 'patterns.jsonl'), PATTERNS.map((p) => JSON.stringify(p)).join('\n'));
    store = new SqliteStore(path.join(dir, 'e2e.db'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
    await browser?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(uiDir, { recursive: true, force: true });
  });

  const start = async (dataset: string, extra: Record<string, unknown> = {}, deps = {}) => {
    const h = await annotate({ dataset, source: path.join(dir, 'source.jsonl'), labels: ['PLATAFORMA', 'METRICA', 'PERIODO'], patterns: path.join(dir, 'patterns.jsonl'), port: 0, ...extra }, undefined, { store, uiDir, ...deps });
    servers.push(h);
    return h;
  };
  const stored = async (dataset: string) => { const out: Example[] = []; for await (const e of store.examples(dataset)) out.push(e); return out; };
  const tokenIndex = (page: Page, word: string) => page.locator('.text .tok', { hasText: new RegExp(`^${word}$`) }).first();
  /** The task's text as shown, without the span badges. */
  const shown = (page: Page) => page.locator('.text').evaluate((el) => {
    const copy = el.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.badge').forEach((b) => b.remove());
    return copy.textContent ?? '';
  });
  const count = (page: Page, id: string) => page.getByTestId(id).locator('b').textContent();

  it('selects with the mouse, labels with a key, accepts, undoes, and keeps state across a reload', async () => {
    const h = await start('marketing_q3');
    const page = await browser.newPage({ viewport: { width: 1100, height: 640 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.url}?session=ana`);
    await expect.poll(() => shown(page)).toContain('Google Ads mejoró el CTR');
    // Pattern suggestions are pre-highlighted with their source.
    expect(await page.locator('mark[data-source="pattern"]').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-label')))).toEqual(['PLATAFORMA', 'METRICA']);

    // Drag from "tercer" to "trimestre" and press 3 (PERIODO).
    const a = await tokenIndex(page, 'tercer').boundingBox();
    const b = await tokenIndex(page, 'trimestre').boundingBox();
    await page.mouse.move(a!.x + 3, a!.y + a!.height / 2);
    await page.mouse.down();
    await page.mouse.move(a!.x + a!.width + 8, a!.y + a!.height / 2, { steps: 3 });
    await page.mouse.move(b!.x + b!.width - 3, b!.y + b!.height / 2, { steps: 3 });
    await page.mouse.up();
    expect(await page.locator('.tok.selected').allTextContents()).toEqual(['tercer', 'trimestre']);
    await page.keyboard.press('3');
    await expect.poll(() => page.locator('mark[data-label="PERIODO"]').getAttribute('data-source')).toBe('user');
    // A click on the METRICA suggestion removes it.
    await page.locator('mark[data-label="METRICA"]').click();
    await expect.poll(() => page.locator('mark[data-label="METRICA"]').count()).toBe(0);
    if (TAKE_SCREENSHOTS) {
      // Select a token so the picture shows a selection too.
      await tokenIndex(page, 'CTR').click();
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'annotate-manual.png') });
      await page.keyboard.press('Escape');
    }

    await page.keyboard.press('a');
    await expect.poll(() => count(page, 'session-count')).toBe('1');
    let rows = await stored('marketing_q3');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ text: SENTENCES[0], answer: 'accept', _session_id: 'ana' });
    expect(rows[0]!.spans!.map((s) => [s.label, s.start, s.end, s.source])).toEqual([['PLATAFORMA', 0, 10, 'pattern'], ['PERIODO', 38, 54, 'user']]);
    await expect.poll(() => shown(page)).toContain('Meta Ads');

    // Undo brings the task back with the answer's spans and removes it from the database.
    await page.keyboard.press('Backspace');
    await expect.poll(() => shown(page)).toContain('Google Ads mejoró');
    expect(await page.locator('mark[data-label="PERIODO"]').count()).toBe(1);
    await expect.poll(() => count(page, 'session-count')).toBe('0');
    expect(await stored('marketing_q3')).toHaveLength(0);

    await page.keyboard.press('a');
    await expect.poll(() => count(page, 'session-count')).toBe('1');
    await page.keyboard.press('x');
    await expect.poll(() => count(page, 'session-count')).toBe('2');
    await page.reload();
    await expect.poll(() => count(page, 'session-count')).toBe('2');
    expect(await count(page, 'remaining')).toBe('11');
    expect(await shown(page)).toContain('Sr. Pérez');
    rows = await stored('marketing_q3');
    expect(rows.map((r) => r.answer)).toEqual(['accept', 'reject']);
    expect(new Set(rows.map((r) => r._task_hash)).size).toBe(2);

    // A second annotator gets neither ana's answered tasks nor the ones she holds.
    const luis = await browser.newPage({ viewport: { width: 1100, height: 640 } });
    await luis.goto(`${h.url}?session=luis`);
    // ana answered sentences 0-1 and holds 2-4 (the page prefetches 3): luis starts at 5.
    await expect.poll(() => shown(luis)).toBe(SENTENCES[5]);
    // Keyboard selection: arrows move, shift+arrow grows the selection, 1 labels it.
    for (let i = 0; i < 5; i++) await luis.keyboard.press('ArrowRight');
    await luis.keyboard.press('Shift+ArrowRight');
    expect(await luis.locator('.tok.selected').allTextContents()).toEqual(['Google', 'Analytics']);
    await luis.keyboard.press('1');
    await expect.poll(() => luis.locator('mark[data-label="PLATAFORMA"]').count()).toBe(1);
    await luis.keyboard.press('a');
    await expect.poll(() => count(luis, 'session-count')).toBe('1');
    const luisRows = (await stored('marketing_q3')).filter((r) => r._session_id === 'luis');
    expect(luisRows.map((r) => r.spans!.map((sp) => [sp.start, sp.end, sp.label]))).toEqual([[[27, 43, 'PLATAFORMA']]]);
    await luis.keyboard.press('?');
    await expect.poll(() => luis.getByRole('dialog').isVisible()).toBe(true);
    await luis.keyboard.press('Escape');
    await expect.poll(() => luis.getByRole('dialog').count()).toBe(0);
    await luis.close();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders hostile text from a PDF as text, never as HTML', async () => {
    const h = await start('hostile');
    const page = await browser.newPage();
    await page.goto(h.url);
    for (let i = 0; i < 10; i++) {
      await expect.poll(() => page.getByTestId('session-count').locator('b').textContent()).toBe(String(i));
      await page.keyboard.press(' ');
    }
    await expect.poll(() => shown(page)).toContain('<img src=x onerror="window.__xss=1">');
    expect(await page.locator('.text img, .text b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });

  it('teach mode on a narrow screen: one suggestion at a time, answered with a key', async () => {
    const tagger = new DictionaryTagger(new Map([['hubspot', { label: 'PLATAFORMA', score: 0.52 }], ['semrush', { label: 'PLATAFORMA', score: 0.9 }]]));
    const h = await start('marketing_teach', { mode: 'teach', patterns: undefined }, { predictor: tagger });
    const page = await browser.newPage({ viewport: { width: 390, height: 720 }, deviceScaleFactor: 2 });
    await page.goto(`${h.url}?session=ana`);
    await expect.poll(() => page.locator('.question').textContent()).toContain('PLATAFORMA');
    expect(await page.locator('mark').count()).toBe(1);
    expect(await page.locator('mark').textContent()).toContain('HubSpot'); // 0.52: the most uncertain first
    expect(await page.locator('mark .badge small').textContent()).toBe('model 0.52');
    if (TAKE_SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'annotate-teach-mobile.png') });
    await page.keyboard.press('a');
    await expect.poll(async () => (await stored('marketing_teach')).length).toBe(1);
    const [row] = await stored('marketing_teach');
    expect(row).toMatchObject({ answer: 'accept', _view_id: 'ner', _partial: true });
    await expect.poll(() => page.locator('mark').textContent()).toContain('Semrush');
    // Undo in teach mode: the same question comes back and the answer is gone.
    await page.keyboard.press('Backspace');
    await expect.poll(() => page.locator('mark').textContent()).toContain('HubSpot');
    expect(await stored('marketing_teach')).toHaveLength(0);
    await page.keyboard.press('x');
    await expect.poll(async () => (await stored('marketing_teach')).map((r) => r.answer)).toEqual(['reject']);
    await page.close();
  });
});
