import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NerError } from './errors.js';
import { sliceCodePoints } from './offsets.js';
import { addTokenIndices, alignCharSpan, assertNoOverlaps, findOverlaps, isPartial, tokenSpanToChars, tryAlignCharSpan } from './spans.js';
import { tokenize } from './tokenizer.js';

// Astral characters (emoji, mathematical letters) before the span shift UTF-16 indices but not code points.
const text = '🚀🇪🇸 Lanzamos la campaña de 𝒢oogle Ads en Barcelona el lunes 😀.';
const tokens = tokenize(text);
const cp = (s: string) => [...text.slice(0, text.indexOf(s))].length;

describe('alignCharSpan', () => {
  it('aligns exact spans after emoji using code-point offsets', () => {
    const start = cp('Barcelona');
    expect(start).not.toBe(text.indexOf('Barcelona')); // the test means something only if the systems differ
    const a = alignCharSpan(tokens, start, start + 9);
    expect(tokens[a.token_start]!.text).toBe('Barcelona');
    expect(a.token_end).toBe(a.token_start);
    const g = cp('𝒢oogle');
    const b = alignCharSpan(tokens, g, g + [...'𝒢oogle Ads'].length);
    expect(tokens.slice(b.token_start, b.token_end + 1).map((t) => t.text)).toEqual(['𝒢oogle', 'Ads']);
    expect(sliceCodePoints(text, b.start, b.end)).toBe('𝒢oogle Ads');
  });

  it('strict mode names the span text and the nearest token boundaries', () => {
    const start = cp('Barcelona') + 1; // "arcelona el"
    try {
      alignCharSpan(tokens, start, start + 11, { text, file: 'data/a.jsonl', line: 7 });
      expect.unreachable();
    } catch (e) {
      const err = e as NerError;
      expect(err.code).toBe('E_CORPUS_SPAN_MISALIGNED');
      expect(err.located).toMatch(/^data\/a\.jsonl:7: Span \d+\.\.\d+ "arcelona el" cannot be aligned/);
      expect(err.message).toContain(`nearest token start: ${start - 1} or ${start + 9}`);
      expect(err.hint).toMatch(/expand/);
    }
  });

  it('expand and contract snap like spaCy char_span', () => {
    const start = cp('campaña') + 2; // "mpaña de 𝒢oo"
    const end = cp('𝒢oogle') + 3;
    const ex = alignCharSpan(tokens, start, end, { mode: 'expand' });
    expect(sliceCodePoints(text, ex.start, ex.end)).toBe('campaña de 𝒢oogle');
    const co = alignCharSpan(tokens, start, end, { mode: 'contract' });
    expect(sliceCodePoints(text, co.start, co.end)).toBe('de');
    // Whitespace around the span is dropped in both modes.
    const sp = cp('Barcelona') - 1;
    const around = alignCharSpan(tokens, sp, sp + 11, { mode: 'expand' });
    expect(sliceCodePoints(text, around.start, around.end)).toBe('Barcelona');
    expect(tryAlignCharSpan(tokens, start, start + 3, 'contract')).toBeNull();
    expect(() => alignCharSpan(tokens, start, start + 3, { mode: 'contract' })).toThrow(/no token lies entirely inside it/);
    expect(() => alignCharSpan(tokens, 5, 5)).toThrow(/empty or reversed/);
  });

  it('property: every token span maps to chars and back', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: tokens.length - 1 }), fc.integer({ min: 0, max: 5 }), (i, len) => {
      const j = Math.min(tokens.length - 1, i + len);
      const { start, end } = tokenSpanToChars(tokens, i, j);
      for (const mode of ['strict', 'expand', 'contract'] as const) {
        expect(alignCharSpan(tokens, start, end, { mode })).toEqual({ start, end, token_start: i, token_end: j });
      }
    }));
  });
});

describe('addTokenIndices', () => {
  it('fills token indices and reports misaligned spans with file and line', () => {
    const start = cp('Barcelona');
    const ex = addTokenIndices({ text, tokens, spans: [{ start, end: start + 9, label: 'LOC' } as never] });
    expect(ex.spans![0]).toMatchObject({ token_start: tokens.findIndex((t) => t.text === 'Barcelona'), label: 'LOC' });
    expect(() => addTokenIndices({ text, tokens, spans: [{ start, end: start + 4, label: 'LOC' } as never] }, { file: 'x.jsonl', line: 3 }))
      .toThrow(expect.objectContaining({ file: 'x.jsonl', line: 3, message: expect.stringContaining('"Barc"') }));
    expect(() => addTokenIndices({ text, spans: [] }, { file: 'x.jsonl', line: 4 })).toThrow(/has no tokens/);
  });
});

describe('overlaps', () => {
  it('finds every overlapping pair and names them', () => {
    const spans = [
      { start: 10, end: 20, label: 'ORG' }, { start: 0, end: 5, label: 'PER' }, { start: 15, end: 30, label: 'LOC' },
      { start: 20, end: 25, label: 'MISC' }, { start: 5, end: 10, label: 'PER' },
    ];
    expect(findOverlaps(spans)).toEqual([[0, 2], [2, 3]]);
    expect(() => assertNoOverlaps(spans, { file: 'f.jsonl', line: 2 })).toThrow(/Spans 0 \(ORG 10\.\.20\) and 2 \(LOC 15\.\.30\) overlap/);
    expect(() => assertNoOverlaps([spans[1]!, spans[4]!])).not.toThrow();
  });

  it('property: findOverlaps agrees with the quadratic definition', () => {
    const spanArb = fc.tuple(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 8 })).map(([s, l]) => ({ start: s, end: s + l, label: 'X' }));
    fc.assert(fc.property(fc.array(spanArb, { maxLength: 12 }), (spans) => {
      const expected: [number, number][] = [];
      for (let i = 0; i < spans.length; i++) for (let j = i + 1; j < spans.length; j++) {
        if (spans[i]!.start < spans[j]!.end && spans[j]!.start < spans[i]!.end) expected.push([i, j]);
      }
      expect(findOverlaps(spans)).toEqual(expected);
    }));
  });
});

describe('isPartial', () => {
  it('is true for _partial, the binary ner view and per-span answers', () => {
    expect(isPartial({ text: 'Hola' })).toBe(false);
    expect(isPartial({ text: 'Hola', _view_id: 'ner_manual' })).toBe(false);
    expect(isPartial({ text: 'Hola', _partial: true })).toBe(true);
    expect(isPartial({ text: 'Hola', _view_id: 'ner' })).toBe(true);
    expect(isPartial({ text: 'Hola', spans: [{ start: 0, end: 4, token_start: 0, token_end: 0, label: 'X', answer: 'reject' }] })).toBe(true);
  });
});
