import { describe, expect, it } from 'vitest';
import { tagsToSpans, tokenize } from '@nerflow/corpus';
import { crfStructure } from './structure.js';
import { viterbi } from './crf.js';
import { Rng } from '../tf/rng.js';

describe('crfStructure', () => {
  for (const scheme of ['BILUO', 'IOB2'] as const) {
    it(`decodes only well-formed ${scheme} sequences, whatever the scores`, () => {
      const { tags, structure } = crfStructure(['LOC', 'ORG', 'PER'], scheme);
      const tokens = tokenize('El juez Baltasar Garzón llegó ayer a la Audiencia Nacional de Madrid .');
      const rng = new Rng(3);
      for (let k = 0; k < 200; k++) {
        const em = Float32Array.from({ length: tokens.length * tags.length }, () => rng.normal() * 5);
        const trans = Float32Array.from({ length: tags.length ** 2 }, () => rng.normal() * 3);
        const path = [...viterbi(structure, trans, { em, offset: 0, length: tokens.length })].map((i) => tags[i]!);
        // strict reading throws on any ill-formed sequence
        expect(() => tagsToSpans(tokens, path, scheme)).not.toThrow();
      }
    });
  }
});
