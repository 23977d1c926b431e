import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NerError, quietContext } from '@nerflow/core';
import { trainEvents, trainModel } from '../training/trainModel.js';
import { loadModel } from '../predict.js';
import { EXAMPLES } from '../__fixtures__/spanish.js';
import { checkpointDir } from './modelOut.js';

const FAST = { width: 16, depth: 1, maxEpochs: 2, batchWords: 80, warmupSteps: 0, learnRate: 0.01 };
const jsonl = (xs: unknown[]) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
const snapshot = (dir: string) => Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true })
  .filter((e) => e.isFile()).map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name)).toString('base64')]));

describe('model folders are whole or refused (issue 17 #3 #7, issue 14 #4)', () => {
  let dir: string;
  let train: string;
  let dev: string;
  let model: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-modelfolder-'));
    train = path.join(dir, 'train.jsonl');
    dev = path.join(dir, 'dev.jsonl');
    await writeFile(train, jsonl(EXAMPLES.slice(0, 9)));
    await writeFile(dev, jsonl(EXAMPLES.slice(9)));
    model = path.join(dir, 'modelo');
    await trainModel({ train, dev, out: model, seed: 1, ...FAST }, quietContext());
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  const copy = (name: string) => {
    const to = path.join(dir, name);
    cpSync(model, to, { recursive: true });
    return to;
  };

  it('writes a manifest of checksums, complete: true, and leaves no checkpoint or temporary folder', () => {
    const manifest = JSON.parse(readFileSync(path.join(model, 'manifest.json'), 'utf8'));
    expect(manifest.complete).toBe(true);
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['config.json', 'head/weights.bin', 'tok2vec/weights.bin']));
    expect(manifest.files['head/weights.bin'].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readdirSync(dir).sort()).toEqual(['dev.jsonl', 'modelo', 'train.jsonl']);
  });

  it('refuses to train into an existing model without --overwrite, before reading any data', async () => {
    const before = snapshot(model);
    await expect(trainModel({ train: path.join(dir, 'no-such-file.jsonl'), out: model, ...FAST })).rejects.toMatchObject({ code: 'E_MODEL_OUT_EXISTS', file: model });
    expect(snapshot(model)).toEqual(before);
  });

  it('never replaces a folder that is not a model, nor a file, even with --overwrite', async () => {
    const other = path.join(dir, 'tesis');
    mkdirSync(other);
    writeFileSync(path.join(other, 'capitulo1.txt'), 'Introducción');
    await expect(trainModel({ train, out: other, overwrite: true, ...FAST })).rejects.toMatchObject({ code: 'E_MODEL_OUT_EXISTS' });
    expect(readFileSync(path.join(other, 'capitulo1.txt'), 'utf8')).toBe('Introducción');
    await expect(trainModel({ train, out: train, ...FAST })).rejects.toMatchObject({ code: 'E_OUTPUT_NOT_DIR' });
    rmSync(other, { recursive: true });
  });

  it('an interrupted --overwrite run leaves the finished model untouched and its checkpoint aside, refused unless --allow-incomplete', async () => {
    const target = copy('sobrescribir');
    const before = snapshot(target);
    const it = trainEvents({ train, dev, out: target, overwrite: true, seed: 2, ...FAST, maxEpochs: 3 }, quietContext());
    for (;;) {
      const r = await it.next();
      if (r.done || r.value.type === 'saved') break;
    }
    await it.return(undefined as never); // the process dies here
    expect(snapshot(target)).toEqual(before);
    const ckpt = checkpointDir(target);
    expect(JSON.parse(readFileSync(path.join(ckpt, 'manifest.json'), 'utf8')).complete).toBe(false);
    await expect(loadModel(ckpt)).rejects.toMatchObject({ code: 'E_MODEL_INCOMPLETE', file: ckpt });
    const p = await loadModel(ckpt, { allowIncomplete: true });
    p.dispose();
  });

  it('Ctrl-C says truthfully that a rerun starts over (no false promise of resuming)', async () => {
    const abort = new AbortController();
    const target = path.join(dir, 'interrumpido');
    const it = trainEvents({ train, dev, out: target, seed: 4, ...FAST, maxEpochs: 50, patience: 0 }, { ...quietContext(), signal: abort.signal });
    const err = await (async () => {
      try {
        for (;;) {
          const r = await it.next();
          if (r.done) return undefined;
          if (r.value.type === 'saved') abort.abort(new NerError('E_INTERRUPTED', 'Interrupted (Ctrl-C).', { hint: 'Rerun the same command to resume where it stopped.' }));
        }
      } catch (e) {
        return e as NerError;
      }
    })();
    expect(err).toMatchObject({ code: 'E_INTERRUPTED', hint: expect.stringContaining('trains again from epoch 1') });
    expect(err!.hint).toContain('--allow-incomplete');
    expect(existsSync(target)).toBe(false);
  });

  it('random bytes in head/weights.bin: E_MODEL_CORRUPT naming the file', async () => {
    const bad = copy('basura');
    const f = path.join(bad, 'head/weights.bin');
    const buf = readFileSync(f);
    for (let i = 0; i < buf.length; i += 7) buf[i] = (buf[i]! * 31 + 17) & 0xff;
    writeFileSync(f, buf);
    await expect(loadModel(bad)).rejects.toMatchObject({ code: 'E_MODEL_CORRUPT', file: f });
  });

  it('a truncated tok2vec/weights.bin: E_MODEL_CORRUPT naming the file, with or without a manifest', async () => {
    for (const withManifest of [true, false]) {
      const bad = copy(`truncado-${withManifest}`);
      const f = path.join(bad, 'tok2vec/weights.bin');
      writeFileSync(f, readFileSync(f).subarray(0, 1000));
      if (!withManifest) rmSync(path.join(bad, 'manifest.json'));
      await expect(loadModel(bad)).rejects.toMatchObject({ code: 'E_MODEL_CORRUPT', file: f });
    }
  });

  it('NaN weights are refused (a folder from before manifests too)', async () => {
    const bad = copy('nan');
    rmSync(path.join(bad, 'manifest.json'));
    const f = path.join(bad, 'head/weights.bin');
    const buf = readFileSync(f);
    buf.writeFloatLE(Number.NaN, 8);
    writeFileSync(f, buf);
    await expect(loadModel(bad)).rejects.toMatchObject({ code: 'E_MODEL_CORRUPT', message: expect.stringContaining('NaN') });
  });

  it('a folder written with another tok2vec weight layout is refused with E_MODEL_LAYOUT', async () => {
    const other = copy('layout4');
    const cfgFile = path.join(other, 'config.json');
    const cfg = JSON.parse(readFileSync(cfgFile, 'utf8'));
    expect(cfg.encoder.layout).toBe(3); // the default recipe leaves PREFIX and SUFFIX out
    cfg.encoder.layout = 4; // layouts 1, 2 (tuned vectors) and 3 (hash tables left out) are read
    writeFileSync(cfgFile, JSON.stringify(cfg));
    await expect(loadModel(other)).rejects.toMatchObject({ code: 'E_MODEL_LAYOUT', message: expect.stringContaining('layout v4') });
  });

  it('the whole model still loads and predicts', async () => {
    const p = await loadModel(model);
    const [doc] = await p.predict([{ text: 'Ana vive en Madrid.' }]);
    expect(doc!.tokens!.length).toBe(5);
    p.dispose();
    expect(existsSync(checkpointDir(model))).toBe(false);
  });
});
