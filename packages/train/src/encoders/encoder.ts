import type { tf } from '../tf/backend.js';
import type { ParamStore } from '../tf/params.js';

/**
 * A flat batch of documents: every token of every document in one list, so that the encoder works
 * on 2-d [tokens, width] tensors with no padding (spaCy/thinc's Ragged arrays).
 */
export interface TokenBatch {
  /** Token texts of all documents, concatenated. */
  words: string[];
  /** Index of each document's first token in `words` (length = number of documents). */
  starts: Int32Array;
  /** Per-document texts, for encoders that need the original string (transformers). */
  docs: { words: string[] }[];
}

/** Builds a TokenBatch from per-document token texts. */
export function makeBatch(docs: { words: string[] }[]): TokenBatch {
  const starts = new Int32Array(docs.length);
  const words: string[] = [];
  docs.forEach((d, i) => { starts[i] = words.length; for (const w of d.words) words.push(w); });
  return { words, starts, docs };
}

export interface EncodeOptions {
  /** Dropout rate; 0 when predicting. */
  dropout: number;
  /** Seed of this step's dropout masks (undefined when predicting). */
  seed?: number;
  /** Index of this batch's first token in the whole step's batch (data-parallel shares; dropout masks depend on it). */
  tokenOffset?: number;
}

/**
 * What every encoder provides (issue 4): tokens in, one vector per token out. The NER head and
 * the training loop know nothing else about it, so `tok2vec` and `transformer` are interchangeable.
 */
export interface TokenEncoder {
  /** 'tok2vec' or 'transformer'. */
  readonly type: string;
  /** Width of the output vectors. */
  readonly width: number;
  /**
   * Work to do once before encoding these documents (the transformer computes and caches its
   * features here, so epochs do not re-run it). Optional.
   */
  prepare?(docs: { words: string[] }[]): Promise<void>;
  /** [tokens, width] vectors for the batch, inside a tf.tidy scope of the caller. */
  encode(batch: TokenBatch, options: EncodeOptions): tf.Tensor2D;
  /** Trainable parameters (null when the encoder is frozen). */
  params(): ParamStore | null;
  /** JSON config from which `loadEncoder` rebuilds it (stored in the model's config.json). */
  config(): Record<string, unknown>;
  /** Writes weights (and any resources such as static vectors) into `dir`. */
  save(dir: string): Promise<void>;
  dispose(): void;
}
