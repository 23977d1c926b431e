import { describe, expect, it } from 'vitest';
import { frozenLabelsOf, withFrozenBase } from './frozenBase.js';

// "Sigue a Instagram en Madrid con Ana Pérez ." — tokens 0..8
const span = (tokenStart: number, tokenEnd: number, label: string, score = 0.9) => ({ tokenStart, tokenEnd, label, score });

describe('--old-types frozen: merging the trained model with the frozen base', () => {
  const frozen = new Set(['PER', 'LOC', 'MISC']);

  it('keeps exactly the base\'s spans of the frozen labels where the trained model finds no span of its own labels', () => {
    const base = [span(4, 4, 'LOC', 0.8), span(6, 7, 'PER', 0.7)];
    const own = [span(4, 4, 'MISC', 0.6)]; // the trained model's own output for a frozen label is never used
    expect(withFrozenBase(own, base, frozen)).toEqual(base);
  });

  it('a span of the user\'s labels wins an overlap and the base span is dropped; the others stay, with their scores', () => {
    const base = [span(2, 2, 'ORG', 0.9), span(2, 4, 'MISC', 0.5), span(6, 7, 'PER', 0.7)];
    const own = [span(2, 2, 'PLATAFORMA', 0.95)];
    expect(withFrozenBase(own, base, new Set(['ORG', 'PER', 'LOC', 'MISC']))).toEqual([span(2, 2, 'PLATAFORMA', 0.95), span(6, 7, 'PER', 0.7)]);
  });

  it('freezes only the base labels the training data does not mark or --labels names', () => {
    expect(frozenLabelsOf(['LOC', 'MISC', 'ORG', 'PER'], ['ORG', 'PLATAFORMA'], new Set(['ORG', 'PLATAFORMA']))).toEqual(['LOC', 'MISC', 'PER']);
    expect(frozenLabelsOf(['LOC', 'PER'], ['PLATAFORMA'], new Set(['PLATAFORMA']))).toEqual(['LOC', 'PER']);
  });
});
