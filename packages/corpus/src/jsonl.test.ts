import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NerError } from './errors.js';
import { readJsonl, readJsonlLines, writeJsonl } from './jsonl.js';

const dir = mkdtempSync(join(tmpdir(), 'nerflow-jsonl-'));
const collect = async <T>(it: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('JSONL', () => {
  const records = [
    { text: 'Google Ads mejoró el CTR un 12%.', meta: { page: 3 } },
    { text: 'La campaña de 😀 en Instagram.', meta: { page: 4 } },
  ];

  it('writes and reads back records, plain and gzip', async () => {
    for (const name of ['a.jsonl', 'a.jsonl.gz']) {
      const path = join(dir, name);
      expect(await writeJsonl(path, records)).toBe(2);
      expect(await collect(readJsonl(path))).toEqual(records);
    }
    expect(readFileSync(join(dir, 'a.jsonl.gz')).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });

  it('reports a bad JSON line as file:line and stops', async () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, `${JSON.stringify(records[0])}\n{"text": "sin cerrar"\n${JSON.stringify(records[1])}\n`);
    const err = await collect(readJsonl(path)).catch((e) => e);
    expect(err).toBeInstanceOf(NerError);
    expect(err.code).toBe('E_CORPUS_BAD_JSON');
    expect(err.located).toMatch(new RegExp(`bad\\.jsonl:2: invalid JSON`));
  });

  it('skips bad lines when asked, telling about each one', async () => {
    const path = join(dir, 'mixed.jsonl');
    const latin1 = Buffer.from('{"text": "Espa\xf1a"}\n', 'latin1'); // not UTF-8
    writeFileSync(path, Buffer.concat([Buffer.from(`${JSON.stringify(records[0])}\n[1,2]\n`), latin1, Buffer.from(`\n${JSON.stringify(records[1])}`)]));
    const skipped: NerError[] = [];
    const got = await collect(readJsonlLines(path, { onError: 'skip', onSkip: (e) => skipped.push(e) }));
    expect(got.map((g) => g.line)).toEqual([1, 5]);
    expect(skipped.map((e) => [e.code, e.line])).toEqual([['E_CORPUS_SCHEMA', 2], ['E_CORPUS_ENCODING', 3]]);
  });

  it('names a corrupt gzip file', async () => {
    const path = join(dir, 'broken.jsonl.gz');
    writeFileSync(path, gzipSync(Buffer.from(JSON.stringify(records[0]))).subarray(0, 12));
    const err = await collect(readJsonl(path)).catch((e) => e);
    expect(err).toBeInstanceOf(NerError);
    expect(err.file).toBe(path);
  });
});
