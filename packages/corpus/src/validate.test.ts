import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tokenize } from './tokenizer.js';
import { formatProblem, validateExample } from './validate.js';
import { validateCorpus } from './validate-corpus.js';

const text = '🇪🇸 Iberia abre una ruta entre Madrid y Bogotá.';
const tokens = tokenize(text);
const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;
const span = (word: string, label: string) => {
  const start = cp(word), end = start + [...word].length;
  const ts = tokens.findIndex((t) => t.start === start), te = tokens.findIndex((t) => t.end === end);
  return { start, end, token_start: ts, token_end: te, label };
};
const good = { text, tokens, spans: [span('Iberia', 'ORG'), span('Madrid', 'LOC'), span('Bogotá', 'LOC')], answer: 'accept' };

describe('validateExample', () => {
  it('accepts a good record with astral characters before the spans (code-point offsets)', () => {
    expect(cp('Madrid')).not.toBe(text.indexOf('Madrid'));
    expect(validateExample(good)).toEqual([]);
  });

  it('reports every problem with its JSON path, file and line', () => {
    const rec = {
      text, tokens: tokens.map((t, i) => (i === 2 ? { ...t, text: 'abrió' } : t)),
      spans: [
        { ...span('Madrid', 'LOC'), end: 999 },
        { ...span('Bogotá', 'LOC'), start: cp('Bogotá') + 1 },
        { ...span('Iberia', 'ORG'), token_end: undefined },
        { start: 3, end: 1, label: 'X' },
        { ...span('Iberia', ''), },
      ],
    };
    const problems = validateExample(rec, { file: 'corpus/rutas.jsonl', line: 12 });
    const lines = problems.map(formatProblem);
    expect(lines).toEqual(expect.arrayContaining([
      'corpus/rutas.jsonl:12: [spans.4.label] Too small: expected string to have >=1 characters',
      expect.stringMatching(/^corpus\/rutas\.jsonl:12: \[tokens\.2\.text\] is "abrió" but the text at 10\.\.14 is "abre"$/),
      'corpus/rutas.jsonl:12: [spans.0.end] is 999, past the end of the text (46 code points)',
      expect.stringMatching(/\[spans\.1\.start\] is \d+ \("ogotá"\) but token \d+ starts at \d+/),
      'corpus/rutas.jsonl:12: [spans.2.token_end] is required when the example has tokens',
      'corpus/rutas.jsonl:12: [spans.3] is empty or reversed (3..1)',
    ]));
    expect(problems.every((p) => p.file === 'corpus/rutas.jsonl' && p.line === 12)).toBe(true);
  });

  it('requires text and checks types', () => {
    expect(validateExample({ spans: [] }).map(formatProblem)).toEqual(['[text] is required (string)']);
    expect(validateExample([1, 2]).map((p) => p.code)).toEqual(['E_CORPUS_SCHEMA']);
  });

  it('flags tokens out of order and whitespace that disagrees with ws', () => {
    const t = tokenize('Hola  Madrid');
    const swapped = { text: 'Hola Madrid', tokens: [{ text: 'Madrid', start: 5, end: 11, id: 0, ws: false }, { text: 'Hola', start: 0, end: 4, id: 1, ws: true }] };
    expect(validateExample(swapped).map((p) => p.path)).toContain('tokens.1.start');
    const wrongWs = { text: 'Hola  Madrid', tokens: t.map((x) => ({ ...x, ws: false })).filter((x) => x.text.trim()) };
    expect(validateExample(wrongWs).map(formatProblem)).toContain('[tokens.0.ws] says "" follows the token, but the text has "  "');
    expect(validateExample({ text: 'Hola Madrid', tokens: [{ text: 'Hola', start: 0, end: 4, id: 0, ws: true }] }).map((p) => p.message))
      .toContain('the text after the last token, " Madrid", is not covered by any token');
  });

  it('refuses overlaps only in complete accepted annotations', () => {
    const overlapping = { ...good, spans: [...good.spans, { ...span('Iberia', 'ORG'), label: 'MARCA' }] };
    expect(validateExample(overlapping).map(formatProblem)).toEqual(['[spans.3] "Iberia" overlaps spans.0 "Iberia" in a complete annotation']);
    expect(validateExample({ ...overlapping, answer: 'reject' })).toEqual([]);
    expect(validateExample({ ...overlapping, _view_id: 'ner' })).toEqual([]);
  });
});

describe('validateCorpus', () => {
  it('streams a file and reports unreadable lines and invalid records, each at its line', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'nerflow-validate-')), 'rutas.jsonl');
    await writeFile(path, Buffer.concat([
      Buffer.from(`${JSON.stringify(good)}\n{"text": "Vuelos a Lima", "spans": [{"start": 9, "end": 20, "label": "LOC"}]}\n{"text": \n\n`),
      Buffer.from('{"text": "Espa\xf1a"}\n', 'latin1'),
      Buffer.from('{"meta": {}}\n'),
    ]));
    const summary = await validateCorpus(path);
    expect(summary).toMatchObject({ examples: 5, invalid: 4, problemCount: 4 });
    expect(summary.problems.map(formatProblem)).toEqual([
      `${path}:2: [spans.0.end] is 20, past the end of the text (13 code points)`,
      expect.stringMatching(new RegExp(`^${path}:3: invalid JSON`)),
      `${path}:5: the line is not valid UTF-8`,
      `${path}:6: [text] is required (string)`,
    ]);
  });

  it('validates CoNLL files: invalid IOB2 at its line, and the first malformed line', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'nerflow-validate-')), 'esp.sample');
    await writeFile(path, 'El O\nBanco I-ORG\nde I-ORG\nEspaña I-ORG\n\nSevilla B-LOC\nB-LOC\n');
    const summary = await validateCorpus(path);
    expect(summary).toMatchObject({ format: 'conll', examples: 1, invalid: 1, problemCount: 2 });
    expect(summary.problems.map(formatProblem)).toEqual([
      `${path}:2: [tags.1] Invalid IOB2 sequence at tag 1 'I-ORG': it continues no entity (… O I-ORG I-ORG …)`,
      `${path}:7: expected "TOKEN TAG" columns, got "B-LOC" (reading stopped here)`,
    ]);
  });

  it('finds no problem in the committed AnCora sample', async () => {
    expect(await validateCorpus(join(import.meta.dirname, '__fixtures__/ancora-es/dev-every10th.tsv'))).toMatchObject({ format: 'conll', examples: 300, invalid: 0, problemCount: 0 });
  });

  it('finds no problem in the real CoNLL-2002 dev set', async () => {
    const testa = join(import.meta.dirname, '../../../../shared/data/conll2002-es/esp.testa');
    if (!existsSync(testa)) return void console.log('skipped: ../shared/data/conll2002-es is absent');
    expect(await validateCorpus(testa)).toMatchObject({ format: 'conll', examples: 1_915, problemCount: 0 });
  });
});
