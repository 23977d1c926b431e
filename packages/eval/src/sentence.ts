/**
 * One scored unit: a sentence (or paragraph) with its tokens and per-token tags, from either side.
 * Gold and predictions are read into this shape (raw tags kept, invalid ones included, because
 * conlleval's chunk rules depend on them), then aligned pairwise.
 */
export interface TaggedSentence {
  /** Where it came from, for messages: 'esp.testa sentence 12' or 'gold.jsonl:12'. */
  where: string;
  /** Token texts. */
  tokens: string[];
  /** One tag per token: 'O', 'B-PER', 'I-LOC', ... (BILUO allowed). */
  tags: string[];
  /** Original text when known (JSONL), for context in error lists. */
  text?: string;
  /** Token character offsets (code points) when known. */
  offsets?: { start: number; end: number; ws: boolean }[];
  /** The example's `meta`, kept so error lists can say which document a sentence came from. */
  meta?: Record<string, unknown>;
}
