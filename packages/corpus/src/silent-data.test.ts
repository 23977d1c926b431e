import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeText } from './text-encoding.js';
import { escapeControl } from './terminal-text.js';
import { chunksToTags } from './tags.js';
import { validateExample } from './validate.js';
import { validateCorpus } from './validate-corpus.js';
import { toNerError } from './errors.js';

const fixtures = join(import.meta.dirname, '__fixtures__/hostile');

describe('silent data problems get a name (issue 17 #11)', () => {
  it('Latin-1 and UTF-16 text is decoded as what it is, with a warning, never as A\uFFFDo', () => {
    for (const name of ['latin1.txt', 'utf16le.txt']) {
      const d = decodeText(readFileSync(join(fixtures, name)));
      expect(d.text).toContain('Año nuevo en Logroño');
      expect(d.text).not.toContain('\uFFFD');
      expect(d.warning).toMatch(/not valid UTF-8|UTF-16/);
    }
    const utf8 = decodeText(Buffer.from('El señor Muñoz visitó Cádiz.'));
    expect(utf8).toEqual({ text: 'El señor Muñoz visitó Cádiz.', encoding: 'utf-8' });
  });

  it('CoNLL without blank lines is reported, not one giant sentence with "no problems"', async () => {
    const s = await validateCorpus(join(fixtures, 'no-blank-lines.conll'));
    expect(s.examples).toBe(1);
    expect(s.problems.map((p) => p.message).join('\n')).toMatch(/whole file is one sentence of \d+ tokens/);
  });

  it('a span past the end of the text is "outside the tokens", not an overlap', () => {
    expect(() => chunksToTags([{ start: 3, end: 52, label: 'LOC' }], 51, 'BILUO')).toThrow(/outside the 51 tokens/);
    const [p] = validateExample(JSON.parse(readFileSync(join(fixtures, 'span-past-end.jsonl'), 'utf8')));
    expect(p).toMatchObject({ code: 'E_CORPUS_SPAN_OUT_OF_RANGE', message: expect.stringContaining('past the end of the text') });
  });
});

describe('terminal escapes in data (issue 17 #9)', () => {
  it('escapeControl shows ESC, BEL, C1 and bidi overrides; keeps text and, on request, newlines', () => {
    expect(escapeControl('PER\u001b]0;PWNED\u0007\u001b[2J')).toBe('PER\\e]0;PWNED\\x07\\e[2J');
    expect(escapeControl('a\u009bb\u202ec')).toBe('a\\x9bb\\u202ec');
    expect(escapeControl('Año\tMadrid\n', { keepLines: true })).toBe('Año\tMadrid\n');
    expect(escapeControl('Año\n')).toBe('Año\\n');
  });

  it('validate refuses labels holding control characters', () => {
    const rec = JSON.parse(readFileSync(join(fixtures, 'escapes.jsonl'), 'utf8').split('\n')[0]!);
    expect(validateExample(rec).map((p) => p.code)).toContain('E_CORPUS_BAD_LABEL');
  });
});

describe('system errors are coded (issue 17 #10)', () => {
  it('maps ENOSPC, EISDIR, ENOTDIR, EACCES (also wrapped as a cause) and keeps E_INTERNAL for bugs', () => {
    const sys = (code: string) => Object.assign(new Error(`${code}: x`), { code, path: '/datos/salida.jsonl', syscall: 'write' });
    expect(toNerError(sys('ENOSPC'))).toMatchObject({ code: 'E_DISK_FULL', file: '/datos/salida.jsonl' });
    expect(toNerError(sys('EISDIR')).code).toBe('E_FILE_IS_DIR');
    expect(toNerError(sys('ENOTDIR')).code).toBe('E_FILE_NOT_DIR');
    expect(toNerError(new Error('wrapped', { cause: sys('EACCES') })).code).toBe('E_FILE_ACCESS');
    expect(toNerError(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' })).code).toBe('E_DISK_FULL');
    expect(toNerError(new TypeError('x is undefined')).code).toBe('E_INTERNAL');
  });
});
