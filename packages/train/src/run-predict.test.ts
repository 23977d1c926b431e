import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatConll, type Example } from '@nerflow/corpus';
import { quietContext, recordingContext } from '@nerflow/core';
import { EXAMPLES } from './__fixtures__/spanish.js';
import { loadModel, predictStream, type NerPredictor } from './predict.js';
import { runPredict } from './run-predict.js';
import { predictStage } from './stage.js';
import { trainModel } from './training/trainModel.js';

const TEXTS = [
  'Javier Torres vive en Valencia.',
  'El Banco Santander abrió una oficina en Sevilla.',
  'María García trabaja para Telefónica en Barcelona desde hace años.',
  'Ana López viajó a Bilbao.',
  'La Universidad de Salamanca abrió un nuevo centro en Granada.',
  'Pedro Sánchez se reunió con Iberdrola.',
  'Lucía Martín estudió en Toledo.',
];

let dir: string;
let model: string;
let predictor: NerPredictor;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nerflow-predict-'));
  model = path.join(dir, 'model');
  const train = path.join(dir, 'train.jsonl');
  await writeFile(train, `${EXAMPLES.map((x) => JSON.stringify(x)).join('\n')}\n`);
  await trainModel({ train, out: model, holdout: 0, width: 32, depth: 1, maxEpochs: 6, batchWords: 80, warmupSteps: 0, learnRate: 0.01, seed: 2 }, quietContext());
  predictor = await loadModel(model);
}, 300_000);
afterAll(async () => {
  predictor?.dispose();
  await rm(dir, { recursive: true, force: true });
});

async function* stream(texts: string[]): AsyncGenerator<Example> {
  for (const text of texts) yield { text, meta: { id: text.length } };
}

describe('predictStream', () => {
  it('labels every example in input order, in batches of about batchWords words, with the spans of one big batch', async () => {
    const calls: number[] = [];
    const counting = { predict: (xs: Example[], o?: { scores?: boolean }) => { calls.push(xs.length); return predictor.predict(xs, o); } } as NerPredictor;
    const out: Example[] = [];
    for await (const ex of predictStream(counting, stream(TEXTS), { batchWords: 2, scores: true })) out.push(ex);
    expect(out.map((x) => x.text)).toEqual(TEXTS);
    expect(out.map((x) => x.meta)).toEqual(TEXTS.map((t) => ({ id: t.length }))); // other keys are kept
    // No tokens yet: a text counts as length/6 words, so batchWords 2 closes a batch at every text of 12+ characters.
    expect(calls).toEqual(TEXTS.map(() => 1));
    const whole = await predictor.predict(TEXTS.map((text) => ({ text })), { scores: true });
    expect(out.map((x) => x.spans)).toEqual(whole.map((x) => x.spans));
    expect(out.flatMap((x) => x.spans!).every((s) => s.source === 'model' && s.score! > 0 && s.score! <= 1)).toBe(true);

    calls.length = 0;
    const big: Example[] = [];
    for await (const ex of predictStream(counting, stream(TEXTS), { batchWords: 10_000 })) big.push(ex);
    expect(calls).toEqual([7]); // one batch, sent at the end of the input
    expect(big.map((x) => x.spans)).toEqual(out.map((x) => x.spans));
  });

  it('yields nothing for an empty input and does not call the model', async () => {
    const calls: number[] = [];
    const counting = { predict: (xs: Example[]) => { calls.push(xs.length); return predictor.predict(xs); } } as NerPredictor;
    const out: Example[] = [];
    for await (const ex of predictStream(counting, stream([]))) out.push(ex);
    expect(out).toEqual([]);
    expect(calls).toEqual([]);
  });
});

describe('runPredict', () => {
  it('writes the predicted corpus and says what it did; CoNLL input loses its gold tags', async () => {
    const conll = path.join(dir, 'test.conll');
    const gold = EXAMPLES.slice(0, 3);
    await writeFile(conll, `${gold.map((x) => formatConll(x).trimEnd()).join('\n\n')}\n`);
    const out = path.join(dir, 'pred.jsonl');
    const ctx = recordingContext();
    const s = await runPredict({ model, input: conll, out, threads: 1 }, ctx);
    expect(s).toMatchObject({ examples: 3, out, labels: ['LOC', 'ORG', 'PER'] });
    expect(s.words).toBe(gold.reduce((a, x) => a + x.tokens!.length, 0));
    const pred = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as Example);
    expect(pred.map((x) => x.text)).toEqual(gold.map((x) => x.tokens!.map((t) => t.text).join(' '))); // CoNLL text: the tokens
    expect(pred.every((x) => !('_conll_tags' in x) && x.spans!.every((sp) => sp.source === 'model'))).toBe(true);
    expect(s.spans).toBe(pred.reduce((a, x) => a + x.spans!.length, 0));
    expect(ctx.events.at(-1)).toMatchObject({ unit: 'examples', done: 3, total: 3, phase: 'predict' });
  });

  it('uses a predictor it is given and leaves it open', async () => {
    const input = path.join(dir, 'notas.txt');
    await writeFile(input, `${TEXTS.slice(0, 2).join('\n')}\n`);
    const s = await runPredict({ model, input, out: path.join(dir, 'notas.jsonl') }, quietContext(), { predictor });
    expect(s.examples).toBe(2);
    expect((await predictor.predict([{ text: TEXTS[0]! }]))[0]!.text).toBe(TEXTS[0]); // still usable
  });

  it('refuses a PDF, an output that is its input, and a missing model, naming them', async () => {
    await expect(runPredict({ model, input: 'informe.pdf' })).rejects.toMatchObject({ code: 'E_TRAIN_PDF_INPUT', file: 'informe.pdf', hint: expect.stringContaining('nerflow ingest informe.pdf') });
    const same = path.join(dir, 'mismo.jsonl');
    await writeFile(same, `${JSON.stringify({ text: TEXTS[0] })}\n`);
    await expect(runPredict({ model, input: same, out: same })).rejects.toMatchObject({ code: 'E_OUTPUT_IS_INPUT' });
    await expect(runPredict({ model: path.join(dir, 'no-model'), input: same, out: path.join(dir, 'x.jsonl') })).rejects.toMatchObject({ code: 'E_TRAIN_NO_MODEL' });
  });
});

describe('predictStage', () => {
  it('declares the model and input it reads and the file it writes, and needs an output file', () => {
    const o = predictStage.options.parse({ model, input: 'db:marketing', out: '/p/pred.jsonl' });
    expect(predictStage.inputs(o)).toEqual([model]);
    expect(predictStage.outputs(o)).toEqual(['/p/pred.jsonl']);
    expect(predictStage.options.safeParse({ model, input: 'in.jsonl' }).success).toBe(false);
  });
});
