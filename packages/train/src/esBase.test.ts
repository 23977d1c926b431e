import { quietContext, resolveModelDir, type CommandContext } from '@nerflow/core';
import { prf, readConll, tokenize, type Example } from '@nerflow/corpus';
import { writeJsonl } from '@nerflow/corpus';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { commands } from './cli.js';
import { loadModel } from './predict.js';
import { trainModel } from './training/trainModel.js';

const entities = (ex: Example) => (ex.spans ?? []).map((s) => `${[...ex.text].slice(s.start, s.end).join('')}/${s.label}`);
const TEXT = 'El presidente del Gobierno, Pedro Sánchez, se reunió en Barcelona con la directiva de Telefónica.';

/** es-base ships in the repo as @nerflow/model-es-base: used by name, no network. */
describe('es-base', () => {
  it('loads by name and finds the obvious entities in real Spanish text', async () => {
    expect(resolveModelDir('es-base')).toMatch(/model-es-base[/\\]model$/);
    const model = await loadModel('es-base');
    expect(model.labels).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
    const [ex] = await model.predict([{ text: TEXT }]);
    expect(entities(ex!)).toEqual(expect.arrayContaining(['Pedro Sánchez/PER', 'Barcelona/LOC', 'Telefónica/ORG']));
  });

  it('scores as its model card says on the AnCora test sample that ships with the example (a broken model fails here)', async () => {
    // 299 AnCora test sentences (CC BY 4.0), in the repo: no ../shared needed. es-base scores 83.5 on them.
    const sample = join(import.meta.dirname, '../../../examples/marketing-es/old-types/ancora-test-sample.conll');
    const gold: Example[] = [];
    for await (const ex of readConll(sample)) gold.push(ex);
    expect(gold).toHaveLength(299);
    const model = await loadModel('es-base');
    const pred = await model.predict(gold.map(({ text, tokens }) => ({ text, tokens })));
    const key = (s: { token_start: number; token_end: number; label: string }) => `${s.token_start}:${s.token_end}:${s.label}`;
    let tp = 0, fp = 0, fn = 0;
    gold.forEach((g, i) => {
      const want = new Set((g.spans ?? []).map(key));
      const got = new Set((pred[i]!.spans ?? []).map(key));
      for (const k of got) if (want.has(k)) tp++; else fp++;
      for (const k of want) if (!got.has(k)) fn++;
    });
    expect(prf(tp, fp, fn).f).toBeGreaterThan(0.8);
  });

  it('predicts what it predicted when it was built, span for span (the shipped folder still loads as written)', async () => {
    // Written by packages/model-es-base/scripts/golden.mjs when the folder was built: spans exact, scores to 4 decimals.
    const golden = JSON.parse(readFileSync(join(import.meta.dirname, '__fixtures__/es-base-predictions.json'), 'utf8')) as { sentences: number; spans: string[] };
    const sample = join(import.meta.dirname, '../../../examples/marketing-es/old-types/ancora-test-sample.conll');
    const docs: Example[] = [];
    for await (const ex of readConll(sample)) if (docs.length < golden.sentences) docs.push(ex);
    const model = await loadModel('es-base');
    const pred = await model.predict(docs.map(({ text, tokens }) => ({ text, tokens })));
    model.dispose();
    const parse = (row: string) => (row ? row.split(' ') : []).map((s) => s.split(':'));
    pred.forEach((p, i) => {
      const want = parse(golden.spans[i]!);
      expect((p.spans ?? []).map((s) => `${s.token_start}:${s.token_end}:${s.label}`)).toEqual(want.map((w) => w.slice(0, 3).join(':')));
      // scores within float rounding of another backend (wasm / native products sum in other orders)
      (p.spans ?? []).forEach((s, k) => expect(Math.abs(s.score! - Number(want[k]![3]))).toBeLessThanOrEqual(2e-3));
    });
    expect(golden.spans.join(' ').split(' ').filter(Boolean)).toHaveLength(119);
  });

  it('takes a new type with --base es-base and keeps the old labels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-esbase-'));
    const sentences = [
      'La campaña de Instagram funcionó mejor que la de Facebook en Madrid.',
      'Las tiendas de Sevilla venden en Shopify y anuncian sus productos en Instagram.',
      'María López gestiona la cuenta de TikTok de Iberia desde Valencia.',
      'El equipo de marketing de Zara mide el alcance de sus vídeos en YouTube.',
    ];
    const platforms = ['Instagram', 'Facebook', 'Shopify', 'TikTok', 'YouTube'];
    const train = sentences.map((text) => ({
      text, answer: 'accept' as const,
      spans: tokenize(text).filter((t) => platforms.includes(t.text)).map((t) => ({ start: t.start, end: t.end, label: 'PLATAFORMA' })),
    }));
    await writeJsonl(join(dir, 'train.jsonl'), train);
    await trainModel({
      train: join(dir, 'train.jsonl'), base: 'es-base', rehearsal: join(dir, 'train.jsonl'), rehearsalRatio: 1,
      out: join(dir, 'model'), maxEpochs: 3, patience: 0, warmupSteps: 0, batchWords: 30, seed: 0,
    }, quietContext());
    // Rehearsal draws from the user's text and from the AnCora sample es-base ships (4 + 4 sentences);
    // "Instagram" & co. are never rehearsed as ORG or MISC: the user called them PLATAFORMA.
    const meta = JSON.parse(readFileSync(join(dir, 'model', 'meta.json'), 'utf8'));
    expect(meta.transfer.rehearsal).toMatchObject({ examples: 8, protectedTexts: 5 });
    expect(meta.transfer.rehearsal.baseText).toMatch(/model-es-base[/\\]model[/\\]rehearsal$/);
    const model = await loadModel(join(dir, 'model'));
    expect(model.labels).toEqual(['LOC', 'MISC', 'ORG', 'PER', 'PLATAFORMA']);
    const [ex] = await model.predict([{ text: TEXT }]);
    expect(entities(ex!)).toEqual(expect.arrayContaining(['Pedro Sánchez/PER', 'Barcelona/LOC']));
  }, 300_000);

  it('without --rehearsal, rehearses on the AnCora sentences es-base ships only (never on the user\'s text)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-esbase-own-'));
    const text = 'La marca publicó tres vídeos en TikTok y dos en YouTube durante la campaña.';
    const spans = tokenize(text).filter((t) => ['TikTok', 'YouTube'].includes(t.text)).map((t) => ({ start: t.start, end: t.end, label: 'PLATAFORMA' }));
    await writeJsonl(join(dir, 'train.jsonl'), [{ text, spans, answer: 'accept' }, { text: TEXT, spans: [], answer: 'accept' }]);
    await trainModel({ train: join(dir, 'train.jsonl'), base: 'es-base', rehearsalRatio: 3, out: join(dir, 'model'), maxEpochs: 1, patience: 0, warmupSteps: 0, seed: 0 }, quietContext());
    const { rehearsal } = JSON.parse(readFileSync(join(dir, 'model', 'meta.json'), 'utf8')).transfer;
    expect(rehearsal).toMatchObject({ source: null, examples: 6, ratio: 3 }); // 3 x 2 training sentences, all from es-base's text
    expect(rehearsal.baseText).toMatch(/model-es-base[/\\]model[/\\]rehearsal$/);
    await trainModel({ train: join(dir, 'train.jsonl'), base: 'es-base', rehearsalRatio: 0, out: join(dir, 'none'), maxEpochs: 1, patience: 0, warmupSteps: 0, seed: 0 }, quietContext());
    expect(JSON.parse(readFileSync(join(dir, 'none', 'meta.json'), 'utf8')).transfer.rehearsal).toMatchObject({ examples: 0 });
  }, 300_000);

  it('`nerflow predict es-base FILE` works by name, and a PDF gets the ingest-first recipe', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-esbase-cli-'));
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (d) => { text += d; });
    const ctx = { ...quietContext(), stdout, stderr: new PassThrough(), stdin: new PassThrough(), verbose: false, isTTY: false } as CommandContext;
    const predict = commands.find((c) => c.name === 'predict')!;
    const input = join(dir, 'noticias.txt');
    writeFileSync(input, `${TEXT}\nLa Real Academia Española publicó el diccionario en Madrid.\n`);
    const out = join(dir, 'pred.jsonl');
    await predict.run(predict.options.parse({ model: 'es-base', input, out }), ctx);
    const docs = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Example);
    expect(docs).toHaveLength(2);
    expect(entities(docs[0]!)).toEqual(expect.arrayContaining(['Pedro Sánchez/PER', 'Barcelona/LOC']));
    expect(entities(docs[1]!)).toContain('Madrid/LOC');
    expect(text).toMatch(/2 examples, \d+ words, \d+ entities/);
    await expect(predict.run(predict.options.parse({ model: 'es-base', input: join(dir, 'informe.pdf') }), ctx))
      .rejects.toMatchObject({ code: 'E_TRAIN_PDF_INPUT', hint: expect.stringContaining('nerflow ingest') });
  });
});
