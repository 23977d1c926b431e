/** The subset of a transformers.js tokenizer the alignment uses. */
export interface PieceTokenizer {
  tokenize(text: string, options?: { add_special_tokens?: boolean }): string[];
  get_vocab(): Map<string, number>;
}

/** A document's subword pieces with, for each piece, the index of the token (word) it belongs to. */
export interface AlignedPieces {
  ids: number[];
  /** `wordOf[p]` = token index of piece p. */
  wordOf: number[];
  /** `firstPiece[w]` = index of token w's first piece, or -1 when it produced none. */
  firstPiece: number[];
  /** Number of pieces per token. */
  pieceCount: number[];
}

/**
 * Splits our tokens into the model's subword pieces one token at a time, so every piece is known
 * to belong to exactly one of our tokens (transformers.js returns no character offsets:
 * docs/stack.md section 3). A token that the tokenizer's pre-tokenizer splits further (`hoy,`)
 * simply gets several pieces. Pieces missing from the vocabulary map to the unknown id.
 */
export function alignPieces(
  tok: PieceTokenizer, words: readonly string[], unkId: number, cache?: Map<string, number[]>, vocab: Map<string, number> = tok.get_vocab(),
): AlignedPieces {
  const ids: number[] = [];
  const wordOf: number[] = [];
  const firstPiece: number[] = [];
  const pieceCount: number[] = [];
  words.forEach((w, i) => {
    let wordIds = cache?.get(w);
    if (!wordIds) {
      wordIds = tok.tokenize(w, { add_special_tokens: false }).map((p) => vocab.get(p) ?? unkId);
      cache?.set(w, wordIds);
    }
    firstPiece.push(wordIds.length ? ids.length : -1);
    pieceCount.push(wordIds.length);
    for (const id of wordIds) { ids.push(id); wordOf.push(i); }
  });
  return { ids, wordOf, firstPiece, pieceCount };
}

/**
 * Windows over a long piece sequence: at most `size` pieces each, consecutive windows overlapping
 * by `overlap`, and for every piece the window where it has the most context on both sides.
 */
export function windowsFor(nPieces: number, size: number, overlap: number): { windows: [number, number][]; owner: number[] } {
  const step = Math.max(1, size - overlap);
  const windows: [number, number][] = [];
  for (let s = 0; ; s += step) {
    const e = Math.min(nPieces, s + size);
    windows.push([s, e]);
    if (e >= nPieces) break;
  }
  const owner = new Array<number>(nPieces).fill(0);
  for (let p = 0; p < nPieces; p++) {
    let best = -1;
    windows.forEach(([s, e], k) => {
      if (p < s || p >= e) return;
      const margin = Math.min(p - s, e - 1 - p);
      if (margin > best) { best = margin; owner[p] = k; }
    });
  }
  return { windows, owner };
}
