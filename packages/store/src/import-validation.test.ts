import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tokenize, type Example } from '@nerflow/corpus';
import { SqliteStore } from './sqlite-store.js';
import { importFile } from './transfer.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-import-'));
  store = new SqliteStore(path.join(dir, 'a.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const ok = (text: string): Example => ({ text, tokens: tokenize(text), spans: [], answer: 'accept' });

describe('db import validates like nerflow validate (issue 17 #8)', () => {
  it('refuses an out-of-range span naming file:line, and stores nothing of the file', async () => {
    const file = path.join(dir, 'in.jsonl');
    const bad = { ...ok('Ana vive en Madrid.'), spans: [{ start: 12, end: 40, label: 'LOC' }] };
    writeFileSync(file, [ok('El Prado abrió en Sevilla.'), ok('Cervantes nació en Alcalá.'), bad].map((r) => JSON.stringify(r)).join('\n') + '\n');
    await expect(importFile(store, 'noticias', file)).rejects.toMatchObject({ code: 'E_CORPUS_SPAN_OUT_OF_RANGE', file, line: 3 });
    expect(await store.getDataset('noticias').then((d) => d?.examples ?? 0)).toBe(0);
  });

  it('refuses overlapping spans', async () => {
    const file = path.join(dir, 'overlap.jsonl');
    const text = 'Banco de España subió los tipos.';
    const tokens = tokenize(text);
    writeFileSync(file, `${JSON.stringify({ text, tokens, answer: 'accept', spans: [
      { start: 0, end: 15, token_start: 0, token_end: 2, label: 'ORG' }, { start: 9, end: 15, token_start: 2, token_end: 2, label: 'LOC' },
    ] })}\n`);
    await expect(importFile(store, 'noticias', file)).rejects.toMatchObject({ code: 'E_CORPUS_SPAN_OVERLAP', line: 1 });
  });

  it('imports a valid file', async () => {
    const file = path.join(dir, 'good.jsonl');
    writeFileSync(file, [ok('El Prado abrió en Sevilla.')].map((r) => JSON.stringify(r)).join('\n'));
    expect(await importFile(store, 'noticias', file)).toEqual({ added: 1, existing: 0 });
  });
});
