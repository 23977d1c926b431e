import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readVecFile } from './read-vec.js';
import { clusterRows, toVecText } from './__fixtures__/clusters.js';

const dir = mkdtempSync(path.join(tmpdir(), 'nerflow-vec-'));
const write = (name: string, text: string | Buffer) => {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
};

describe('readVecFile', () => {
  const { words, rows } = clusterRows(8);

  it('reads a fastText .vec file with its header, normalising rows', async () => {
    const { store } = await readVecFile(write('a.vec', toVecText(words, rows)));
    expect(store.words).toEqual(words);
    expect(store.dim).toBe(8);
    const v = store.vector('javascript')!;
    const n = Math.hypot(...rows[words.indexOf('javascript')]!);
    expect(v[0]).toBeCloseTo(rows[words.indexOf('javascript')]![0]! / n, 4);
  });

  it('reads GloVe text (no header), gzipped, and prunes with maxWords', async () => {
    const glove = toVecText(words, rows).split('\n').slice(1).join('\n');
    const { store } = await readVecFile(write('g.txt.gz', gzipSync(glove)), { maxWords: 5 });
    expect(store.words).toEqual(words.slice(0, 5));
  });

  it('keeps the first of duplicate words and counts the rest', async () => {
    const text = '3 2\nred 1 0\nRed 0 1\nred 0 1\n';
    const { store, duplicates } = await readVecFile(write('d.vec', text), { lowercase: true });
    expect(store.words).toEqual(['red']);
    expect(duplicates).toBe(2);
    expect(Array.from(store.vector('red')!)).toEqual([1, 0]);
  });

  it('names file and line of a row with the wrong dimension', async () => {
    const p = write('bad-dim.vec', '3 4\nprotocolo 1 2 3 4\nred 1 2 3\nsistema 1 2 3 4\n');
    await expect(readVecFile(p)).rejects.toMatchObject({ code: 'E_TERMS_VEC_DIM', file: p, line: 3, message: 'Expected 4 numbers after the word, found 3.' });
  });

  it('names file and line of a value that is not a number', async () => {
    const p = write('bad-num.vec', 'protocolo 1 2\nred 1 dos\n');
    await expect(readVecFile(p)).rejects.toMatchObject({ code: 'E_TERMS_VEC_MALFORMED', line: 2 });
  });

  it('refuses an empty file', async () => {
    await expect(readVecFile(write('vacio.vec', '\n'))).rejects.toMatchObject({ code: 'E_TERMS_VEC_EMPTY' });
  });
});
