import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { commands as evalCommands } from '@nerflow/eval/cli';
import { convertCommand } from './commands/convert.js';
import { validateCommand } from './commands/validate.js';
import { runCli } from './program.js';
import { isBrokenPipe } from './systemErrors.js';

const hostile = join(import.meta.dirname, '../../corpus/src/__fixtures__/hostile');
const commands = [convertCommand, validateCommand, ...evalCommands];

async function cli(...argv: string[]) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await runCli(commands, argv, { stdout, stderr, stdin: new PassThrough(), color: false });
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'nerflow-syserr-'));
const good = join(dir, 'bueno.jsonl');
writeFileSync(good, `${JSON.stringify({ text: 'Ana Pérez vive en Madrid.' })}\n`);

describe('system errors are coded and name the path, never E_INTERNAL (issue 17 #10)', () => {
  it('a folder where a file is expected', async () => {
    const folder = join(dir, 'carpeta');
    mkdirSync(folder);
    const r = await cli('convert', folder, join(dir, 'x.jsonl'));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`[E_FILE_IS_DIR] ${folder}: ${folder} is a folder`);
    expect(r.err).not.toContain('E_INTERNAL');
  });

  it('an output under a file, and an output that is a folder', async () => {
    const r = await cli('convert', good, join(good, 'x.jsonl'));
    expect(r).toMatchObject({ code: 1, err: expect.stringContaining('[E_OUTPUT_NOT_DIR]') });
    const folder = join(dir, 'informes');
    mkdirSync(folder);
    const r2 = await cli('eval', '--gold', good, '--pred', good, '--report', folder);
    expect(r2).toMatchObject({ code: 1, err: expect.stringContaining('[E_OUTPUT_IS_DIR]') });
  });

  it('a broken pipe counts as success (`nerflow ... | head`)', () => {
    expect(isBrokenPipe(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toBe(true);
    expect(isBrokenPipe(new Error('other', { cause: Object.assign(new Error('x'), { code: 'EPIPE' }) }))).toBe(true);
    expect(isBrokenPipe(Object.assign(new Error('no space'), { code: 'ENOSPC' }))).toBe(false);
  });
});

describe('untrusted text reaches the terminal escaped (issue 17 #9)', () => {
  it('validate reports a label holding an OSC/clear-screen sequence, printed without ESC', async () => {
    const r = await cli('validate', join(hostile, 'escapes.jsonl'));
    expect(r.code).toBe(1);
    const all = r.out + r.err;
    expect(all).toContain('[spans.0.label]');
    expect(all).toContain('holds control characters');
    expect(all).toContain('PER\\\\e]0;PWNED');
    expect(all).not.toMatch(/[\u001b\u0007]/);
  });

  it('eval prints labels and tokens with control characters escaped', async () => {
    const text = 'Ana visitó Bruselas.';
    const osc = '\u001b]52;c;ZWNobyBQV05FRA==\u0007';
    const ex = (label: string) => ({ text, tokens: [
      { text: 'Ana', start: 0, end: 3, id: 0, ws: true }, { text: 'visitó', start: 4, end: 10, id: 1, ws: true },
      { text: 'Bruselas', start: 11, end: 19, id: 2, ws: false }, { text: '.', start: 19, end: 20, id: 3, ws: false }],
    spans: [{ start: 0, end: 3, token_start: 0, token_end: 0, label }], answer: 'accept' });
    const gold = join(dir, 'g-esc.jsonl');
    const pred = join(dir, 'p-esc.jsonl');
    writeFileSync(gold, `${JSON.stringify(ex(`PER${osc}`))}\n`);
    writeFileSync(pred, `${JSON.stringify(ex('LOC\u001b[2J'))}\n`);
    const r = await cli('eval', '--gold', gold, '--pred', pred);
    expect(r.out).toContain('PER\\e]52');
    expect(r.out + r.err).not.toMatch(/[\u001b\u0007]/);
    expect(readFileSync(gold, 'utf8')).toContain('\\u001b'); // the data itself is untouched
  });
});
