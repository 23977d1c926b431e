import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NerError } from './errors.js';
import { sliceCodePoints } from './offsets.js';
import { fromProdigy, readProdigy, toProdigy, writeProdigy } from './prodigy.js';
import { validateExample } from './validate.js';

const collect = async <T>(it: AsyncIterable<T>) => { const out: T[] = []; for await (const x of it) out.push(x); return out; };

describe('fromProdigy', () => {
  it('tokenizes records without tokens and adds token indices and hashes', () => {
    const text = '😀 Mercadona abrirá 30 tiendas en Portugal, según EFE.';
    const start = [...text].indexOf('P');
    const ex = fromProdigy({ text, spans: [{ start, end: start + 8, label: 'LOC' }], answer: 'accept' });
    expect(sliceCodePoints(text, ex.spans![0]!.start, ex.spans![0]!.end)).toBe('Portugal');
    expect(ex.tokens![ex.spans![0]!.token_start]!.text).toBe('Portugal');
    expect(typeof ex._input_hash).toBe('number');
    expect(validateExample(ex)).toEqual([]);
  });

  it('fills ws and id for old Prodigy tokens, computes offsets from token indices and keeps extra keys', () => {
    const rec = {
      text: 'Visité Buenos Aires ayer',
      tokens: [
        { text: 'Visité', start: 0, end: 6 }, { text: 'Buenos', start: 7, end: 13 },
        { text: 'Aires', start: 14, end: 19 }, { text: 'ayer', start: 20, end: 24 },
      ],
      spans: [{ token_start: 1, token_end: 2, label: 'LOC', source: 'ner.manual' }],
      _view_id: 'ner_manual', _input_hash: 123, _task_hash: 456, custom: 'kept',
    };
    const ex = fromProdigy(rec);
    expect(ex.tokens!.map((t) => [t.id, t.ws])).toEqual([[0, true], [1, true], [2, true], [3, false]]);
    expect(ex.spans).toEqual([{ start: 7, end: 19, token_start: 1, token_end: 2, label: 'LOC', source: 'ner.manual' }]);
    expect([ex._input_hash, ex._task_hash, ex.custom]).toEqual([123, 456, 'kept']);
    expect(validateExample(ex)).toEqual([]);
  });

  it('turns whitespace gaps of old tokens into whitespace tokens, as spaCy, and remaps token indices', () => {
    const text = 'Informe anual\n\nBanco  Santander';
    const tokens = [
      { text: 'Informe', start: 0, end: 7 }, { text: 'anual', start: 8, end: 13 },
      { text: 'Banco', start: 15, end: 20 }, { text: 'Santander', start: 22, end: 31 },
    ];
    const ex = fromProdigy({ text, tokens, spans: [{ token_start: 2, token_end: 3, label: 'ORG' }] });
    expect(ex.tokens!.map((t) => [t.text, t.ws])).toEqual([['Informe', true], ['anual', false], ['\n\n', false], ['Banco', true], [' ', false], ['Santander', false]]);
    expect(ex.spans![0]).toMatchObject({ start: 15, end: 31, token_start: 3, token_end: 5 });
    expect(validateExample(ex)).toEqual([]);
  });

  it('maps labels and names the line of a misaligned span, or snaps it when asked', () => {
    const rec = { text: 'La Generalitat de Catalunya y el BBVA', spans: [{ start: 3, end: 16, label: 'ORG' }, { start: 33, end: 37, label: 'BANK' }] };
    expect(() => fromProdigy(rec, { file: 'a.jsonl', line: 4 })).toThrow(expect.objectContaining({ code: 'E_CORPUS_SPAN_MISALIGNED', line: 4 }));
    const ok = fromProdigy({ ...rec, spans: [{ start: 3, end: 27, label: 'ORG' }, rec.spans[1]!] }, { labelMap: { BANK: 'O' } });
    expect(ok.spans!.map((s) => s.label)).toEqual(['ORG']);
    const snapped = fromProdigy({ ...rec, spans: [{ start: 4, end: 16, label: 'ORG' }] }, { align: 'expand' });
    expect(sliceCodePoints(rec.text, snapped.spans![0]!.start, snapped.spans![0]!.end)).toBe('Generalitat de');
  });
});

describe('Prodigy files', () => {
  it('reads with file:line errors, skips when asked, and writes with or without nerflow-only fields', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nerflow-prodigy-'));
    const path = join(dir, 'in.jsonl');
    await writeFile(path, [
      JSON.stringify({ text: 'Telefónica ficha a Ana', spans: [{ start: 0, end: 10, label: 'ORG' }], _partial: true, _view_id: 'ner', answer: 'accept' }),
      JSON.stringify({ meta: { page: 1 } }),
      '{"text": "roto"',
    ].join('\n'));
    await expect(collect(readProdigy(path))).rejects.toSatisfy((e: NerError) => e.located === `${path}:2: [text] is required (string)`);
    const skipped: string[] = [];
    const examples = await collect(readProdigy(path, { onError: 'skip', onSkip: (e) => skipped.push(e.located) }));
    expect(examples).toHaveLength(1);
    expect(skipped).toEqual([`${path}:2: [text] is required (string)`, expect.stringMatching(new RegExp(`^${path}:3: invalid JSON`))]);
    const out = join(dir, 'out.jsonl');
    await writeProdigy(out, examples, { strip: true });
    const written = JSON.parse(await readFile(out, 'utf8'));
    expect(written._partial).toBeUndefined();
    expect(written.answer).toBe('accept');
    expect(toProdigy(examples[0]!)._partial).toBe(true);
  });
});
