import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PatternMatcher, filterLongest, type PatternMatch } from './matcher.js';
import { parsePattern, patternText, type Pattern, type PatternToken } from './patterns.js';
import type { Token } from './types.js';

/** Whitespace tokens with code-point offsets (enough for tests of the matcher itself). */
function wsTokens(text: string): Token[] {
  const out: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    out.push({ text: m[0], start: m.index, end: m.index + m[0].length, id: out.length, ws: true });
  }
  return out;
}
const split = (t: string) => t.split(/\s+/).filter(Boolean).map((text) => ({ text }));

/** Naive reference: try every pattern at every start, then keep longest non-overlapping. */
function naive(patterns: Pattern[], words: string[], phraseAttr: 'orth' | 'lower' = 'orth'): PatternMatch[] {
  const found: PatternMatch[] = [];
  patterns.forEach((p, pi) => {
    const toks: { attr: string; value: string }[] =
      typeof p.pattern === 'string'
        ? split(p.pattern).map((t) => ({ attr: phraseAttr, value: phraseAttr === 'lower' ? t.text.toLowerCase() : t.text }))
        : p.pattern.map((t) => {
            const [k, v] = Object.entries(t)[0]!;
            return { attr: k === 'text' ? 'orth' : k, value: v };
          });
    if (toks.length === 0) return;
    for (let i = 0; i + toks.length <= words.length; i++) {
      const ok = toks.every(({ attr, value }, k) => (attr === 'lower' ? words[i + k]!.toLowerCase() : words[i + k]) === value);
      if (ok) found.push({ start: i, end: i + toks.length, pattern: pi, label: p.label });
    }
  });
  const taken = new Array<boolean>(words.length).fill(false);
  const kept: PatternMatch[] = [];
  for (let len = words.length; len >= 1; len--) {
    for (let s = 0; s + len <= words.length; s++) {
      const cands = found.filter((m) => m.start === s && m.end === s + len).sort((a, b) => a.pattern - b.pattern);
      if (cands.length === 0 || taken.slice(s, s + len).some(Boolean)) continue;
      taken.fill(true, s, s + len);
      kept.push(cands[0]!);
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}

describe('PatternMatcher', () => {
  const patterns = [
    { label: 'LENGUAJE', pattern: [{ lower: 'visual' }, { lower: 'basic' }] },
    { label: 'LENGUAJE', pattern: [{ lower: 'java' }] },
    { label: 'PROTOCOLO', pattern: [{ orth: 'TCP/IP' }] },
    { label: 'HERRAMIENTA', pattern: 'Visual Studio Code' },
  ].map((p) => parsePattern(p));

  it('matches token and phrase patterns with the longest match winning', () => {
    const text = 'Programamos en Visual Basic y en Java con Visual Studio Code sobre TCP/IP y tcp/ip .';
    const tokens = wsTokens(text);
    const spans = new PatternMatcher(patterns, { tokenize: split }).matchSpans(tokens);
    const got = spans.map((s) => [text.slice(s.start, s.end), s.label, s.source]);
    expect(got).toEqual([
      ['Visual Basic', 'LENGUAJE', 'pattern'],
      ['Java', 'LENGUAJE', 'pattern'],
      ['Visual Studio Code', 'HERRAMIENTA', 'pattern'],
      ['TCP/IP', 'PROTOCOLO', 'pattern'],
    ]);
    expect(spans[0]).toMatchObject({ token_start: 2, token_end: 3, score: 1, pattern: 0 });
  });

  it('prefers the longer of two overlapping matches and then the leftmost', () => {
    const m = new PatternMatcher(
      [
        { label: 'A', pattern: [{ lower: 'base' }, { lower: 'de' }] },
        { label: 'B', pattern: [{ lower: 'de' }, { lower: 'datos' }, { lower: 'relacional' }] },
        { label: 'C', pattern: [{ lower: 'base' }] },
      ],
    ).match(split('una base de datos relacional'));
    expect(m.map((x) => [x.start, x.end, x.label])).toEqual([[1, 2, 'C'], [2, 5, 'B']]);
  });

  it('agrees with a naive reference on random inputs', () => {
    const vocab = ['java', 'Java', 'JAVA', 'de', 'la', 'red', 'Red', 'TCP', 'IP', 'base', 'datos'];
    const word = fc.constantFrom(...vocab);
    const ptoken: fc.Arbitrary<PatternToken> = fc.oneof(
      word.map((w) => ({ lower: w.toLowerCase() })),
      word.map((w) => ({ orth: w })),
      word.map((w) => ({ text: w })),
    );
    const pattern = fc.record({
      label: fc.constantFrom('A', 'B', 'C'),
      pattern: fc.oneof(fc.array(ptoken, { minLength: 1, maxLength: 4 }), fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join(' '))),
    });
    fc.assert(
      fc.property(
        fc.array(pattern, { minLength: 1, maxLength: 12 }),
        fc.array(word, { maxLength: 40 }),
        fc.constantFrom<'orth' | 'lower'>('orth', 'lower'),
        (pats, words, phraseAttr) => {
          const got = new PatternMatcher(pats, { tokenize: split, phraseAttr }).match(words.map((text) => ({ text })));
          expect(got).toEqual(naive(pats, words, phraseAttr));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('filterLongest never returns overlapping matches', () => {
    const out = filterLongest([
      { start: 0, end: 3, pattern: 0, label: 'A' },
      { start: 2, end: 6, pattern: 1, label: 'B' },
      { start: 0, end: 2, pattern: 2, label: 'C' },
    ]);
    expect(out.map((m) => m.label)).toEqual(['C', 'B']);
  });

  it('asks for a tokenizer when given phrase patterns without one', () => {
    expect(() => new PatternMatcher([{ label: 'X', pattern: 'tasa de conversión' }])).toThrow(/needs a tokenizer/);
  });
});

describe('parsePattern', () => {
  it('accepts spaCy upper-case keys and normalises them', () => {
    expect(parsePattern({ label: 'L', pattern: [{ LOWER: 'google' }, { TEXT: 'Ads' }] })).toEqual({
      label: 'L', pattern: [{ lower: 'google' }, { text: 'Ads' }],
    });
  });

  it('rejects operators, empty patterns and missing labels naming file and line', () => {
    const where = { file: 'patrones.jsonl', line: 7 };
    expect(() => parsePattern({ label: 'L', pattern: [{ lower: 'a', OP: '+' }] }, where)).toThrow(/exactly one attribute/);
    expect(() => parsePattern({ label: 'L', pattern: [{ pos: 'NOUN' }] }, where)).toThrow(/unsupported attribute "pos"/);
    expect(() => parsePattern({ label: 'L', pattern: [] }, where)).toThrow(/non-empty array/);
    try {
      parsePattern({ pattern: 'hola' }, where);
      expect.unreachable();
    } catch (e) {
      expect((e as { located: string }).located).toBe('patrones.jsonl:7: Bad pattern: "label" must be a non-empty string');
    }
  });

  it('describes patterns for per-pattern counts', () => {
    expect(patternText({ label: 'L', pattern: [{ lower: 'google' }, { lower: 'ads' }] })).toBe('google ads');
    expect(patternText({ label: 'L', pattern: 'tasa de conversión' })).toBe('tasa de conversión');
  });
});
