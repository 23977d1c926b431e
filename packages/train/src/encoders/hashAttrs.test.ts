import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend, tf } from '../tf/backend.js';
import { Tok2Vec, tok2vecEntry } from './tok2vec.js';
import { entryOfRef } from './registry.js';
import type { EncoderSettings } from './registry.js';

const SETTINGS: EncoderSettings = { width: 16, depth: 1, normRows: 500, chars: 0, charLstm: 4, arch: 'bilstm', pooling: 'first', seed: 3, localOnly: true };
const SENTENCE = ['La', 'jueza', 'Ruiz', 'llegó', 'a', 'Zaragoza', 'el', '3', 'de', 'mayo', '.'];
const tables = (e: Tok2Vec) => ['norm', 'prefix', 'suffix', 'shape'].filter((a) => e.store.has(`embed/${a}`));
const rows = (t: tf.Tensor) => (t.arraySync() as number[][]).map((r) => r.map((x) => Math.round(x * 1e5) / 1e5));

describe('tok2vec --hash-attrs: hash-embedding tables left out', () => {
  let dir: string;
  beforeAll(async () => {
    await initBackend();
    dir = await mkdtemp(path.join(tmpdir(), 'nerflow-attrs-'));
    await writeFile(path.join(dir, 'v.vec'), '2 3\nzaragoza 0.1 0.2 0.3\nmayo 0.4 0.5 0.6\n');
  });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('creates only the tables asked for, writes layout 3 and reads back the same embeddings', async () => {
    const enc = (await tok2vecEntry.create({ ...SETTINGS, hashAttrs: ['shape', 'norm'] }, '')) as Tok2Vec;
    expect([enc.cfg.attrs, tables(enc)]).toEqual([['norm', 'shape'], ['norm', 'shape']]);
    const ref = await tok2vecEntry.save(enc, path.join(dir, 'two'));
    expect(ref.layout).toBe(3); // a nerflow reading layouts 1-2 only would make PREFIX/SUFFIX tables at random: it refuses
    const back = (await entryOfRef(ref).load(ref, path.join(dir, 'two'), {})) as Tok2Vec;
    expect(tables(back)).toEqual(['norm', 'shape']);
    expect(rows(back.embed(SENTENCE, undefined, true))).toEqual(rows(enc.embed(SENTENCE, undefined, true)));
    for (const e of [enc, back]) e.dispose();
  });

  it('all four (or no --hash-attrs) is the layout-1 encoder every nerflow reads; beside tuned vectors NORM is never hashed', async () => {
    const all = (await tok2vecEntry.create({ ...SETTINGS, hashAttrs: ['norm', 'prefix', 'suffix', 'shape'] }, '')) as Tok2Vec;
    expect([all.cfg.attrs, tables(all), (await tok2vecEntry.save(all, path.join(dir, 'all'))).layout]).toEqual([undefined, ['norm', 'prefix', 'suffix', 'shape'], 1]);
    const tuned = (await tok2vecEntry.create({ ...SETTINGS, hashAttrs: ['norm', 'shape'], vectors: path.join(dir, 'v.vec') }, '')) as Tok2Vec;
    expect([tuned.cfg.attrs, tables(tuned), tuned.cfg.vectors?.tune]).toEqual([['shape'], ['shape'], true]);
    const legacyTuned = (await tok2vecEntry.create({ ...SETTINGS, hashAttrs: ['norm', 'prefix', 'suffix', 'shape'], vectors: path.join(dir, 'v.vec') }, '')) as Tok2Vec;
    expect([legacyTuned.cfg.attrs, tables(legacyTuned), (await tok2vecEntry.save(legacyTuned, path.join(dir, 'lt'))).layout]).toEqual([undefined, ['prefix', 'suffix', 'shape'], 2]);
    for (const e of [all, tuned, legacyTuned]) e.dispose();
  });
});
