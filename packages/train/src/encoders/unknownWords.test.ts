import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../tf/backend.js';
import { HashFeaturizer, UNKNOWN_NORM } from './hashFeatures.js';
import { Tok2Vec } from './tok2vec.js';
import { makeBatch } from './encoder.js';

const ROWS = { norm: 500, prefix: 50, suffix: 50, shape: 50 };
const TRAIN = [['El', 'juez', 'llegó', 'a', 'Madrid', '.'], ['El', 'juez', 'Garzón', 'habló', '.']];

describe('--unknown-words: one UNKNOWN norm for unseen words, word dropout for words seen once', () => {
  let dir: string;
  beforeAll(async () => { await initBackend(); dir = await mkdtemp(path.join(tmpdir(), 'nerflow-unk-')); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('maps every word outside the vocabulary to the same NORM rows, and only the NORM rows', () => {
    const known = new HashFeaturizer(ROWS, 0, new Set(['madrid', 'juez']));
    const plain = new HashFeaturizer(ROWS, 0);
    const norm = (f: HashFeaturizer, w: string, unk = false) => Array.from(f.rowsFor(w, unk).subarray(0, 4));
    expect(norm(known, 'Sevilla')).toEqual(norm(known, 'Ushuaia'));
    expect(norm(known, 'Sevilla')).not.toEqual(norm(plain, 'Sevilla'));
    expect(norm(known, 'Madrid')).toEqual(norm(plain, 'Madrid'));
    expect(norm(known, 'Madrid', true)).toEqual(norm(known, 'Sevilla'));
    expect(Array.from(known.rowsFor('Sevilla').subarray(4))).toEqual(Array.from(plain.rowsFor('Sevilla').subarray(4))); // prefix, suffix, shape kept
    expect(UNKNOWN_NORM).not.toBe('');
  });

  it('learns the vocabulary most frequent first, keeps it in the saved config, and encodes unseen words alike', async () => {
    const enc = Tok2Vec.create({ width: 16, depth: 1, rows: ROWS }, 4);
    enc.setNormVocabulary(TRAIN, 0.5);
    const v = enc.cfg.normVocab!;
    expect(v.words.slice(0, 3).sort()).toEqual(['.', 'el', 'juez']); // seen twice
    expect(v.words.slice(v.singletonsFrom).sort()).toEqual(['a', 'garzón', 'habló', 'llegó', 'madrid']);
    await enc.save(dir);
    const loaded = await Tok2Vec.load(dir);
    expect(loaded.cfg.normVocab).toEqual(v);
    const rows = (e: Tok2Vec, words: string[]) => e.embed(words).arraySync() as number[][];
    const [a, b] = rows(loaded, ['Toledo', 'Toledo']);
    expect(a).toEqual(b);
    const plain = Tok2Vec.create({ width: 16, depth: 1, rows: ROWS }, 4);
    expect(rows(loaded, ['Toledo'])).not.toEqual(rows(plain, ['Toledo']));
    for (const e of [enc, loaded, plain]) e.dispose();
  });

  it('replaces words seen once in training only, the same way for the same seed and token position', () => {
    const enc = Tok2Vec.create({ width: 16, depth: 1, rows: ROWS }, 4);
    enc.setNormVocabulary(TRAIN, 0.9);
    const batch = makeBatch(TRAIN.map((words) => ({ words })));
    const out = (e: Tok2Vec, seed: number | undefined, dropout: number) => e.encode(batch, { dropout, seed }).arraySync();
    // A dropout rate too small to drop a unit: only the word replacement can change the output.
    expect(out(enc, 3, 1e-9)).toEqual(out(enc, 3, 1e-9));
    expect(out(enc, 3, 1e-9)).not.toEqual(out(enc, undefined, 0));
    const off = Tok2Vec.create({ width: 16, depth: 1, rows: ROWS }, 4);
    off.setNormVocabulary(TRAIN, 0); // 0: off, nothing learnt
    expect(off.cfg.normVocab ?? null).toBeNull();
    expect(out(off, 3, 1e-9)).toEqual(out(off, undefined, 0));
    enc.dispose();
    off.dispose();
  });
});
