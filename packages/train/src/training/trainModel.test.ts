import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatConll } from '@nerflow/corpus';
import { modelLoaders, quietContext, trainers, type CommandContext } from '@nerflow/core';
import { trainModel } from './trainModel.js';
import { loadModel } from '../predict.js';
import { commands } from '../cli.js';
import '../register.js'; // fills core's modelLoaders and trainers, as importing @nerflow/train does
import { EXAMPLES, fromMarkup } from '../__fixtures__/spanish.js';

const FAST = { width: 32, depth: 2, maxEpochs: 4, batchWords: 80, warmupSteps: 0, learnRate: 0.01 };
const jsonl = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';

describe('trainModel', () => {
  let dir: string;
  let train: string;
  let dev: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-trainmodel-'));
    train = path.join(dir, 'train.jsonl');
    dev = path.join(dir, 'dev.jsonl');
    await writeFile(train, jsonl(EXAMPLES.slice(0, 9)));
    await writeFile(dev, jsonl(EXAMPLES.slice(9)));
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('trains from corpus JSONL and writes a self-describing model folder', async () => {
    const out = path.join(dir, 'm1');
    const s = await trainModel({ train, dev, out, seed: 3, ...FAST }, quietContext());
    expect(s.labels).toEqual(['LOC', 'ORG', 'PER']);
    expect(s.epochs).toBe(4);
    for (const f of ['config.json', 'meta.json', 'head/weights.bin', 'tok2vec/weights.bin', 'tok2vec/config.json']) expect(existsSync(path.join(out, f))).toBe(true);
    const config = JSON.parse(await readFile(path.join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ format: 'nerflow.ner', formatVersion: 1, scheme: 'BILUO', encoder: { type: 'tok2vec' }, training: { seed: 3, width: 32 } });
    const meta = JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8'));
    expect(meta.epochs).toHaveLength(4);
    expect(meta.data.train.examples).toBe(9);
  });

  it('reads CoNLL files too', async () => {
    const conll = path.join(dir, 'train.conll');
    await writeFile(conll, EXAMPLES.map((e) => formatConll(e)).join('\n'));
    const s = await trainModel({ train: conll, out: path.join(dir, 'm2'), ...FAST, maxEpochs: 1 });
    expect(s.trainDocs).toBe(EXAMPLES.length);
    expect(s.labels).toEqual(['LOC', 'ORG', 'PER']);
  });

  it('names the file and line of a dev example with an unknown label', async () => {
    const bad = path.join(dir, 'dev-bad.jsonl');
    await writeFile(bad, jsonl([EXAMPLES[0], fromMarkup('La [Copa del Rey](EVENT) empezó en [Madrid](LOC).')]));
    await expect(trainModel({ train, dev: bad, out: path.join(dir, 'x'), ...FAST })).rejects.toMatchObject({
      code: 'E_TRAIN_UNKNOWN_LABEL', file: bad, line: 2, hint: expect.stringContaining('LOC, ORG, PER'),
    });
  });

  it('rejects a span whose offsets do not match its tokens', async () => {
    const bad = path.join(dir, 'train-misaligned.jsonl');
    const ex = fromMarkup('[Juan Pérez](PER) vive en Madrid.');
    ex.spans![0] = { ...ex.spans![0]!, start: 1 }; // "uan Pérez"
    await writeFile(bad, jsonl([EXAMPLES[0], ex]));
    await expect(trainModel({ train: bad, out: path.join(dir, 'x'), ...FAST })).rejects.toMatchObject({ code: 'E_TRAIN_MISALIGNED_SPAN', file: bad, line: 2 });
  });

  it('refuses an empty training set and one without entities', async () => {
    const empty = path.join(dir, 'empty.jsonl');
    await writeFile(empty, '');
    await expect(trainModel({ train: empty, out: path.join(dir, 'x') })).rejects.toMatchObject({ code: 'E_TRAIN_EMPTY' });
    const plain = path.join(dir, 'plain.jsonl');
    await writeFile(plain, jsonl([{ text: 'No hay entidades aquí.' }]));
    await expect(trainModel({ train: plain, out: path.join(dir, 'x') })).rejects.toMatchObject({ code: 'E_TRAIN_EMPTY' });
  });

  it('refuses a missing model folder and a folder from another format version', async () => {
    await expect(loadModel(path.join(dir, 'nowhere'))).rejects.toMatchObject({ code: 'E_TRAIN_NO_MODEL' });
    const out = path.join(dir, 'm1');
    const cfgPath = path.join(out, 'config.json');
    const raw = await readFile(cfgPath, 'utf8');
    const cfg = JSON.parse(raw);
    await writeFile(cfgPath, JSON.stringify({ ...cfg, formatVersion: 99, nerflowVersion: '9.0.0' }));
    await expect(loadModel(out)).rejects.toMatchObject({ code: 'E_TRAIN_MODEL_VERSION', message: expect.stringContaining('9.0.0') });
    await writeFile(cfgPath, raw); // byte for byte: manifest.json checksums config.json
  });

  it('registers its loader and trainer in core; the trainer reports the dev scores its model folder records', async () => {
    expect(modelLoaders.has('ner') && trainers.has('ner')).toBe(true);
    const nlp = await modelLoaders.get('ner')(path.join(dir, 'm1'));
    expect(nlp.labels).toEqual(['LOC', 'ORG', 'PER']);
    const out = path.join(dir, 'm3');
    const r = await trainers.get('ner')({ train: EXAMPLES, dev: EXAMPLES.slice(0, 3), out, seed: 1, settings: { ...FAST, maxEpochs: 1 } }, quietContext());
    expect(r.modelDir).toBe(out);
    const meta = JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8')) as { dev: { micro: { p: number; r: number; f: number } } };
    expect(r.dev).toEqual({ p: meta.dev.micro.p, r: meta.dev.micro.r, f: meta.dev.micro.f });
    expect(meta.dev.micro.f).toBeCloseTo((2 * meta.dev.micro.p * meta.dev.micro.r) / (meta.dev.micro.p + meta.dev.micro.r || 1), 10);
  });

  it('refuses trainer settings it does not know, and options that would be ignored (issue 15)', async () => {
    const train = trainers.get('ner');
    const req = { train: EXAMPLES, dev: [], out: path.join(dir, 'm4') };
    await expect(train({ ...req, settings: { maxEpoch: 1 } }, quietContext())).rejects.toMatchObject({
      code: 'E_TRAIN_BAD_SETTINGS', message: 'trainer settings: unknown key "maxEpoch"',
    });
    await expect(train({ ...req, settings: { maxEpochs: 'dos' } }, quietContext())).rejects.toMatchObject({ code: 'E_TRAIN_BAD_SETTINGS', message: expect.stringContaining('maxEpochs') });
    await expect(trainModel({ train: 'x.jsonl', base: path.join(dir, 'm1'), width: 64, scheme: 'IOB2' })).rejects.toMatchObject({
      code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--width, --scheme would have no effect'),
    });
    await expect(trainModel({ train: 'x.jsonl', initTok2vec: path.join(dir, 'm1'), depth: 2 })).rejects.toMatchObject({ code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--depth') });
    await expect(trainModel({ train: 'x.jsonl', encoder: 'transformer:bert', chars: 8 })).rejects.toMatchObject({ code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--chars') });
    await expect(trainModel({ train: 'x.jsonl', pooling: 'mean' })).rejects.toMatchObject({ code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('transformer option') });
    await expect(trainModel({ train: 'x.jsonl', rehearsal: 'x.txt' })).rejects.toMatchObject({ code: 'E_TRAIN_OPTION_CONFLICT', message: expect.stringContaining('--rehearsal') });
    expect(existsSync(path.join(dir, 'm4'))).toBe(false);
  });

  it('runs `nerflow train` and `nerflow predict` through the CLI commands', async () => {
    const stdout = new PassThrough();
    let text = '';
    stdout.on('data', (d) => { text += d; });
    const ctx = { ...quietContext(), stdout, stderr: new PassThrough(), stdin: new PassThrough(), verbose: false, isTTY: false } as CommandContext;
    const trainCmd = commands.find((c) => c.name === 'train')!;
    const predictCmd = commands.find((c) => c.name === 'predict')!;
    const out = path.join(dir, 'cli-model');
    await trainCmd.run(trainCmd.options.parse({ train, dev, out, ...FAST, maxEpochs: 2 }), ctx);
    expect(text).toMatch(/epoch\s+step\s+loss/);
    expect(text).toMatch(/best epoch \d of 2/);
    const input = path.join(dir, 'in.txt');
    await writeFile(input, 'Javier Torres vive en Valencia.\n\nEl Banco Santander abrió en Sevilla.\n');
    const pred = path.join(dir, 'pred.jsonl');
    await predictCmd.run(predictCmd.options.parse({ model: out, input, out: pred }), ctx);
    const lines = (await readFile(pred, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0].tokens.map((t: { text: string }) => t.text)).toEqual(['Javier', 'Torres', 'vive', 'en', 'Valencia', '.']);
    for (const s of lines.flatMap((l) => l.spans)) expect(s).toMatchObject({ source: 'model', score: expect.any(Number) });
    expect(text).toMatch(/2 examples, 13 words/);
  });
});
