import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCorpus } from '@nerflow/corpus';
import { SqliteStore } from '@nerflow/store';
import { annotate } from './annotate.js';

// Issue 15: annotate reads its source with the corpus reader every stage uses (it could not read CoNLL).
const ANCORA = path.join(import.meta.dirname, '../../corpus/src/__fixtures__/ancora-es/dev-every10th.tsv');

let dir: string;
beforeEach(() => { dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-annot-src-')); });
afterEach(() => { rmSync(dir, { recursive: true, force: true }); });

async function firstTasks(source: string, db: string): Promise<string[]> {
  const h = await annotate({ dataset: `d${Math.random().toString(36).slice(2, 8)}`, source, labels: ['PER', 'LOC', 'ORG'], db, port: 0 });
  try {
    return (await h.annotator.tasks('ana', 2)).map((t) => t.text);
  } finally {
    await h.close();
  }
}

describe('annotate reads JSONL, CoNLL and db: sources alike', () => {
  it('serves the sentences of each kind of source, in order', async () => {
    const db = path.join(dir, 'anotaciones.db');
    const ancora = (await readCorpus(ANCORA)).slice(0, 2).map((x) => x.example.text);
    expect(ancora[0]).toMatch(/^Cansado pero contento/);
    expect(await firstTasks(ANCORA, db)).toEqual(ancora);

    const jsonl = path.join(dir, 'fuente.jsonl');
    const texts = ['La tienda de Ana abrió en Córdoba.', 'El Ayuntamiento de Vigo aprobó el plan.'];
    writeFileSync(jsonl, texts.map((text) => JSON.stringify({ text })).join('\n') + '\n');
    expect(await firstTasks(jsonl, db)).toEqual(texts);

    const store = new SqliteStore(db);
    await store.add('origen', texts.map((text) => ({ text, answer: 'accept' as const })).reverse());
    await store.close();
    expect(await firstTasks('db:origen', db)).toEqual([...texts].reverse());
  });

  it('a bad source line stops the start with the file and line', async () => {
    const bad = path.join(dir, 'rota.jsonl');
    writeFileSync(bad, `${JSON.stringify({ text: 'Bien.' })}\n{"text": "sin cerrar"\n`);
    await expect(firstTasks(bad, path.join(dir, 'x.db'))).rejects.toMatchObject({ code: 'E_CORPUS_BAD_JSON', file: bad, line: 2 });
  });
});
