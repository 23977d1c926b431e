import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { Example } from '@nerflow/corpus';
import { annotate } from '@nerflow/annotate';
import { SqliteStore } from '@nerflow/store';
import '@nerflow/train'; // registers the 'ner' and 'gliner' model loaders, as the CLI does on first use
// The browser helpers of the annotate e2e tests (see annotate-terms.e2e.test.ts).
import { CHROMIUM, HAVE_CHROMIUM, LAUNCH_ARGS, SCREENSHOT_DIR, TAKE_SCREENSHOTS, buildUi } from '../../annotate/test/browser-helpers.js';

/** The tiny GLiNER-shaped ONNX model built by packages/train/fixtures/make_tiny_gliner.py. */
const GLINER = fileURLToPath(new URL('../../train/fixtures/tiny-gliner-es', import.meta.url));
const SENTENCES = ['Luis viajó de Madrid a Sevilla el lunes.', 'Ana trabaja en Telefónica desde el martes.'];

describe.skipIf(!HAVE_CHROMIUM)('zero-shot suggestions (GLiNER loader) in correct and teach mode, in Chromium', () => {
  let dir: string, uiDir: string, store: SqliteStore, browser: Browser;
  const handles: { close(): Promise<void> }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-zeroshot-e2e-'));
    writeFileSync(path.join(dir, 'fuente.jsonl'), SENTENCES.map((text) => JSON.stringify({ text })).join('\n'));
    uiDir = await buildUi();
    store = new SqliteStore(path.join(dir, 'z.db'));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: LAUNCH_ARGS });
  });
  afterAll(async () => {
    for (const h of handles) await h.close();
    await browser?.close();
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(uiDir, { recursive: true, force: true });
  });

  const start = async (dataset: string, mode: 'correct' | 'teach') => {
    const h = await annotate({ dataset, source: path.join(dir, 'fuente.jsonl'), labels: ['LUGAR', 'PERSONA'], mode, loader: 'gliner', model: GLINER, port: 0 }, undefined, { store, uiDir });
    handles.push(h);
    return h;
  };

  it('correct: the model\'s spans for labels it was never trained on are pre-filled and stored', async () => {
    const h = await start('viajes', 'correct');
    const page = await browser.newPage({ viewport: { width: 900, height: 420 } });
    await page.goto(h.url);
    await expect.poll(() => page.locator('mark[data-source="model"]').count()).toBe(3);
    expect(await page.locator('mark').evaluateAll((ms) => ms.map((m) => m.getAttribute('data-label')))).toEqual(['PERSONA', 'LUGAR', 'LUGAR']);
    if (TAKE_SCREENSHOTS) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'annotate-zeroshot.png') });
    }
    await page.keyboard.press('a');
    const rows: Example[] = [];
    await expect.poll(async () => { rows.length = 0; for await (const e of store.examples('viajes')) rows.push(e); return rows.length; }).toBe(1);
    expect(rows[0]!.spans!.map((s) => [s.start, s.end, s.label, s.source])).toEqual([[0, 4, 'PERSONA', 'model'], [14, 20, 'LUGAR', 'model'], [23, 30, 'LUGAR', 'model']]);
    await page.close();
  });

  it('teach: one zero-shot span at a time, with its probability', async () => {
    const h = await start('viajes_teach', 'teach');
    const page = await browser.newPage();
    await page.goto(h.url);
    await expect.poll(() => page.locator('.question').textContent()).toMatch(/Is this a (LUGAR|PERSONA)\?/);
    expect(await page.locator('mark').count()).toBe(1);
    expect(await page.locator('mark .badge small').textContent()).toMatch(/^model (0\.9\d|1\.00)$/);
    await page.keyboard.press('x');
    const rows: Example[] = [];
    await expect.poll(async () => { rows.length = 0; for await (const e of store.examples('viajes_teach')) rows.push(e); return rows.map((r) => r.answer); }).toEqual(['reject']);
    expect(rows[0]).toMatchObject({ _view_id: 'ner', _partial: true });
    await page.close();
  });
});
