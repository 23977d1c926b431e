import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openExamples, readCorpus, tokenize, type Example } from '@nerflow/corpus';
import { SqliteStore } from './sqlite-store.js';
import { exportFile, importFile } from './transfer.js';
import { dbSourceReader } from './read-source.js'; // importing it registers db:
import { entityAgreement } from './agreement.js';

let dir: string;
let store: SqliteStore;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'nerflow-transfer-'));
  store = new SqliteStore(path.join(dir, 'a.db'));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const sentences = [
  'Según HubSpot, el coste por lead bajó a 3,20 € en España.',
  'Con Semrush medimos el tráfico orgánico de la web 🚀 cada semana.',
  'La agencia de Valencia usa Google Analytics 4 y Looker Studio.',
];
const records: Example[] = sentences.map((text, i) => ({
  text, tokens: tokenize(text), spans: [], answer: i === 1 ? 'reject' : 'accept', meta: { source: `informe-${i}.pdf` }, custom_key: i,
}));

describe('importFile / exportFile', () => {
  it('imports corpus JSONL once (a second import adds nothing) and exports it back unchanged', async () => {
    const file = path.join(dir, 'in.jsonl');
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    expect(await importFile(store, 'marketing', file)).toEqual({ added: 3, existing: 0 });
    expect(await importFile(store, 'marketing', file)).toEqual({ added: 0, existing: 3 });
    const out = path.join(dir, 'out', 'export.jsonl.gz');
    expect(await exportFile(store, 'marketing', out)).toBe(3);
    const back: Example[] = [];
    for await (const ex of openExamples(out)) back.push(ex);
    expect(back.map((b) => [b.text, b.answer, b.meta, b.custom_key])).toEqual(records.map((r) => [r.text, r.answer, r.meta, r.custom_key]));
    expect(back[1]!.tokens).toEqual(records[1]!.tokens); // emoji line: code-point offsets kept as stored
  });

  it('names the file and line of a bad record and stores nothing from a failed batch', async () => {
    const file = path.join(dir, 'bad.jsonl');
    writeFileSync(file, `${JSON.stringify(records[0])}\n{"text": "sin cerrar"\n`);
    await expect(importFile(store, 'marketing', file)).rejects.toMatchObject({ file, line: 2 });
    expect((await store.getDataset('marketing'))?.examples ?? 0).toBe(0); // checked whole first: not even created
  });

  it('exports one session or one answer only', async () => {
    await store.add('d', records, { session: 'ana' });
    await store.add('d', [records[0]!], { session: 'luis' });
    const out = path.join(dir, 'luis.jsonl');
    expect(await exportFile(store, 'd', out, { session: 'luis' })).toBe(1);
    expect(JSON.parse(readFileSync(out, 'utf8'))._session_id).toBe('luis');
    expect(await exportFile(store, 'd', out, { answer: 'reject' })).toBe(1);
  });
});

describe('db:DATASET through openCorpus (the reader the store registers)', () => {
  it('reads db:NAME from the database openCorpus is given (--db), every answer, located at the spec', async () => {
    await store.add('marketing', records);
    await store.close();
    const got = await readCorpus('db:marketing', { db: path.join(dir, 'a.db') });
    expect(got.map((x) => [x.example.text, x.example.answer, x.source])).toEqual(records.map((r) => [r.text, r.answer, 'db:marketing']));
    store = new SqliteStore(path.join(dir, 'a.db'));
  });

  it('reads from an open store and filters by answer with dbSourceReader', async () => {
    await store.add('marketing', records);
    const accepted = await readCorpus('db:marketing', { readers: { db: dbSourceReader({ store, answer: 'accept' }) } });
    expect(accepted.map((x) => x.example.text)).toEqual([sentences[0], sentences[2]]);
  });

  it('fails for an unknown dataset naming the spec and listing the datasets there', async () => {
    await store.add('marketing', records);
    await expect(readCorpus('db:marketng', { readers: { db: dbSourceReader({ store }) } }))
      .rejects.toMatchObject({ code: 'E_STORE_NO_DATASET', file: 'db:marketng', hint: expect.stringContaining('marketing') });
  });

  it('imports a CoNLL file and a db: dataset of the same database, as every stage reads them', async () => {
    const conll = path.join(dir, 'ancora.conll');
    writeFileSync(conll, 'Ana B-PER\nvive O\nen O\nGranada B-LOC\n.\tO\n\nLuis B-PER\nviaja O\n.\tO\n');
    expect(await importFile(store, 'gold', conll)).toEqual({ added: 2, existing: 0 });
    expect(await importFile(store, 'copia', 'db:gold')).toEqual({ added: 2, existing: 0 });
    const copied: Example[] = [];
    for await (const ex of store.examples('copia')) copied.push(ex);
    expect(copied.map((x) => x.spans!.map((s) => s.label))).toEqual([['PER', 'LOC'], ['PER']]);
  });
});

describe('entityAgreement', () => {
  it('computes entity F1 between sessions on shared inputs, symmetric and per label', async () => {
    const text = 'Google Ads y Meta Ads subieron el CTR en Madrid.';
    const span = (start: number, end: number, label: string) => ({ start, end, token_start: 0, token_end: 0, label });
    const ana = { text, answer: 'accept', spans: [span(0, 10, 'PLATAFORMA'), span(13, 21, 'PLATAFORMA'), span(34, 37, 'METRICA')] };
    const luis = { text, answer: 'accept', spans: [span(0, 10, 'PLATAFORMA'), span(13, 21, 'PLATAFORMA'), span(41, 47, 'LOC')] };
    await store.add('d', [ana as Example], { session: 'ana' });
    await store.add('d', [luis as Example], { session: 'luis' });
    await store.add('d', [{ text: 'Solo Ana lo vio.', answer: 'accept' }], { session: 'ana' });
    const all: Example[] = [];
    for await (const ex of store.examples('d')) all.push(ex);
    const r = entityAgreement(all);
    expect(r.sessions).toEqual(['ana', 'luis']);
    expect(r.pairs).toHaveLength(1);
    expect(r.pairs[0]).toMatchObject({ shared: 1, f1: 4 / 6 });
    expect(r.perLabel.PLATAFORMA!.f1).toBe(1);
    expect(r.perLabel.METRICA!.f1).toBe(0);
    expect(entityAgreement([...all].reverse()).f1).toBeCloseTo(r.f1, 12);
    // Sessions that never answered the same text have no agreement to report (not a perfect one).
    const apart = entityAgreement([{ ...all[2]!, _session_id: 'ana' }, { ...all[1]!, text: 'Otro texto.', _input_hash: 7, _session_id: 'marta' }]);
    expect(apart.pairs[0]!.shared).toBe(0);
    expect(apart.f1).toBeNaN();
  });
});
