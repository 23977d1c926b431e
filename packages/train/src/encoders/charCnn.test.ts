import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { charCnn, DEFAULT_CHAR_CNN } from './charCnn.js';
import { Tok2Vec } from './tok2vec.js';
import { makeBatch } from './encoder.js';

const CFG = { ...DEFAULT_CHAR_CNN, dim: 8, filters: 12 };
const rowsOf = (t: tf.Tensor2D) => (t.arraySync() as number[][]);

describe('character CNN features', () => {
  let dir: string;
  beforeAll(async () => { await initBackend(); dir = await mkdtemp(path.join(tmpdir(), 'nerflow-chars-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('gives one row per word, equal for equal words, different for another case or spelling', () => {
    const p = new ParamStore(new Rng(3));
    const words = ['Madrid', 'madrid', 'Madrid', 'Sevilla', 'otorrinolaringología'];
    const out = rowsOf(charCnn(p, 'c', words, CFG));
    expect(out).toHaveLength(5);
    expect(out[0]).toHaveLength(12);
    expect(out[2]).toEqual(out[0]);
    expect(out[1]).not.toEqual(out[0]);
    expect(out[3]).not.toEqual(out[0]);
    expect(out.flat().every((x) => x >= 0 && Number.isFinite(x))).toBe(true); // ReLU then max
  });

  it('trains: the gradient reaches exactly the embedding rows of the characters used (and padding)', () => {
    const p = new ParamStore(new Rng(3));
    charCnn(p, 'c', ['ñu'], CFG); // create the variables
    const table = p.get('c/embed', [CFG.rows, CFG.dim], 'zeros');
    const g = tf.grad(() => tf.sum(charCnn(p, 'c', ['ñu', 'ñu', 'sol'], CFG)))(table);
    const used = new Set<number>();
    (g.arraySync() as number[][]).forEach((row, r) => { if (row.some((x) => x !== 0)) used.add(r); });
    const expected = new Set([0, ...['ñ', 'u', 's', 'o', 'l'].map((c) => c.codePointAt(0)! + 1)]);
    expect([...used].every((r) => expected.has(r))).toBe(true);
    expect(used.has('ñ'.codePointAt(0)! + 1) && used.has('l'.codePointAt(0)! + 1)).toBe(true);
  });

  it('is saved and loaded with a tok2vec encoder (same output after the round trip)', async () => {
    const enc = Tok2Vec.create({ width: 16, depth: 1, chars: CFG, rows: { norm: 200, prefix: 50, suffix: 50, shape: 50 } }, 5);
    const batch = makeBatch([{ words: ['El', 'juez', 'Garzón', 'viajó', 'a', 'Ushuaia', '.'] }]);
    const before = rowsOf(enc.encode(batch, { dropout: 0 }));
    await enc.save(dir);
    const loaded = await Tok2Vec.load(dir);
    expect(loaded.cfg.chars).toEqual(CFG);
    expect(rowsOf(loaded.encode(batch, { dropout: 0 }))).toEqual(before);
    const plain = Tok2Vec.create({ width: 16, depth: 1, rows: { norm: 200, prefix: 50, suffix: 50, shape: 50 } }, 5);
    expect(rowsOf(plain.encode(batch, { dropout: 0 }))).not.toEqual(before);
    for (const e of [enc, loaded, plain]) e.dispose();
  });
});
