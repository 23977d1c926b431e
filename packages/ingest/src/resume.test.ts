import { spawn } from 'node:child_process';
import { appendFile, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Example } from '@nerflow/corpus';
import { runIngest } from './run.js';
import { OutputStore } from './store.js';

const FIX = path.join(import.meta.dirname, '__fixtures__');
const lines = async (file: string) => (await readFile(file, 'utf8').catch(() => '')).split('\n').filter(Boolean);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let tmp: string;
beforeAll(async () => { tmp = await mkdtemp(path.join(os.tmpdir(), 'nerflow-resume-')); });
afterAll(async () => { await rm(tmp, { recursive: true, force: true }); });

describe('an interrupted run', () => {
  it('resumes without duplicates or losses after the process is killed mid-run', async () => {
    // 8 different PDFs (one appended comment changes the bytes; the text is the same) and 8 text files.
    const input = path.join(tmp, 'in');
    await mkdir(input, { recursive: true });
    for (let i = 0; i < 8; i++) {
      const n = String(i).padStart(2, '0');
      await copyFile(path.join(FIX, 'cabeceras.pdf'), path.join(input, `doc-${n}.pdf`));
      await appendFile(path.join(input, `doc-${n}.pdf`), `% copia ${i}\n`);
      await writeFile(path.join(input, `doc-${n}.txt`), `Informe ${i} de la campaña de verano.\n\nEn la semana ${i} el tráfico orgánico creció un ${i + 3}% y la tienda vendió ${i * 7} bolsos.\n`);
    }
    const out = path.join(tmp, 'out');
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(FIX, 'run-child.ts'), input, out, '1'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    // Kill it hard once a few documents are in, well before the end.
    for (let t = 0; t < 1200 && (await lines(path.join(out, 'docs.jsonl'))).length < 3; t++) await sleep(50);
    child.kill('SIGKILL');
    await exited;
    const before = await lines(path.join(out, 'docs.jsonl'));
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(16);

    const resumed = await runIngest({ paths: [input], out, workers: 2, extractor: 'pdf-parse' });
    expect(resumed.files.skipped_unchanged).toBeGreaterThanOrEqual(before.length - 1);
    expect(resumed.files.ok + resumed.files.skipped_unchanged).toBe(16);

    const reference = path.join(tmp, 'reference');
    await runIngest({ paths: [input], out: reference, workers: 2, extractor: 'pdf-parse' });
    const docs = (await lines(path.join(out, 'docs.jsonl'))).map((l) => JSON.parse(l) as { id: string });
    const refDocs = (await lines(path.join(reference, 'docs.jsonl'))).map((l) => JSON.parse(l) as { id: string });
    expect(docs.length).toBe(16);
    expect(new Set(docs.map((d) => d.id))).toEqual(new Set(refDocs.map((d) => d.id)));
    const hashes = (await lines(path.join(out, 'examples.jsonl'))).map((l) => (JSON.parse(l) as Example)._input_hash);
    const refHashes = (await lines(path.join(reference, 'examples.jsonl'))).map((l) => (JSON.parse(l) as Example)._input_hash);
    expect(new Set(hashes).size).toBe(hashes.length); // no duplicates
    expect(new Set(hashes)).toEqual(new Set(refHashes)); // nothing lost
  }, 180_000);

  it('cuts a half-written last line left by a kill', async () => {
    const dir = path.join(tmp, 'torn');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'examples.jsonl'), '{"text":"Hola.","_input_hash":1}\n{"text":"Adi');
    const store = await OutputStore.open(dir);
    expect(store.repairedBytes).toBe('{"text":"Adi'.length);
    expect([...store.exampleHashes]).toEqual([1]);
    store.close();
    expect(await readFile(path.join(dir, 'examples.jsonl'), 'utf8')).toBe('{"text":"Hola.","_input_hash":1}\n');
    expect((await stat(path.join(dir, 'docs.jsonl'))).size).toBe(0);
  });
});
