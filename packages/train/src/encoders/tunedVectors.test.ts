import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { StaticVectors } from './staticVectors.js';
import { TUNED_VECTORS_PARAM, TunedVectors } from './tunedVectors.js';
import { Tok2Vec, tok2vecEntry } from './tok2vec.js';
import { encoderVersions, entryOfRef } from './registry.js';

const VEC = '3 3\nmadrid 0.1 0.2 0.3\nsevilla 0.4 0.5 0.6\njuez -0.5 0.1 0\n';
const TRAIN = [['El', 'juez', 'llegó', 'a', 'Madrid', '.'], ['El', 'juez', 'Garzón', 'habló', '.']];
const ROWS = { norm: 500, prefix: 50, suffix: 50, shape: 50 };

describe('TunedVectors: static vectors fine-tuned on the training words', () => {
  let dir: string;
  let vectors: StaticVectors;
  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-tuned-'));
    await writeFile(path.join(dir, 'v.vec'), VEC);
    vectors = await StaticVectors.load(path.join(dir, 'v.vec'));
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  const rows = (t: tf.Tensor) => (t.arraySync() as number[][]).map((r) => r.map((x) => Math.round(x * 1e4) / 1e4));

  it('starts every training word at its vector and keeps a word only the vectors know out of UNKNOWN', () => {
    const tuned = new TunedVectors(vectors, ['el', 'juez', 'madrid', 'garzón']);
    const { offsetRows, use } = tuned.lookup(['Madrid', 'Sevilla', 'Garzón', 'Ushuaia']);
    expect(Array.from(offsetRows)).toEqual([3, 0, 4, 0]);
    expect(Array.from(use)).toEqual([1, 0, 1, 1]); // Sevilla: its own vector, not UNKNOWN's row
    const dropped = tuned.lookup(['Madrid', 'Garzón'], Uint8Array.of(1, 1));
    expect([Array.from(dropped.vectorRows), Array.from(dropped.offsetRows), Array.from(dropped.use)]).toEqual([[0, 0], [0, 0], [1, 1]]); // a dropped word is UNKNOWN, vector and all (the peer's <unk>)
    const store = new ParamStore(new Rng(1));
    tuned.init(store);
    const table = tf.tensor2d(vectors.table, [vectors.rows, vectors.dim]);
    expect(rows(tuned.embed(store, table, ['Madrid', 'juez', 'Garzón']))).toEqual([[0.1, 0.2, 0.3], [-0.5, 0.1, 0], [0, 0, 0]]);
    // Trained offsets move the training words and UNKNOWN, never a word only the vectors know.
    const offsets = new Float32Array(tuned.rows * 3).map((_, i) => (i + 1) / 10);
    store.set(TUNED_VECTORS_PARAM, offsets, [tuned.rows, 3]);
    expect(rows(tuned.embed(store, table, ['Madrid', 'Sevilla', 'Ushuaia']))).toEqual([[1.1, 1.3, 1.5], [0.4, 0.5, 0.6], [0.1, 0.2, 0.3]]);
    table.dispose();
    store.dispose();
  });

  it('sizes the offsets from the vocabulary learnt after create, and saves and loads them with the encoder', async () => {
    const enc = Tok2Vec.create({ width: 16, depth: 1, rows: ROWS }, 4, vectors, 'v.vec', true);
    enc.setNormVocabulary(TRAIN, 0.5);
    const words = enc.cfg.normVocab!.words.length;
    expect(enc.store.get(TUNED_VECTORS_PARAM, [1, 1], 'zeros').shape).toEqual([words + 1, 3]);
    const grown = new Float32Array((words + 1) * 3).map((_, i) => Math.sin(i));
    enc.store.set(TUNED_VECTORS_PARAM, grown, [words + 1, 3]);
    await enc.save(path.join(dir, 'enc'));
    const loaded = await Tok2Vec.load(path.join(dir, 'enc'));
    expect(loaded.cfg.vectors?.tune).toBe(true);
    const sentence = ['El', 'juez', 'Garzón', 'llegó', 'a', 'Sevilla'];
    expect(rows(loaded.embed(sentence))).toEqual(rows(enc.embed(sentence)));
    const frozen = Tok2Vec.create({ width: 16, depth: 1, rows: ROWS }, 4, vectors, 'v.vec');
    frozen.setNormVocabulary(TRAIN, 0.5);
    expect(frozen.store.has(TUNED_VECTORS_PARAM)).toBe(false);
    // Tuned offsets are layout 2 (a nerflow reading layout 1 only refuses them); frozen vectors stay layout 1.
    const tunedRef = await tok2vecEntry.save(enc, path.join(dir, 'model-tuned'));
    expect(tunedRef.layout).toBe(2);
    expect((await tok2vecEntry.save(frozen, path.join(dir, 'model-frozen'))).layout).toBe(1);
    expect(encoderVersions('tok2vec')).toEqual([1, 2, 3]);
    const reread = (await entryOfRef(tunedRef).load(tunedRef, path.join(dir, 'model-tuned'), {})) as Tok2Vec;
    expect(rows(reread.embed(sentence))).toEqual(rows(enc.embed(sentence)));
    reread.dispose();
    // `nerflow train --vectors`: tuned, and the tuned vectors replace the NORM hash rows.
    const made = (await tok2vecEntry.create({ width: 16, depth: 1, normRows: 500, chars: 0, charLstm: 0, arch: 'cnn', pooling: 'first', vectors: path.join(dir, 'v.vec'), seed: 1, localOnly: true }, '')) as Tok2Vec;
    expect([made.cfg.vectors?.tune, made.cfg.normHash, made.store.has('embed/norm'), made.store.has('embed/suffix')]).toEqual([true, false, false, true]);
    const old = (await tok2vecEntry.create({ width: 16, depth: 1, normRows: 500, chars: 0, charLstm: 0, arch: 'cnn', pooling: 'first', vectors: path.join(dir, 'v.vec'), vectorsTuning: 'frozen', seed: 1, localOnly: true }, '')) as Tok2Vec;
    expect([old.cfg.vectors?.tune ?? false, old.store.has('embed/norm')]).toEqual([false, true]);
    made.dispose();
    old.dispose();
    for (const e of [enc, loaded, frozen]) e.dispose();
  });
});
