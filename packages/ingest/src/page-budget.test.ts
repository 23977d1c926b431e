import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PageBudget } from './page-budget.js';
import { FilePool } from './pool.js';
import type { FileResult, FileTask } from './process-file.js';
import { fixturePdfTasks } from './__fixtures__/pdf-tasks.js';

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-pages-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('PageBudget', () => {
  it('grants pages while they fit, in order, and a request larger than the cap when nothing is held', async () => {
    const budget = new PageBudget(10);
    const granted: string[] = [];
    const ask = (name: string, pages: number) => budget.acquire(pages).then(() => { granted.push(name); });
    const a = ask('a6', 6);
    const b = ask('b6', 6); // 12 > 10: waits for a
    const c = ask('c1', 1); // would fit beside a, but does not pass b
    await a;
    await Promise.resolve();
    expect(granted).toEqual(['a6']);
    budget.release(6);
    await Promise.all([b, c]);
    expect(granted).toEqual(['a6', 'b6', 'c1']);
    expect(budget.held).toBe(7);
    const big = ask('d25', 25);
    budget.release(7);
    await big;
    expect(granted.at(-1)).toBe('d25');
    expect(budget.peak).toBe(25);
  });
});

describe('FilePool with --max-pages-in-flight', () => {
  // Real Spanish fixtures read by pdf.js: cabeceras.pdf has 6 pages, columnas.pdf 2, estructura.pdf 1.
  async function tasks(): Promise<FileTask[]> {
    return fixturePdfTasks(tmp, ['cabeceras', 'columnas', 'cabeceras', 'estructura', 'columnas', 'cabeceras', 'estructura', 'columnas']);
  }

  async function runAll(cap: number, files: FileTask[]): Promise<{ peak: number; results: FileResult[] }> {
    const pool = new FilePool(2, 60_000, 512, { files: 0, heapMb: 0 }, cap);
    try {
      const results = await Promise.all(files.map((t) => pool.run(t)));
      return { peak: pool.pages.peak, results };
    } finally {
      await pool.close();
    }
  }

  const examples = (results: FileResult[]) => results.map((r) => (r.ok ? r.exampleLines : [r.code]));

  it('never reads more pages at once than the cap, runs a file larger than the cap alone, and gives the same examples', async () => {
    const files = await tasks();
    const free = await runAll(0, files);
    const capped = await runAll(7, files); // 6 + 1 fits, 6 + 2 and 6 + 6 do not
    const tight = await runAll(4, files); // cabeceras (6 pages) is larger than the cap: it runs alone
    for (const run of [free, capped, tight]) expect(run.results.every((r) => r.ok)).toBe(true);
    expect(capped.peak).toBeLessThanOrEqual(7);
    expect(capped.peak).toBeGreaterThanOrEqual(6);
    expect(tight.peak).toBe(6);
    expect(examples(capped.results)).toEqual(examples(free.results));
    expect(examples(tight.results)).toEqual(examples(free.results));
    expect(examples(free.results).flat().join('\n')).toMatch(/\p{L}{4,}/u);
  }, 120_000);
});
