import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getChunks, resolveScheme } from './chunks.js';

const c = (label: string, start: number, end: number) => ({ label, start, end });

describe('chunks (default mode = conlleval / seqeval default)', () => {
  it('reads the seqeval documentation example', () => {
    // seqeval: get_entities(['B-PER', 'I-PER', 'O', 'B-LOC']) == [('PER', 0, 1), ('LOC', 3, 3)]
    expect(getChunks(['B-PER', 'I-PER', 'O', 'B-LOC'])).toEqual([c('PER', 0, 2), c('LOC', 3, 4)]);
  });
  it('starts an entity at an I- without a B-', () => {
    // "la Audiencia Nacional ordenó": I-ORG I-ORG after O is one ORG for conlleval
    expect(getChunks(['O', 'I-ORG', 'I-ORG', 'O'])).toEqual([c('ORG', 1, 3)]);
    expect(getChunks(['I-PER'])).toEqual([c('PER', 0, 1)]);
  });
  it('splits at a type change inside I- tags', () => {
    expect(getChunks(['B-PER', 'I-PER', 'I-LOC', 'I-LOC'])).toEqual([c('PER', 0, 2), c('LOC', 2, 4)]);
  });
  it('keeps adjacent entities of the same type apart when B- says so', () => {
    // "Madrid Barcelona": B-LOC B-LOC are two entities; B-LOC I-LOC is one
    expect(getChunks(['B-LOC', 'B-LOC'])).toEqual([c('LOC', 0, 1), c('LOC', 1, 2)]);
    expect(getChunks(['B-LOC', 'I-LOC'])).toEqual([c('LOC', 0, 2)]);
    expect(getChunks(['I-LOC', 'B-LOC', 'I-LOC'])).toEqual([c('LOC', 0, 1), c('LOC', 1, 3)]);
  });
  it('closes entities at the end of the sentence', () => {
    expect(getChunks(['O', 'O', 'B-MISC', 'I-MISC'])).toEqual([c('MISC', 2, 4)]);
    expect(getChunks(['O', 'I-ORG'])).toEqual([c('ORG', 1, 2)]);
  });
  it('reads IOBES and BILUO (L-/U- as E-/S-)', () => {
    expect(getChunks(['S-PER', 'B-LOC', 'E-LOC', 'O'])).toEqual([c('PER', 0, 1), c('LOC', 1, 3)]);
    expect(getChunks(['U-PER', 'B-LOC', 'I-LOC', 'L-LOC'])).toEqual([c('PER', 0, 1), c('LOC', 1, 4)]);
  });
  it('finds nothing in an all-O or empty sentence', () => {
    expect(getChunks(['O', 'O'])).toEqual([]);
    expect(getChunks([])).toEqual([]);
  });
});

describe('chunks (strict mode = seqeval mode="strict")', () => {
  const strict = (tags: string[], scheme: 'IOB2' | 'BILOU' | 'auto' = 'IOB2') => getChunks(tags, { mode: 'strict', scheme });
  it('follows the seqeval README: I-NP I-NP O is no entity in strict IOB2', () => {
    expect(strict(['I-NP', 'I-NP', 'O'])).toEqual([]);
    expect(getChunks(['I-NP', 'I-NP', 'O'])).toEqual([c('NP', 0, 2)]);
  });
  it('drops I- tags after another type, keeps the well-formed start', () => {
    expect(strict(['B-PER', 'I-PER', 'I-LOC', 'I-LOC'])).toEqual([c('PER', 0, 2)]);
    expect(strict(['B-PER', 'I-LOC'])).toEqual([c('PER', 0, 1)]);
  });
  it('keeps adjacent same-type entities and sentence-final ones', () => {
    expect(strict(['B-LOC', 'B-LOC', 'I-LOC'])).toEqual([c('LOC', 0, 1), c('LOC', 1, 3)]);
    expect(strict(['O', 'B-ORG', 'I-ORG'])).toEqual([c('ORG', 1, 3)]);
    expect(strict(['O', 'I-ORG'])).toEqual([]);
  });
  it('needs the closing L-/U- in BILOU', () => {
    expect(strict(['B-PER', 'I-PER', 'O'], 'BILOU')).toEqual([]);
    expect(strict(['B-PER', 'L-PER', 'U-LOC'], 'BILOU')).toEqual([c('PER', 0, 2), c('LOC', 2, 3)]);
    expect(strict(['B-PER', 'I-PER', 'U-PER'], 'BILOU')).toEqual([c('PER', 2, 3)]);
  });
  it('needs the closing E-/S- in IOBES', () => {
    const iobes = (tags: string[]) => getChunks(tags, { mode: 'strict', scheme: 'IOBES' });
    expect(iobes(['B-ORG', 'I-ORG', 'E-ORG', 'S-LOC'])).toEqual([c('ORG', 0, 3), c('LOC', 3, 4)]);
    expect(iobes(['B-ORG', 'I-ORG', 'O'])).toEqual([]);
    expect(iobes(['I-ORG', 'E-ORG'])).toEqual([]);
    expect(getChunks(['B-ORG', 'I-ORG', 'O'])).toEqual([c('ORG', 0, 2)]); // the default mode is lenient
  });
  it('rejects a tag the scheme does not allow', () => {
    expect(() => strict(['B-PER', 'E-PER'])).toThrow(/E-PER.*IOB2/);
  });
  it('detects the scheme when asked', () => {
    expect(resolveScheme(['B-PER', 'L-PER'], 'auto')).toBe('BILOU');
    expect(resolveScheme(['S-PER'], 'auto')).toBe('IOBES');
    expect(resolveScheme(['B-PER', 'I-PER'], 'auto')).toBe('IOB2');
  });
});

/** Declarative definitions, independent of the state machines above: a chunk [i, j) of type X is
 * (default) a start token (B-X, or I-X not continuing an X) then I-X tokens, not followed by I-X;
 * (strict) B-X then I-X tokens, not followed by I-X. Checked over every (i, j). */
function bruteForce(tags: string[], strict: boolean) {
  const type = (t: string | undefined) => (t && t !== 'O' ? t.slice(2) : null);
  const out: { label: string; start: number; end: number }[] = [];
  for (let i = 0; i < tags.length; i++) {
    const x = type(tags[i]);
    if (x === null) continue;
    const isStart = tags[i] === `B-${x}` || (!strict && type(tags[i - 1]) !== x);
    if (!isStart) continue;
    for (let j = i + 1; j <= tags.length; j++) {
      const inner = tags.slice(i + 1, j).every((t) => t === `I-${x}`);
      if (inner && tags[j] !== `I-${x}`) out.push({ label: x, start: i, end: j });
    }
  }
  return out;
}

describe('chunks against a brute-force reference', () => {
  const tag = fc.constantFrom('O', 'O', 'B-PER', 'I-PER', 'B-LOC', 'I-LOC');
  it('agrees in default mode on random IOB sequences (invalid ones included)', () => {
    fc.assert(fc.property(fc.array(tag, { maxLength: 30 }), (tags) => {
      expect(getChunks(tags)).toEqual(bruteForce(tags, false));
    }), { numRuns: 2000 });
  });
  it('agrees in strict IOB2 mode', () => {
    fc.assert(fc.property(fc.array(tag, { maxLength: 30 }), (tags) => {
      expect(getChunks(tags, { mode: 'strict', scheme: 'IOB2' })).toEqual(bruteForce(tags, true));
    }), { numRuns: 2000 });
  });
});
