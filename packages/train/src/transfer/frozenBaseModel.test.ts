import { beforeAll, describe, expect, it } from 'vitest';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Example, Span } from '@nerflow/corpus';
import { trainModel } from '../training/trainModel.js';
import { loadModel } from '../predict.js';
import { sentences } from './__fixtures__/sentences.js';

// A real base (PER/LOC/ORG) and MISC added on top of it, with the default --old-types frozen and with
// trained: the folder's own copy of the base predicts the old types, and the user's label wins overlaps.
const loop = { batchWords: 60, warmupSteps: 2, learnRate: 0.01, dropout: 0, patience: 0, seed: 5 };
let dir = '';
let baseDir = '';
let frozen = '';
let trained = '';
const texts = sentences().map((x) => ({ text: x.text }));
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const key = (s: Span) => `${s.label}:${s.start}-${s.end}`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nerflow-frozen-'));
  baseDir = path.join(dir, 'base');
  const write = async (name: string, xs: Example[]) => {
    const f = path.join(dir, name);
    await writeFile(f, xs.map((x) => JSON.stringify(x)).join('\n') + '\n');
    return f;
  };
  await trainModel({ train: await write('base.jsonl', sentences(['PER', 'LOC', 'ORG'])), out: baseDir, width: 24, depth: 1, maxEpochs: 25, ...loop });
  const misc = await write('misc.jsonl', sentences(['MISC']));
  frozen = path.join(dir, 'frozen');
  trained = path.join(dir, 'trained');
  await trainModel({ train: misc, out: frozen, base: baseDir, holdout: 0, maxEpochs: 25, ...loop });
  await trainModel({ train: misc, out: trained, base: baseDir, holdout: 0, maxEpochs: 25, oldTypes: 'trained', ...loop });
}, 600_000);

describe('--old-types frozen', () => {
  it('predicts the old types with the base itself, except where a span of the new label overlaps', async () => {
    const base = await loadModel(baseDir);
    const model = await loadModel(frozen);
    try {
      const before = await base.predict(texts, { scores: false });
      const after = await model.predict(texts, { scores: false });
      let kept = 0;
      let newSpans = 0;
      after.forEach((doc, i) => {
        const mine = doc.spans!.filter((s) => s.label === 'MISC');
        newSpans += mine.length;
        const expected = before[i]!.spans!.filter((b) => !mine.some((m) => overlaps(b, m))).map(key).sort();
        const old = doc.spans!.filter((s) => s.label !== 'MISC').map(key).sort();
        expect(old).toEqual(expected);
        kept += old.length;
      });
      expect(kept).toBeGreaterThan(10); // the base's PER/LOC/ORG are there
      expect(newSpans).toBeGreaterThan(0); // and the new label is predicted
    } finally {
      base.dispose();
      model.dispose();
    }
  });

  it('keeps the base inside the folder (it loads when the original base is gone) and refuses a folder without it', async () => {
    expect(existsSync(path.join(frozen, 'base'))).toBe(true);
    expect(existsSync(path.join(trained, 'base'))).toBe(false);
    // Model format v2 marks a folder with a frozen base (a v1-only reader would drop the old types); others stay v1.
    const version = async (d: string) => (JSON.parse(await readFile(path.join(d, 'config.json'), 'utf8')) as { formatVersion: number }).formatVersion;
    expect([await version(frozen), await version(trained)]).toEqual([2, 1]);
    const moved = path.join(dir, 'moved');
    await cp(frozen, moved, { recursive: true });
    const m = await loadModel(moved);
    const [doc] = await m.predict([{ text: 'La alcaldesa Ada Colau habló en Barcelona sobre vivienda .' }], { scores: false });
    m.dispose();
    expect(doc!.spans!.map((s) => s.label)).toEqual(expect.arrayContaining(['PER', 'LOC']));
    await rm(path.join(moved, 'base'), { recursive: true });
    await expect(loadModel(moved)).rejects.toMatchObject({ code: 'E_MODEL_NO_BASE' });
  });

  it('with --old-types trained, one network predicts every label (no copy of the base)', async () => {
    const m = await loadModel(trained);
    try {
      expect([...m.labels].sort()).toEqual(['LOC', 'MISC', 'ORG', 'PER']);
      const docs = await m.predict(texts, { scores: false });
      expect(docs.some((d) => d.spans!.some((s) => s.label === 'PER'))).toBe(true);
    } finally {
      m.dispose();
    }
  });
});
