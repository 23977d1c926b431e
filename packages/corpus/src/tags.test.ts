import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NerError } from './errors.js';
import {
  biluoToIob, chunksToTags, iobToBiluo, isValidTransition, spansToTags, tagsFor, tagsToChunks, tagsToSpans, type Chunk,
} from './tags.js';
import { tokenize } from './tokenizer.js';

const text = 'El Abogado General del Estado , Daryl Williams , subrayó hoy en Melbourne la necesidad de reformar la Ley .';
const tokens = tokenize(text);
const iob = ['O', 'B-PER', 'I-PER', 'I-PER', 'I-PER', 'O', 'B-PER', 'I-PER', 'O', 'O', 'O', 'O', 'B-LOC', 'O', 'O', 'O', 'O', 'B-MISC', 'I-MISC', 'O'];

describe('tags <-> spans', () => {
  it('reads IOB2 tags into spans with code-point offsets and inclusive token ends', () => {
    expect(tokens).toHaveLength(iob.length);
    const spans = tagsToSpans(tokens, iob, 'IOB2');
    expect(spans.map((s) => [text.slice(s.start, s.end), s.label, s.token_start, s.token_end])).toEqual([
      ['Abogado General del Estado', 'PER', 1, 4],
      ['Daryl Williams', 'PER', 6, 7],
      ['Melbourne', 'LOC', 12, 12],
      ['la Ley', 'MISC', 17, 18],
    ]);
    expect(spansToTags(tokens, spans, 'IOB2')).toEqual(iob);
  });

  it('writes BILUO and marks unknown tokens as missing for partial annotations', () => {
    const spans = tagsToSpans(tokens, iob, 'IOB2');
    const biluo = spansToTags(tokens, spans, 'BILUO');
    expect(biluo.slice(0, 8)).toEqual(['O', 'B-PER', 'I-PER', 'I-PER', 'L-PER', 'O', 'B-PER', 'L-PER']);
    expect(biluo[12]).toBe('U-LOC');
    const partial = spansToTags(tokens, [spans[2]!], 'BILUO', { missing: true });
    expect(partial.filter((t) => t === '-')).toHaveLength(tokens.length - 1);
    expect(partial[12]).toBe('U-LOC');
  });

  it('aligns spans without token indices from their character offsets', () => {
    const start = text.indexOf('Melbourne');
    expect(spansToTags(tokens, [{ start, end: start + 9, label: 'LOC' }], 'IOB2')[12]).toBe('B-LOC');
  });

  it('refuses overlapping spans', () => {
    const spans = [{ start: 0, end: 10, label: 'ORG' }, { start: 3, end: 10, label: 'PER' }];
    expect(() => spansToTags(tokens, spans, 'IOB2')).toThrow(/overlap/);
  });

  it('names the bad tag of an invalid sequence, and reads it leniently when asked', () => {
    const bad = ['O', 'I-PER', 'I-PER', 'O'];
    const toks = tokenize('Dijo Felipe González ayer');
    try {
      tagsToSpans(toks, bad, 'IOB2');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(NerError);
      expect((e as NerError).code).toBe('E_CORPUS_BAD_TAG');
      expect((e as NerError).message).toMatch(/tag 1 'I-PER': it continues no entity/);
    }
    expect(tagsToSpans(toks, bad, 'IOB2', { lenient: true }).map((s) => [s.token_start, s.token_end])).toEqual([[1, 2]]);
    expect(() => tagsToChunks(['B-PER', 'I-LOC'], 'IOB2')).toThrow(/continues a PER entity with label LOC/);
    expect(() => tagsToChunks(['B-PER', 'O'], 'BILUO')).toThrow(/never closed/);
    expect(() => tagsToChunks(['B-PER'], 'BILUO')).toThrow(/never closed/);
    expect(() => tagsToChunks(['U-PER'], 'IOB2')).toThrow(/not part of IOB2/);
    expect(() => tagsToChunks(['PER'], 'IOB2')).toThrow(/is not a tag/);
    expect(() => tagsToSpans(toks, ['O'], 'IOB2')).toThrow(/1 tags for 4 tokens/);
  });

  it('reads IOB1 and BIOES leniently', () => {
    expect(tagsToChunks(['I-ORG', 'I-ORG', 'B-ORG', 'O', 'S-LOC', 'B-PER', 'E-PER'], 'IOB2', { lenient: true })).toEqual([
      { start: 0, end: 2, label: 'ORG' }, { start: 2, end: 3, label: 'ORG' }, { start: 4, end: 5, label: 'LOC' }, { start: 5, end: 7, label: 'PER' },
    ]);
  });

  it('converts between schemes and keeps missing tags', () => {
    expect(iobToBiluo(['B-ORG', 'I-ORG', 'I-ORG', '-', 'B-LOC', 'O'])).toEqual(['B-ORG', 'I-ORG', 'L-ORG', '-', 'U-LOC', 'O']);
    expect(biluoToIob(['B-ORG', 'I-ORG', 'L-ORG', '-', 'U-LOC', 'O'])).toEqual(['B-ORG', 'I-ORG', 'I-ORG', '-', 'B-LOC', 'O']);
  });

  it('lists every tag of a scheme', () => {
    expect(tagsFor(['PER', 'LOC'], 'IOB2')).toEqual(['O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC']);
    expect(tagsFor(['PER'], 'BILUO')).toEqual(['O', 'B-PER', 'I-PER', 'L-PER', 'U-PER']);
  });
});

