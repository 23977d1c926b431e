/** fastText skip-gram settings shared by the native binary and the wasm build. */
export interface FastTextSettings {
  dim: number;
  epoch: number;
  minCount: number;
  /** Context window. */
  ws: number;
  neg: number;
  minn: number;
  maxn: number;
  lr: number;
  /**
   * Hash buckets for character n-grams. fastText's default (2M) makes the wasm build abort when it
   * saves (wasm memory, see docs/stack.md section 5); 100k is plenty for a corpus of a few hundred PDFs.
   */
  bucket: number;
  /** Threads (native only: the wasm build has one). 1 is bit-for-bit reproducible with a seed. */
  thread: number;
  seed: number;
}

/** Defaults; `epoch` and `lr` 0 mean "chosen from the corpus size" (see `autoSettings`). */
export const DEFAULT_FASTTEXT: FastTextSettings = {
  dim: 100, epoch: 0, minCount: 3, ws: 5, neg: 5, minn: 3, maxn: 6, lr: 0, bucket: 100_000, thread: 1, seed: 0,
};

/**
 * Fills in `epoch`/`lr` left at 0 from the corpus size. fastText's defaults (5 epochs, lr 0.05) are
 * made for corpora of many millions of words; on the ~150k words of 40 PDFs they leave vectors
 * barely moved from their initialisation (every cosine above 0.98, measured here). Aiming at about
 * 4M words processed (5 to 30 passes) and lr 0.1 under 1M words gave sensible neighbours
 * (docs/benchmarks/terms.md).
 */
export function autoSettings(s: FastTextSettings, words: number): FastTextSettings {
  return {
    ...s,
    epoch: s.epoch > 0 ? s.epoch : Math.min(30, Math.max(5, Math.ceil(4_000_000 / Math.max(1, words)))),
    lr: s.lr > 0 ? s.lr : words < 1_000_000 ? 0.1 : 0.05,
  };
}

/** What a training engine returns: the vocabulary (most frequent first) and its vectors. */
export interface TrainedVectors {
  words: string[];
  dim: number;
  matrix: Float32Array;
}

/** Progress callback: fraction done in [0, 1] and words/s/thread. */
export type TrainProgress = (fraction: number, wordsPerSec?: number) => void;
