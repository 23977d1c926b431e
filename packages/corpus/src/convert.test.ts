import { existsSync } from 'node:fs';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { convertCorpus } from './convert.js';
import type { NerError } from './errors.js';
import { sniffFormat } from './formats.js';

const TRAIN = join(import.meta.dirname, '../../../../shared/data/conll2002-es/esp.testa');
const tmp = () => mkdtemp(join(tmpdir(), 'nerflow-convert-'));
const CONLL = 'Melbourne B-LOC\n( O\nAustralia B-LOC\n) O\n, O\n25 O\nmay O\n( O\nEFE B-ORG\n) O\n. O\n\n- O\n\nEl O\nAbogado B-PER\nGeneral I-PER\n';

describe('sniffFormat', () => {
  it('tells CoNLL from JSONL by content when the name says nothing', () => {
    expect(sniffFormat('esp.train', Buffer.from(CONLL))).toBe('conll');
    expect(sniffFormat('datos.txt', Buffer.from('{"text": "Hola"}\n{"text": "Adiós"}\n'))).toBe('jsonl');
    expect(sniffFormat('x.jsonl', 'anything')).toBe('jsonl');
    expect(sniffFormat('wiki.conllu', '0\tElla\tO\n1\tcantó\tO\n')).toBe('conll');
    expect(() => sniffFormat('notas.txt', 'Querido diario:\nhoy llovió.\n')).toThrow(expect.objectContaining({ code: 'E_CORPUS_UNKNOWN_FORMAT', hint: expect.stringContaining('--from conll|jsonl|prodigy') }));
  });
});

