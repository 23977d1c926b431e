import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from './index.js';

const FIX = path.join(import.meta.dirname, '__fixtures__');
let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-recycle-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('worker recycling', () => {
  it('replaces the worker threads every --recycle-after files and writes exactly what a run without it writes', async () => {
    // 18 different PDFs (an appended comment changes the bytes) of two real fixtures, read by pdf.js.
    const input = path.join(tmp, 'in');
    await mkdir(input, { recursive: true });
    for (let i = 0; i < 18; i++) {
      const name = `${String(i).padStart(2, '0')}-${i % 2 ? 'estructura' : 'tabla'}.pdf`;
      await copyFile(path.join(FIX, i % 2 ? 'estructura.pdf' : 'layout/tabla.pdf'), path.join(input, name));
      await appendFile(path.join(input, name), `% copia ${i}\n`);
    }
    const plain = await runIngest({ paths: [input], out: path.join(tmp, 'plain'), extractor: 'pdf-parse', workers: 2, recycleAfter: 0 });
    const recycled = await runIngest({ paths: [input], out: path.join(tmp, 'recycled'), extractor: 'pdf-parse', workers: 2, recycleAfter: 3 });
    expect(plain.workers_recycled).toBe(0);
    // 18 files, a fresh pair of threads every 3 files per thread (6 files): before the 7th and the 13th (none after the last).
    expect(recycled.workers_recycled).toBe(2);
    expect(recycled.files).toEqual(plain.files);
    expect(recycled.files.ok).toBe(18);
    for (const f of ['examples.jsonl', 'docs.jsonl']) {
      expect(await readFile(path.join(tmp, 'recycled', f), 'utf8'), f).toBe(await readFile(path.join(tmp, 'plain', f), 'utf8'));
    }
  }, 120_000); // two runs of 18 PDFs through pdf.js: over vitest's 5 s default on a loaded machine (timed out at load 7)
});
