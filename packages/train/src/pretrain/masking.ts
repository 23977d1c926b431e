import { Rng } from '../tf/rng.js';

/** The text a hidden word is replaced with (its hash features are those of this string). */
export const MASK_TOKEN = '[MASK]';

/** A pretraining document: its words, the words the encoder sees, and which positions are hidden. */
export interface MaskedDoc {
  words: string[];
  inputs: string[];
  /** Indices of the hidden words, ascending. */
  positions: number[];
}

/**
 * Hides words for the cloze objective (BERT, spaCy's `build_masked_language_model`): each word is
 * chosen with probability `prob`; a chosen word is replaced by `[MASK]` 80% of the time, by a random
 * word of the batch 10% of the time, and kept 10% of the time, so that the encoder cannot rely on
 * the mask symbol. Every document gets at least one hidden word. Deterministic for a given `seed`,
 * and computed per document, so the split of a batch across workers does not change it.
 */
export function maskDocs(docs: readonly string[][], prob: number, seed: number): MaskedDoc[] {
  const pool = docs.flat();
  return docs.map((words, d) => {
    const rng = new Rng(seed * 7919 + d);
    const inputs = words.slice();
    const positions: number[] = [];
    for (let i = 0; i < words.length; i++) if (rng.next() < prob) positions.push(i);
    if (!positions.length && words.length) positions.push(rng.int(words.length));
    for (const i of positions) {
      const r = rng.next();
      if (r < 0.8) inputs[i] = MASK_TOKEN;
      else if (r < 0.9) inputs[i] = pool[rng.int(pool.length)]!;
    }
    return { words, inputs, positions };
  });
}
