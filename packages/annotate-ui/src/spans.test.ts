import { describe, expect, it } from 'vitest';
import { tokenize } from '@nerflow/corpus';
import { addSpan, trimRange, labelForKey, pieces, selectionRange, sourceText, spanAt, toAnswerSpans, type PageSpan } from './spans.js';

const text = 'El CTR de Google Ads subió en Madrid.';
const tokens = tokenize(text);

describe('page spans', () => {
  it('snaps a selection dragged right-to-left to the same token range', () => {
    expect(selectionRange({ anchor: 4, focus: 3 })).toEqual([3, 4]);
  });

  it('a new span replaces the spans it overlaps and keeps the others', () => {
    const start: PageSpan[] = [
      { token_start: 1, token_end: 1, label: 'METRICA', source: 'pattern', score: 1 },
      { token_start: 3, token_end: 3, label: 'PLATAFORMA', source: 'model', score: 0.6 },
    ];
    const next = addSpan(start, 3, 4, 'PLATAFORMA');
    expect(next.map((s) => [s.token_start, s.token_end, s.source])).toEqual([[1, 1, 'pattern'], [3, 4, 'user']]);
    expect(spanAt(next, 4)!.label).toBe('PLATAFORMA');
    expect(spanAt(next, 2)).toBeUndefined();
    expect(toAnswerSpans(next)[0]).toEqual({ token_start: 1, token_end: 1, label: 'METRICA', source: 'pattern', score: 1 });
  });

  it('drops whitespace tokens at the ends of a selection', () => {
    const toks = tokenize('Informe:\n\nGoogle Ads');
    const nl = toks.findIndex((t) => t.text.trim() === '');
    expect(nl).toBeGreaterThan(0);
    expect(trimRange(toks, nl, toks.length - 1)).toEqual([nl + 1, toks.length - 1]);
    expect(trimRange(toks, nl, nl)).toBeNull();
  });

  it('maps number keys to labels', () => {
    const labels = ['PLATAFORMA', 'METRICA'];
    expect(labelForKey('2', labels)).toBe('METRICA');
    expect(labelForKey('3', labels)).toBeUndefined();
    expect(labelForKey('a', labels)).toBeUndefined();
  });

  it('cuts the text into tokens and spans covering every token once', () => {
    const ps = pieces({ tokens }, [{ token_start: 3, token_end: 4, label: 'PLATAFORMA', source: 'user' }]);
    const covered = ps.flatMap((p) => (p.kind === 'token' ? [p.index] : p.indices));
    expect(covered).toEqual(tokens.map((_, i) => i));
    expect(ps.find((p) => p.kind === 'span')).toMatchObject({ indices: [3, 4] });
  });

  it('labels where a suggestion came from', () => {
    expect(sourceText({ token_start: 0, token_end: 0, label: 'X', source: 'model', score: 0.8234 })).toBe('model 0.82');
    expect(sourceText({ token_start: 0, token_end: 0, label: 'X', source: 'pattern' })).toBe('pattern');
  });
});
