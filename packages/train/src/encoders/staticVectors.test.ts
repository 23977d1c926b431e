import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaticVectors } from './staticVectors.js';
import { Tok2Vec } from './tok2vec.js';
import { initBackend, tf } from '../tf/backend.js';
import { makeBatch } from './encoder.js';

const VEC = '4 3\nmadrid 0.1 0.2 0.3\nbarcelona 0.1 0.25 0.3\njuez -0.5 0.1 0\n0000 0.9 0.9 0.9\n';

describe('StaticVectors', () => {
  let dir: string;
  beforeAll(async () => { dir = await mkdtemp(path.join(tmpdir(), 'nerflow-vec-')); await initBackend(); });
  afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

  it('reads a .vec file and looks words up exactly, lowercased, then with digits as 0', async () => {
    const f = path.join(dir, 'v.vec');
    await writeFile(f, VEC);
    const v = await StaticVectors.load(f);
    expect(v.dim).toBe(3);
    expect(v.row('Madrid')).toBe(1);
    expect(v.row('juez')).toBe(3);
    expect(v.row('2024')).toBe(4);
    expect(v.row('Sevilla')).toBe(0); // unknown -> zero row
    expect(Array.from(v.table.subarray(3 * 3, 4 * 3))).toEqual([-0.5, 0.1, 0].map((x) => Math.fround(x)));
  });

  it('reports a malformed line with file and line', async () => {
    const f = path.join(dir, 'bad.vec');
    await writeFile(f, '2 3\nmadrid 0.1 0.2 0.3\njuez 0.1 0.2\n');
    await expect(StaticVectors.load(f)).rejects.toMatchObject({ code: 'E_TRAIN_BAD_VECTORS', file: f, line: 3 });
  });

  it('reads the terms stage\'s vectors store from its documented bytes', async () => {
    const words = ['madrid', 'juez'];
    const header = Buffer.from(JSON.stringify({ format: 'nerflow.vectors', dim: 2, count: 2 }).padEnd(40, ' '));
    const len = Buffer.alloc(4); len.writeUInt32LE(header.length);
    const floats = Buffer.from(new Float32Array([0.6, 0.8, 1, 0]).buffer);
    const f = path.join(dir, 'store.nfv');
    await writeFile(f, Buffer.concat([Buffer.from([0x4e, 0x46, 0x56, 0x45, 0x43, 0, 1, 0]), len, header, floats, Buffer.from(words.join('\n'))]));
    const v = await StaticVectors.load(f);
    expect(v.words).toEqual(words);
    expect(v.row('Juez')).toBe(2);
    expect(v.table[v.row('madrid') * 2 + 1]).toBeCloseTo(0.8);
  });

  it('feeds tok2vec (vectors change the output) and travels with the saved encoder', async () => {
    const f = path.join(dir, 'v2.vec');
    await writeFile(f, VEC);
    const vectors = await StaticVectors.load(f);
    const enc = Tok2Vec.create({ width: 16, depth: 1 }, 1, vectors, f);
    const plain = Tok2Vec.create({ width: 16, depth: 1 }, 1);
    const batch = makeBatch([{ words: ['El', 'juez', 'de', 'Madrid'] }]);
    const a = tf.tidy(() => enc.encode(batch, { dropout: 0 })).arraySync();
    const b = tf.tidy(() => plain.encode(batch, { dropout: 0 })).arraySync();
    expect(a).not.toEqual(b);
    await enc.save(path.join(dir, 't2v'));
    const back = await Tok2Vec.load(path.join(dir, 't2v'));
    expect(back.vectors?.words).toEqual(vectors.words);
    const c = tf.tidy(() => back.encode(batch, { dropout: 0 })).arraySync();
    expect(c).toEqual(a);
    for (const e of [enc, plain, back]) e.dispose();
  });
});
