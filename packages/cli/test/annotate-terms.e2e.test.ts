import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { Example } from '@nerflow/corpus';
import { annotate, type AnnotateHandle } from '@nerflow/annotate';
import { SqliteStore } from '@nerflow/store';
import { quietContext } from '@nerflow/core';
import { loadVectors, termsToPatternsSchema, termsToPatternsStage } from '@nerflow/terms';
import { registerTermTeacher } from '../src/term-services.js';
// The browser helpers of the annotate e2e tests (a test file reaching a sibling's test helpers:
// one place that knows how to find Chromium and build the page).
import { CHROMIUM, HAVE_CHROMIUM, LAUNCH_ARGS, SCREENSHOT_DIR, TAKE_SCREENSHOTS, buildUi } from '../../annotate/test/browser-helpers.js';

/** Spanish computing vocabulary in clusters: a word is its cluster's direction plus seeded noise. */
const CLUSTERS: Record<string, string[]> = {
  lenguaje: ['python', 'java', 'javascript', 'haskell', 'pascal', 'cobol', 'visual_basic', 'ruby', 'fortran'],
  protocolo: ['tcp', 'udp', 'http', 'ftp', 'smtp', 'ssh'],
  general: ['casa', 'alumno', 'profesor', 'examen', 'asignatura', 'universidad', 'tema'],
};
const clusterOf = (display: string) => Object.entries(CLUSTERS).find(([, ws]) => ws.includes(display.toLowerCase().replace(/ /g, '_')))?.[0];

