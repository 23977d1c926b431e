import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { NerError } from './errors.js';
import { readJsonl, writeJsonl } from './jsonl.js';
import { writeConll } from './conll.js';
import { convertCorpus } from './convert.js';
import { byteLines } from './text-lines.js';
import { writeFileAtomic } from './atomic-file.js';

const fixtures = join(import.meta.dirname, '__fixtures__/hostile');
const keep = 'Ana Pérez dirige el Instituto Cervantes.\n'.repeat(50);

function folderWithKeep(): { dir: string; target: string } {
  const dir = mkdtempSync(join(tmpdir(), 'nerflow-atomic-'));
  const target = join(dir, 'keep.jsonl');
  writeFileSync(target, keep);
  return { dir, target };
}

describe('atomic outputs (issue 17 #1: a failed write never replaces the existing output)', () => {
  it('writeJsonl keeps the previous file when reading the input fails, and leaves no temporary file', async () => {
    const { dir, target } = folderWithKeep();
    await expect(writeJsonl(target, readJsonl(join(fixtures, 'bad-line-50.jsonl')))).rejects.toMatchObject({ code: 'E_CORPUS_BAD_JSON', line: 50 });
    expect(readFileSync(target, 'utf8')).toBe(keep);
    expect(readdirSync(dir)).toEqual(['keep.jsonl']);
  });

  it('a truncated .gz input fails with E_CORPUS_ENCODING and the output is untouched', async () => {
    const { dir, target } = folderWithKeep();
    const err = await writeJsonl(target, readJsonl(join(fixtures, 'truncated.jsonl.gz'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NerError);
    expect((err as NerError).code).toBe('E_CORPUS_ENCODING');
    expect(readFileSync(target, 'utf8')).toBe(keep);
    expect(readdirSync(dir)).toEqual(['keep.jsonl']);
  });

  it('convert (JSONL -> CoNLL) keeps the previous CoNLL file when the input is bad', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nerflow-atomic-'));
    const target = join(dir, 'out.conll');
    writeFileSync(target, 'Madrid B-LOC\n');
    await expect(convertCorpus(join(fixtures, 'bad-line-50.jsonl'), target)).rejects.toMatchObject({ line: 50 });
    expect(readFileSync(target, 'utf8')).toBe('Madrid B-LOC\n');
    expect(readdirSync(dir)).toEqual(['out.conll']);
  });

  it('writeConll replaces the file only on success', async () => {
    const { target } = folderWithKeep();
    async function* failing() {
      yield { text: 'Ana vive en Madrid', tokens: [{ text: 'Ana', start: 0, end: 3, id: 0, ws: false }], spans: [] };
      throw new Error('disco lleno');
    }
    await expect(writeConll(target, failing())).rejects.toThrow('disco lleno');
    expect(readFileSync(target, 'utf8')).toBe(keep);
    await writeConll(target, [{ text: 'Ana', tokens: [{ text: 'Ana', start: 0, end: 3, id: 0, ws: false }], spans: [] }]);
    expect(readFileSync(target, 'utf8')).toBe('Ana O\n');
  });

  it('writeFileAtomic replaces the whole file', async () => {
    const { dir, target } = folderWithKeep();
    await writeFileAtomic(target, '{"f1": 0.8}');
    expect(readFileSync(target, 'utf8')).toBe('{"f1": 0.8}');
    expect(readdirSync(dir)).toEqual(['keep.jsonl']);
  });
});

describe('byteLines (issue 17 #12: linear in line length)', () => {
  it('joins a line split over many chunks and keeps line boundaries', async () => {
    const long = 'Bruselas '.repeat(100_000);
    const data = Buffer.from(`uno\n${long}\ndos\n\ntres`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length; i += 1000) chunks.push(data.subarray(i, i + 1000));
    const lines: string[] = [];
    for await (const l of byteLines(Readable.from(chunks))) lines.push(l.toString());
    expect(lines).toEqual(['uno', long, 'dos', '', 'tres']);
  });
});
