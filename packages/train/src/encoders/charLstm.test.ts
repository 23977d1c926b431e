import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { charLstm, DEFAULT_CHAR_LSTM } from './charLstm.js';
import { charsOf } from './wordChars.js';
import { Tok2Vec } from './tok2vec.js';
import { makeBatch } from './encoder.js';

const CFG = { ...DEFAULT_CHAR_LSTM, dim: 6, hidden: 5, maxChars: 8 };
const rowsOf = (t: tf.Tensor2D) => (t.arraySync() as number[][]);

describe('character BiLSTM features (train --char-lstm)', () => {
  let dir: string;
  beforeAll(async () => { await initBackend(); dir = await mkdtemp(path.join(tmpdir(), 'nerflow-charlstm-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('gives a forward and a backward part per word, equal for equal words, different for another case or spelling', () => {
    const p = new ParamStore(new Rng(3));
    const words = ['Madrid', 'madrid', 'Madrid', 'Sevilla', 'otorrinolaringología'];
    const [fwd, bwd] = charLstm(p, 'c', words, CFG).map(rowsOf);
    for (const part of [fwd!, bwd!]) {
      expect(part).toHaveLength(5);
      expect(part[0]).toHaveLength(5);
      expect(part[2]).toEqual(part[0]);
      expect(part[1]).not.toEqual(part[0]);
      expect(part[3]).not.toEqual(part[0]);
    }
  });

  it('reads a word alone as it reads it among longer ones: the padding after a short word is never read', () => {
    const p = new ParamStore(new Rng(4));
    const alone = charLstm(p, 'c', ['Ana'], CFG).map(rowsOf);
    const batched = charLstm(p, 'c', ['Ana', 'Bartolomé'], CFG).map(rowsOf);
    for (let d = 0; d < 2; d++) batched[d]![0]!.forEach((x, j) => expect(x).toBeCloseTo(alone[d]![0]![j]!, 6));
  });

  it('prediction (inference: the recurrence in place) gives the training path\'s features', () => {
    const p = new ParamStore(new Rng(6));
    // repeated, one-character, long (cut to maxChars), capitalised and accented words, and an empty token
    const words = ['El', 'otorrinolaringólogo', 'y', 'la', 'jueza', 'Lamela', 'y', 'Ñandú', '', 'y'];
    const training = charLstm(p, 'c', words, CFG).map(rowsOf);
    const predicted = charLstm(p, 'c', words, CFG, true).map(rowsOf);
    for (let d = 0; d < 2; d++) {
      expect(predicted[d]).toHaveLength(words.length);
      training[d]!.forEach((row, i) => row.forEach((x, j) => expect(predicted[d]![i]![j]!, `dir ${d} word ${i}`).toBeCloseTo(x, 6)));
    }
    expect(training[0]![1]).not.toEqual(training[0]![4]); // different words, different features
  });

  it('keeps the first and last characters of a long word', () => {
    expect(String.fromCodePoint(...charsOf('otorrinolaringología', 8))).toBe('otorogía');
    expect(String.fromCodePoint(...charsOf('sol', 8))).toBe('sol');
  });

  it('trains: the gradient reaches the embedding rows of the characters used', () => {
    const p = new ParamStore(new Rng(3));
    charLstm(p, 'c', ['ñu'], CFG);
    const table = p.get('c/embed', [CFG.rows, CFG.dim], 'zeros');
    const g = tf.grad(() => tf.addN(charLstm(p, 'c', ['ñu', 'sol'], CFG).map((t) => tf.sum(t))))(table);
    const used = new Set<number>();
    (g.arraySync() as number[][]).forEach((row, r) => { if (row.some((x) => x !== 0)) used.add(r); });
    const chars = ['ñ', 'u', 's', 'o', 'l'].map((c) => c.codePointAt(0)! + 1);
    for (const r of chars) expect(used.has(r)).toBe(true);
    expect([...used].every((r) => r === 0 || chars.includes(r))).toBe(true); // 0: the padding after "ñu"
  });

  it('is saved and loaded with a tok2vec encoder (same output after the round trip)', async () => {
    const enc = Tok2Vec.create({ width: 16, depth: 1, charLstm: CFG, rows: { norm: 200, prefix: 50, suffix: 50, shape: 50 } }, 5);
    const batch = makeBatch([{ words: ['La', 'jueza', 'Carmen', 'Lamela', 'viajó', 'a', 'Ushuaia', '.'] }]);
    const before = rowsOf(enc.encode(batch, { dropout: 0 }));
    await enc.save(dir);
    const loaded = await Tok2Vec.load(dir);
    expect(loaded.cfg.charLstm).toEqual(CFG);
    expect(rowsOf(loaded.encode(batch, { dropout: 0 }))).toEqual(before);
    const plain = Tok2Vec.create({ width: 16, depth: 1, rows: { norm: 200, prefix: 50, suffix: 50, shape: 50 } }, 5);
    expect(rowsOf(plain.encode(batch, { dropout: 0 }))).not.toEqual(before);
    for (const e of [enc, loaded, plain]) e.dispose();
  });
});
