import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestErrors } from './errors.js';
import { ingestOptionsSchema } from './options.js';
import { FilePool, type HeapLimits } from './pool.js';
import type { FileResult, FileTask } from './process-file.js';
import { fixturePdfTasks } from './__fixtures__/pdf-tasks.js';

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-heap-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

// Real Spanish fixtures read by pdf.js (6, 2 and 1 pages), distinct bytes.
async function tasks(): Promise<FileTask[]> {
  return fixturePdfTasks(tmp, ['cabeceras', 'columnas', 'estructura', 'cabeceras']);
}

async function runAll(maxMemoryMb: number, limits: HeapLimits, files: FileTask[]): Promise<{ retried: number; results: FileResult[] }> {
  const pool = new FilePool(2, 60_000, maxMemoryMb, { files: 0, heapMb: 0 }, 0, limits);
  try {
    const results = await Promise.all(files.map((t) => pool.run(t)));
    return { retried: pool.retried, results };
  } finally {
    await pool.close();
  }
}

const examples = (results: FileResult[]) => results.map((r) => (r.ok ? r.exampleLines : [r.code]));

describe('FilePool with a heap cap below --max-memory (--worker-heap)', () => {
  // 16 MB of old generation loads the modules but is too little to parse these PDFs (measured:
  // 32 MB is too little for the 1-page one when run from source), so each file runs out once.
  it('reads a file that runs out of memory under the cap again with --max-memory and gives the same examples', async () => {
    const files = await tasks();
    const free = await runAll(512, {}, files);
    const capped = await runAll(512, { oldMb: 16 }, files);
    expect(free.retried).toBe(0);
    expect(capped.retried).toBe(4);
    expect(capped.results.every((r) => r.ok)).toBe(true);
    expect(examples(capped.results)).toEqual(examples(free.results));
    expect(examples(free.results).flat().join('\n')).toMatch(/\p{L}{4,}/u);
  }, 120_000); // fresh worker threads through pdf.js from source, on a shared machine

  it('reports a file that also runs out of memory with --max-memory, after one retry', async () => {
    const [task] = await tasks();
    const { retried, results: [r] } = await runAll(24, { oldMb: 16 }, [task!]);
    expect(r).toMatchObject({ ok: false, code: IngestErrors.EXTRACT_FAILED, message: expect.stringMatching(/ran out of memory/) });
    expect(retried).toBe(1);
  }, 60_000);

  it('takes --worker-heap 0 or at least 64 MB (a lower cap cannot load the worker modules)', () => {
    expect(ingestOptionsSchema.parse({ paths: ['a'], out: 'b', workerHeap: 0 }).workerHeap).toBe(0);
    expect(ingestOptionsSchema.parse({ paths: ['a'], out: 'b', workerHeap: 128 }).workerHeap).toBe(128);
    expect(ingestOptionsSchema.safeParse({ paths: ['a'], out: 'b', workerHeap: 16 }).success).toBe(false);
  });
});