function vecText(dim = 12, seed = 7): string {
  let a = seed >>> 0;
  const rand = () => { a = (a + 0x6d2b79f5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const gauss = () => Math.sqrt(-2 * Math.log(rand() + 1e-12)) * Math.cos(2 * Math.PI * rand());
  const lines: string[] = [];
  for (const words of Object.values(CLUSTERS)) {
    const centre = Array.from({ length: dim }, gauss);
    for (const w of words) lines.push(`${w} ${centre.map((c) => (c + 0.3 * gauss()).toFixed(5)).join(' ')}`);
  }
  return `${lines.length} ${dim}\n${lines.join('\n')}\n`;
}

describe.skipIf(!HAVE_CHROMIUM)('terms mode of annotate in a real browser (Chromium), with terms\' teach loop', () => {
  let dir: string, uiDir: string, store: SqliteStore, browser: Browser, h: AnnotateHandle, vectors: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-terms-e2e-'));
    writeFileSync(path.join(dir, 'v.vec'), vecText());
    vectors = path.join(dir, 'v.nfv');
    await loadVectors({ file: path.join(dir, 'v.vec'), out: vectors });
    await registerTermTeacher();
    uiDir = await buildUi();
    store = new SqliteStore(path.join(dir, 'terms.db'));
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

  const term = (page: Page) => page.locator('.task mark').evaluate((m) => {
    const copy = m.cloneNode(true) as HTMLElement;
    copy.querySelectorAll('.badge').forEach((b) => b.remove());
    return copy.textContent ?? '';
  });
  /** ana's records. */
  const stored = async () => { const out: Example[] = []; for await (const e of store.examples('lenguajes', { session: 'ana' })) out.push(e); return out; };

  it('asks the seeds first (a rejected seed is no pattern), accepts and rejects terms with keys, undoes, resumes after a reload, and to-patterns reads the dataset', async () => {
    h = await annotate({ dataset: 'lenguajes', mode: 'terms', labels: ['LENGUAJE'], vectors, seeds: 'python,java,alumno', port: 0 }, undefined, { store, uiDir });
    const page = await browser.newPage({ viewport: { width: 900, height: 560 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${h.url}?session=ana`);
    await expect.poll(() => page.locator('.question').textContent()).toBe('Is this a LENGUAJE term?');
    expect(await page.locator('.task mark .badge small').textContent()).toBe('seed');
    if (TAKE_SCREENSHOTS) {
      mkdirSync(SCREENSHOT_DIR, { recursive: true });
      await page.screenshot({ path: path.join(SCREENSHOT_DIR, 'annotate-terms.png') });
    }
    // The seeds come first, marked as seeds: python and java are kept, alumno (given only to steer) is rejected.
    const seeds: string[] = [];
    for (let i = 0; i < 3; i++) {
      await expect.poll(async () => (await page.getByTestId('session-count').locator('b').textContent())).toBe(String(i));
      expect(await page.locator('.task mark .badge small').textContent()).toBe('seed');
      const t = await term(page);
      seeds.push(t);
      await page.keyboard.press(t === 'alumno' ? 'x' : 'a');
    }
    expect(seeds).toEqual(['python', 'java', 'alumno']);
    // A user who wants programming languages: 6 answers, as the terminal loop would get them.
    const answered: [string, string][] = [];
    for (let i = 3; i < 9; i++) {
      await expect.poll(async () => (await page.getByTestId('session-count').locator('b').textContent())).toBe(String(i));
      const t = await term(page);
      const key = clusterOf(t) === 'lenguaje' ? 'a' : 'x';
      answered.push([t, key === 'a' ? 'accept' : 'reject']);
      await page.keyboard.press(key);
    }
    await expect.poll(async () => (await stored()).length).toBe(9); // 3 seeds + 6 answers
    // The nearest terms to python+java are the other languages (the clusters are well apart).
    expect(answered.every(([, a]) => a === 'accept')).toBe(true);
    // Undo: the last term comes back and its record is deleted (once the page shows the next term).
    await expect.poll(async () => (await page.getByTestId('session-count').locator('b').textContent())).toBe('9');
    const before = await term(page);
    expect(before).not.toBe(answered[5]![0]);
    await page.keyboard.press('Backspace');
    await expect.poll(() => term(page)).toBe(answered[5]![0]);
    expect((await stored()).map((r) => r.text)).not.toContain(answered[5]![0]);
    await page.keyboard.press('x');
    await expect.poll(async () => (await stored()).find((r) => r.text === answered[5]![0])?.answer).toBe('reject');
    await expect.poll(() => term(page)).toBe(before); // the term shown before the undo is next again
    expect(await page.getByTestId('terms-tally').textContent()).toBe('accepted 7 · rejected 2 · ignored 0');

    // Resume: a reload shows the same next term; nothing answered is asked again.
    await page.reload();
    await expect.poll(() => term(page)).toBe(before);
    expect(errors).toEqual([]);
    await page.close();

    const rows = await stored();
    expect(rows.filter((r) => (r.meta as { seed?: boolean }).seed).map((r) => r.text).sort()).toEqual(['alumno', 'java', 'python']);
    expect(rows.find((r) => r.text === 'alumno')?.answer).toBe('reject');
    expect(rows.every((r) => r.label === 'LENGUAJE' && (r.meta as { source: string }).source === 'terms.teach' && r._session_id === 'ana')).toBe(true);

    // The dataset is what `nerflow terms to-patterns` reads, as from the terminal loop.
    const out = path.join(dir, 'patrones.jsonl');
    await h.close();
    const r = await termsToPatternsStage.run(termsToPatternsSchema.parse({ dataset: 'lenguajes', label: 'LENGUAJE', out, db: path.join(dir, 'terms.db') }), quietContext());
    expect(r).toMatchObject({ terms: 7 });
    const patterns = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { label: string; pattern: { lower: string }[] });
    expect(patterns.map((p) => p.pattern.map((t) => t.lower).join(' ')).filter((p) => clusterOf(p) !== 'lenguaje')).toEqual([]);
    expect(patterns.some((p) => p.pattern[0]!.lower === 'python')).toBe(true);
    expect(patterns.some((p) => p.pattern[0]!.lower === 'alumno')).toBe(false); // the rejected seed
  });

  it('refuses a terms session without --vectors or with several labels', async () => {
    await expect(annotate({ dataset: 'x', mode: 'terms', labels: ['LENGUAJE', 'PROTOCOLO'], vectors, port: 0 }, undefined, { store, uiDir }))
      .rejects.toMatchObject({ code: 'E_ANNOTATE_BAD_OPTIONS' });
    await expect(annotate({ dataset: 'x', mode: 'terms', labels: ['LENGUAJE'], port: 0 }, undefined, { store, uiDir }))
      .rejects.toMatchObject({ code: 'E_ANNOTATE_BAD_OPTIONS' });
  });
});
