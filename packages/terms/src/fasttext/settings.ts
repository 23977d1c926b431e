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

export const DEFAULT_FASTTEXT: FastTextSettings = {
  dim: 100, epoch: 5, minCount: 3, ws: 5, neg: 5, minn: 3, maxn: 6, lr: 0.05, bucket: 100_000, thread: 1, seed: 0,
};

/** What a training engine returns: the vocabulary (most frequent first) and its vectors. */
export interface TrainedVectors {
  words: string[];
  dim: number;
  matrix: Float32Array;
}

/** Progress callback: fraction done in [0, 1] and words/s/thread. */
export type TrainProgress = (fraction: number, wordsPerSec?: number) => void;
