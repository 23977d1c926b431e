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
  /**
   * No gradient will be taken from this pass (prediction): layers may run forward-only kernels
   * (the BiLSTMs' recurrence in place, tf/bilstm.ts `lstmPredictStates`), with the same outputs.
   */
  inference?: boolean;
}

/**
 * What every encoder provides (issue 4): tokens in, one vector per token out. The NER head, the
 * training loop and prediction know nothing else about it, so `tok2vec` and `transformer` are
 * interchangeable. How an encoder is made, read from a model folder and written to one is its
 * registry entry's business (`encoders/registry.ts`); the optional hooks below are what callers ask
 * of a live encoder, each a no-op for encoders that have nothing to do there.
 */
export interface TokenEncoder {
  /** Its entry in the encoder registry (`tok2vec.v1`, `transformer.v1`). */
  readonly name: string;
  /** The family written in a model's config.json (`tok2vec`, `transformer`). */
  readonly type: string;
  /** Width of the output vectors. */
  readonly width: number;
  /**
   * Work to do once before encoding these documents (the transformer computes and caches its
   * features here, so epochs do not re-run it). Optional.
   */
  prepare?(docs: { words: string[] }[]): Promise<void>;
  /**
   * Before training a freshly created encoder on `docs` (their token texts): what it learns from the
   * training data rather than by gradients (tok2vec: the NORM vocabulary of `--unknown-words`).
   */
  prepareTraining?(docs: readonly { words: readonly string[] }[], options: { unknownWords: number }): void;
  /**
   * Before training a base model's encoder on a user's `docs` (`--base`): words of theirs it has no
   * trained row for get one, starting from what the encoder gave them before, so that the base
   * predicts exactly as before the first update. Returns how many words were added.
   */
  learnNewWords?(docs: readonly { words: readonly string[] }[]): number;
  /**
   * The weights stay fixed until `endPrediction`: the encoder may cache what depends only on the
   * weights and a word (tok2vec: the context-free embedding of each word).
   */
  beginPrediction?(): void;
  /** The weights may change from now on: drop what `beginPrediction` allowed to be cached. */
  endPrediction?(): void;
  /** Drops per-batch memory after a batch was predicted (the transformer's in-memory features). */
  release?(): void;
  /**
   * A structured-clonable description from which the registry entry's `fromReplica` rebuilds this
   * encoder in a worker thread (weights excluded: they travel as `params()`'s arrays). Absent: the
   * encoder cannot be copied (transformer features live in this thread's cache), so models with it
   * train and predict on one thread.
   */
  replica?(): unknown;
  /** [tokens, width] vectors for the batch, inside a tf.tidy scope of the caller. */
  encode(batch: TokenBatch, options: EncodeOptions): tf.Tensor2D;
  /** Trainable parameters (null when the encoder is frozen). */
  params(): ParamStore | null;
  /** JSON config of the encoder's architecture (compared by `copyEncoderWeights`; the transformer's is its config.json reference). */
  config(): Record<string, unknown>;
  /** Writes weights (and any resources such as static vectors) into `dir`. */
  save(dir: string): Promise<void>;
  dispose(): void;
}