describe('convertCorpus', () => {
  it('CoNLL (sniffed) -> JSONL.gz -> CoNLL gives back the same lines', async () => {
    const dir = await tmp();
    const src = join(dir, 'esp.sample');
    await writeFile(src, CONLL);
    const a = await convertCorpus(src, join(dir, 'out.jsonl.gz'));
    expect(a).toMatchObject({ from: 'conll', to: 'jsonl', read: 3, written: 3, tokens: 15, spans: 4 });
    const b = await convertCorpus(join(dir, 'out.jsonl.gz'), join(dir, 'back.conll'));
    expect(b).toMatchObject({ from: 'jsonl', to: 'conll', written: 3 });
    expect(await readFile(join(dir, 'back.conll'), 'utf8')).toBe(CONLL);
  });

  it('streams stdin to stdout, sniffing the input (the committed AnCora sample)', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c) => chunks.push(c));
    const ancora = join(import.meta.dirname, '__fixtures__/ancora-es/dev-every10th.tsv');
    const s = await convertCorpus('-', '-', { stdin: Readable.from([await readFile(ancora)]), stdout });
    expect(s).toMatchObject({ from: 'conll', to: 'jsonl', read: 300, written: 300, tokens: 9_275, spans: 612 });
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(300);
    expect(JSON.parse(lines[0]!).text).toMatch(/^Cansado pero contento , /);
  });

  it.skipIf(!existsSync(TRAIN))('streams stdin to stdout, sniffing the input (esp.testa)', async () => {
    const stdout = new PassThrough();
    const chunks: Buffer[] = [];
    stdout.on('data', (c) => chunks.push(c));
    const s = await convertCorpus('-', '-', { stdin: Readable.from([await readFile(TRAIN)]), stdout });
    expect(s).toMatchObject({ from: 'conll', to: 'jsonl', read: 1_915, tokens: 52_923, spans: 4_352 });
    const lines = Buffer.concat(chunks).toString('utf8').trim().split('\n');
    expect(lines).toHaveLength(1_915);
    expect(JSON.parse(lines[0]!).text).toBe('Sao Paulo ( Brasil ) , 23 may ( EFECOM ) .');
  });

  it('writes Prodigy JSONL in, BILUO CoNLL out, leaving out (and counting) rejected and partial examples', async () => {
    const dir = await tmp();
    const src = join(dir, 'prodigy.jsonl');
    await writeFile(src, [
      { text: 'Inditex abre en Lisboa', spans: [{ start: 0, end: 7, label: 'ORG' }, { start: 16, end: 22, label: 'GPE' }], answer: 'accept' },
      { text: 'Zara no es Lisboa', spans: [{ start: 0, end: 4, label: 'ORG' }], answer: 'reject' },
      { text: 'Mango vende en Roma', spans: [{ start: 0, end: 5, label: 'ORG' }], answer: 'accept', _view_id: 'ner' },
    ].map((r) => JSON.stringify(r)).join('\n'));
    const out = join(dir, 'out.iob');
    const s = await convertCorpus(src, out, { scheme: 'BILUO', labelMap: { GPE: 'LOC' } });
    expect(s).toMatchObject({ read: 3, written: 1, skipped: { rejected: 1, partial: 1, invalid: 0 } });
    expect(await readFile(out, 'utf8')).toBe('Inditex U-ORG\nabre O\nen O\nLisboa U-LOC\n');
    await convertCorpus(src, out, { partial: 'missing', to: 'conll' });
    expect(await readFile(out, 'utf8')).toContain('\n\nMango B-ORG\nvende -\nen -\nRoma -\n');
  });

  it('stops on malformed input naming file and line, or skips and counts it', async () => {
    const dir = await tmp();
    const src = join(dir, 'bad.jsonl');
    await writeFile(src, [
      JSON.stringify({ text: 'Repsol sube', spans: [{ start: 0, end: 6, label: 'ORG' }] }),
      JSON.stringify({ text: 'Endesa baja', spans: [{ start: 0, end: 40, label: 'ORG' }] }),
      JSON.stringify({ text: 'Iberdrola gana', spans: [{ start: 0, end: 5, label: 'ORG' }] }),
      JSON.stringify({ spans: [] }),
    ].join('\n'));
    await expect(convertCorpus(src, join(dir, 'o.jsonl'))).rejects.toSatisfy((e: NerError) =>
      e.located.startsWith(`${src}:2: Span 0..40`) || e.located === `${src}:2: [spans.0.end] is 40, past the end of the text (11 code points)`);
    const skipped: string[] = [];
    const s = await convertCorpus(src, join(dir, 'o.conll'), { onError: 'skip', onSkip: (e) => skipped.push(e.located) });
    expect(s).toMatchObject({ read: 1, written: 1, skipped: { invalid: 3 } });
    expect(skipped.map((l) => l.split(': ')[0])).toEqual([`${src}:2`, `${src}:3`, `${src}:4`]);
    expect(skipped[1]).toContain('"Iberd" cannot be aligned to tokens');
    await expect(convertCorpus(src, join(dir, 'out.csv'))).rejects.toMatchObject({ code: 'E_CORPUS_UNKNOWN_FORMAT', hint: expect.stringContaining('--to conll|jsonl|prodigy') });
  });

  it('malformed input: every case names the file and the line', async () => {
    const dir = await tmp();
    const ok = JSON.stringify({ text: 'Bankinter ganó más', spans: [{ start: 0, end: 9, label: 'ORG' }] });
    const cases: [string, Buffer, string, RegExp][] = [
      ['bad JSON', Buffer.from(`${ok}\n{"text": "Caixa",}\n`), 'E_CORPUS_BAD_JSON', /:2: invalid JSON/],
      ['missing text', Buffer.from(`${ok}\n{"spans": []}\n`), 'E_CORPUS_SCHEMA', /:2: \[text\] is required/],
      ['span outside the text', Buffer.from(`${ok}\n{"text": "Caixa", "spans": [{"start": 0, "end": 9, "label": "ORG"}]}\n`), 'E_CORPUS_SPAN_OUT_OF_RANGE', /:2: \[spans\.0\.end\] is 9, past the end of the text \(5 code points\)/],
      ['misaligned span', Buffer.from(`${ok}\n{"text": "🚀 La Caixa sube", "spans": [{"start": 2, "end": 7, "label": "ORG"}]}\n`), 'E_CORPUS_SPAN_MISALIGNED', /:2: Span 2\.\.7 "La Ca" cannot be aligned/],
      ['non-UTF-8 bytes', Buffer.concat([Buffer.from(`${ok}\n`), Buffer.from('{"text": "Espa\xf1a"}\n', 'latin1')]), 'E_CORPUS_ENCODING', /:2: the line is not valid UTF-8/],
    ];
    for (const [name, bytes, code, re] of cases) {
      const src = join(dir, `${name.replaceAll(' ', '-')}.jsonl`);
      await writeFile(src, bytes);
      const err = await convertCorpus(src, join(dir, 'out.conll')).then(() => null, (e: NerError) => e);
      expect(err, name).not.toBeNull();
      expect([name, err!.code, err!.file, err!.line]).toEqual([name, code, src, 2]);
      expect(err!.located).toMatch(re);
    }
  });

  it('writes partial binary answers with rejected spans as unknown, never as entities', async () => {
    const dir = await tmp();
    const src = join(dir, 'binary.jsonl');
    await writeFile(src, JSON.stringify({
      text: 'Ana trabaja en Sevilla', _view_id: 'ner', answer: 'accept',
      spans: [{ start: 0, end: 3, label: 'PER', answer: 'accept' }, { start: 15, end: 22, label: 'ORG', answer: 'reject' }],
    }));
    await convertCorpus(src, join(dir, 'out.conll'), { partial: 'missing' });
    expect(await readFile(join(dir, 'out.conll'), 'utf8')).toBe('Ana B-PER\ntrabaja -\nen -\nSevilla -\n');
  });
});
