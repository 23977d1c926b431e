import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { convertCommand } from './convert.js';
import { validateCommand } from './validate.js';

const TESTA = join(import.meta.dirname, '../../../../../shared/data/conll2002-es/esp.testa');
const specs = [convertCommand, validateCommand];

function io(stdinText?: string) {
  const stdout = new PassThrough(), stderr = new PassThrough(), stdin = new PassThrough();
  let out = '', err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  if (stdinText !== undefined) stdin.end(stdinText);
  return { io: { stdout, stderr, stdin }, out: () => out, err: () => err };
}

describe('nerflow convert / validate', () => {
  it.skipIf(!existsSync(TESTA))('converts esp.testa to JSONL and back to the same lines, and validates both', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nerflow-cli-'));
    const t = io();
    expect(await runCli(specs, ['convert', TESTA, join(dir, 'testa.jsonl')], t.io)).toBe(0);
    expect(t.out()).toBe(`Converted 1,915 examples (52,923 tokens, 4,352 spans) from conll to jsonl: ${join(dir, 'testa.jsonl')}.\n`);
    const t2 = io();
    expect(await runCli(specs, ['convert', join(dir, 'testa.jsonl'), '-o', join(dir, 'testa.conll')], t2.io)).toBe(0);
    expect(await readFile(join(dir, 'testa.conll'), 'utf8')).toBe(await readFile(TESTA, 'utf8'));
    const t3 = io();
    expect(await runCli(specs, ['validate', join(dir, 'testa.jsonl')], t3.io)).toBe(0);
    expect(t3.out()).toContain('1,915 examples (jsonl), no problems.');
  });

  it('streams stdin to stdout with the summary on stderr', async () => {
    const t = io('Iberia B-ORG\nvuela O\na O\nBogotá B-LOC\n');
    expect(await runCli(specs, ['convert', '-', '-'], t.io)).toBe(0);
    const rec = JSON.parse(t.out());
    expect(rec.text).toBe('Iberia vuela a Bogotá');
    expect(rec.spans.map((s: { label: string }) => s.label)).toEqual(['ORG', 'LOC']);
    expect(t.err()).toContain('Converted 1 examples');
  });

  it('prints every problem as file:line: [path] message and exits 1', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nerflow-cli-'));
    const path = join(dir, 'malo.jsonl');
    await writeFile(path, '{"text": "Hola Madrid", "spans": [{"start": 5, "end": 30, "label": "LOC"}, {"start": 0, "end": 4}]}\n{"text": \n');
    const t = io();
    expect(await runCli(specs, ['validate', path], t.io)).toBe(1);
    expect(t.out().split('\n')).toEqual([
      `${path}:1: [spans.1.label] is required (string)`,
      `${path}:1: [spans.0.end] is 30, past the end of the text (11 code points)`,
      expect.stringMatching(new RegExp(`^${path}:2: invalid JSON`)),
      `${path}: 3 problems in 2 of 2 examples (jsonl).`,
      '',
    ]);
    const t2 = io();
    expect(await runCli(specs, ['convert', path, join(dir, 'x.conll')], t2.io)).toBe(1);
    expect(t2.err()).toContain(`${path}:1: [spans.0.end] is 30`);
  });

  it('exits 2 on usage errors', async () => {
    const t = io();
    expect(await runCli(specs, ['convert', 'a.conll', 'b.jsonl', '--scheme', 'BIO'], t.io)).toBe(2);
    expect(await runCli(specs, ['convert', 'a.conll', 'b.jsonl', '-o', 'c.jsonl'], io().io)).toBe(2);
  });
});
