import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenize } from '@nerflow/corpus';
import { describe, expect, it } from 'vitest';
import { EvalErrors } from './errors.js';
import { evaluate } from './evaluate.js';
import { loadCorpus } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'nerflow-eval-load-'));
const put = (name: string, text: string) => { const p = join(dir, name); writeFileSync(p, text); return p; };

describe('loadCorpus', () => {
  it('keeps raw CoNLL tags, an I- after O included (conlleval needs them)', async () => {
    const p = put('raw.conll', 'El O\nPresidente I-PER\nAznar I-PER\nhabló O\n\nEn O\nMadrid B-LOC\n');
    const { sentences } = await loadCorpus(p);
    expect(sentences.map((s) => s.tags)).toEqual([['O', 'I-PER', 'I-PER', 'O'], ['O', 'B-LOC']]);
    expect(sentences[0]!.where).toBe(`${p}:1`);
    expect(sentences[1]!.where).toBe(`${p}:6`);
  });

  it('reads JSONL spans as IOB2 tags, tokenizing when tokens are absent, and aligns with CoNLL', async () => {
    const text = 'El Presidente Aznar habló';
    const jsonl = put('gold.jsonl', `${JSON.stringify({ text, spans: [{ start: 3, end: 19, label: 'PER' }] })}\n`);
    const conll = put('pred.conll', 'El O\nPresidente I-PER\nAznar I-PER\nhabló O\n');
    const [g, p] = await Promise.all([loadCorpus(jsonl, { side: 'gold' }), loadCorpus(conll)]);
    expect(g.sentences[0]!.tokens).toEqual(tokenize(text).map((t) => t.text));
    expect(g.sentences[0]!.tags).toEqual(['O', 'B-PER', 'I-PER', 'O']);
    expect(evaluate(g.sentences, p.sentences).micro.f).toBe(1); // conlleval: the I-PER run is the same entity
    expect(evaluate(g.sentences, p.sentences, { mode: 'strict' }).micro.f).toBe(0);
  });

  it('uses raw _conll_tags only while they agree with the spans (spans edited later win)', async () => {
    const tokens = tokenize('El Presidente Aznar habló');
    const base = { text: 'El Presidente Aznar habló', tokens, _conll_tags: ['O', 'I-PER', 'I-PER', 'O'] };
    const agree = { ...base, spans: [{ start: 3, end: 19, token_start: 1, token_end: 2, label: 'PER' }] };
    const edited = { ...base, spans: [{ start: 14, end: 19, token_start: 2, token_end: 2, label: 'PER' }] };
    const p = put('stale.jsonl', `${JSON.stringify(agree)}\n${JSON.stringify(edited)}\n`);
    const { sentences } = await loadCorpus(p);
    expect(sentences[0]!.tags).toEqual(['O', 'I-PER', 'I-PER', 'O']);
    expect(sentences[1]!.tags).toEqual(['O', 'O', 'B-PER', 'O']);
  });

  it('skips reject/ignore answers and refuses partial (binary) gold annotations with file:line', async () => {
    const lines = [
      { text: 'Hola Ana', spans: [], answer: 'reject' },
      { text: 'Vivo en Lugo', spans: [{ start: 8, end: 12, label: 'LOC' }], answer: 'accept' },
      { text: 'Ana vive en Lugo', spans: [{ start: 0, end: 3, label: 'PER', answer: 'accept' }], _view_id: 'ner', answer: 'accept' },
    ];
    const p = put('partial.jsonl', lines.map((l) => JSON.stringify(l)).join('\n'));
    await expect(loadCorpus(p, { side: 'gold' })).rejects.toMatchObject({ code: EvalErrors.BAD_EXAMPLE, file: p, line: 3 });
    const ok = await loadCorpus(p, { side: 'pred' });
    expect(ok.skipped).toBe(1);
    expect(ok.sentences).toHaveLength(2);
  });

  it('refuses the missing-value tag "-" (unknown labels cannot be scored)', async () => {
    const p = put('missing.conll', 'Vivo O\nen -\nLugo B-LOC\n');
    await expect(loadCorpus(p)).rejects.toMatchObject({ code: EvalErrors.BAD_EXAMPLE, message: expect.stringMatching(/token 1 \("en"\) has the missing-value tag/) });
  });

  it('names file and line for a span that does not fit the tokens', async () => {
    const p = put('bad.jsonl', `${JSON.stringify({ text: 'Vivo en Lugo', spans: [{ start: 9, end: 12, label: 'LOC' }] })}\n`);
    await expect(loadCorpus(p)).rejects.toMatchObject({ file: p, line: 1 });
  });
});

describe('error codes', () => {
  it('are unique and namespaced', () => {
    const codes = Object.values(EvalErrors);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^E_EVAL_[A-Z_]+$/);
  });
});