/** Random non-overlapping chunks over n tokens. */
const chunksArb = fc.integer({ min: 0, max: 40 }).chain((n) =>
  fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 4 }), fc.constantFrom('PER', 'LOC', 'ORG', 'MISC', 'MARCA')), { maxLength: 10 })
    .map((parts) => {
      const chunks: Chunk[] = [];
      let at = 0;
      for (const [gap, len, label] of parts) {
        const start = at + gap;
        if (start + len > n) break;
        chunks.push({ start, end: start + len, label });
        at = start + len;
      }
      return { n, chunks };
    }));

describe('round trips (property)', () => {
  it('chunks -> tags -> chunks is the identity in both schemes', () => {
    fc.assert(fc.property(chunksArb, ({ n, chunks }) => {
      for (const scheme of ['IOB2', 'BILUO'] as const) {
        const tags = chunksToTags(chunks, n, scheme);
        expect(tags).toHaveLength(n);
        expect(tagsToChunks(tags, scheme)).toEqual(chunks);
      }
    }), { numRuns: 500 });
  });

  it('iobToBiluo and biluoToIob are inverse, and every produced sequence has only valid transitions', () => {
    fc.assert(fc.property(chunksArb, ({ n, chunks }) => {
      const iob2 = chunksToTags(chunks, n, 'IOB2');
      const biluo = iobToBiluo(iob2);
      expect(biluo).toEqual(chunksToTags(chunks, n, 'BILUO'));
      expect(biluoToIob(biluo)).toEqual(iob2);
      for (const [scheme, tags] of [['IOB2', iob2], ['BILUO', biluo]] as const) {
        const seq = [null, ...tags, null];
        for (let i = 1; i < seq.length; i++) expect(isValidTransition(seq[i - 1]!, seq[i]!, scheme)).toBe(true);
      }
    }), { numRuns: 500 });
  });

  it('a sequence made only of valid transitions always parses strictly (and an invalid one never does)', () => {
    const tagArb = fc.constantFrom(...tagsFor(['PER', 'LOC'], 'BILUO'));
    fc.assert(fc.property(fc.array(tagArb, { maxLength: 8 }), fc.constantFrom('IOB2' as const, 'BILUO' as const), (tags, scheme) => {
      const seq = [null, ...tags, null];
      let valid = true;
      for (let i = 1; i < seq.length; i++) if (!isValidTransition(seq[i - 1]!, seq[i]!, scheme)) valid = false;
      let parses = true;
      try { tagsToChunks(tags, scheme); } catch { parses = false; }
      expect(parses).toBe(valid);
    }), { numRuns: 2000 });
  });
});

describe('isValidTransition', () => {
  it('encodes the IOB2 and BILUO constraints', () => {
    expect(isValidTransition('O', 'I-PER', 'IOB2')).toBe(false);
    expect(isValidTransition(null, 'I-PER', 'IOB2')).toBe(false);
    expect(isValidTransition('B-PER', 'I-PER', 'IOB2')).toBe(true);
    expect(isValidTransition('B-PER', 'I-LOC', 'IOB2')).toBe(false);
    expect(isValidTransition('B-PER', null, 'IOB2')).toBe(true);
    expect(isValidTransition('B-PER', null, 'BILUO')).toBe(false);
    expect(isValidTransition('B-PER', 'O', 'BILUO')).toBe(false);
    expect(isValidTransition('I-PER', 'L-PER', 'BILUO')).toBe(true);
    expect(isValidTransition('L-PER', 'U-LOC', 'BILUO')).toBe(true);
    expect(isValidTransition('U-PER', 'I-PER', 'BILUO')).toBe(false);
  });
});
