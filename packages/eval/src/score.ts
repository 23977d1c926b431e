import { scoreChunks, type Chunk, type EntityScores, type PerSentence } from '@nerflow/corpus';
import type { TaggedSentence } from './sentence.js';

/** A gold sentence, its prediction, and the chunks read from both (same tokens). */
export interface ScoredPair {
  gold: TaggedSentence;
  pred: TaggedSentence;
  goldChunks: Chunk[];
  predChunks: Chunk[];
}

/** The corpus entity scores of a whole eval, with what only eval reports. */
export interface EvalScores extends EntityScores {
  perSentence: PerSentence;
  /** Token accuracy: tokens whose predicted tag equals the gold tag (O included), as conlleval. */
  accuracy: number;
  tokens: number;
  correctTokens: number;
  sentences: number;
}

/**
 * Exact-match entity scores of gold/predicted sentence pairs (corpus `scoreChunks`: conlleval's
 * rule, micro = summed counts), plus conlleval's token accuracy.
 */
export function scoreEntities(pairs: readonly ScoredPair[]): EvalScores {
  const scores = scoreChunks(pairs.map((p) => p.goldChunks), pairs.map((p) => p.predChunks));
  let tokens = 0;
  let correctTokens = 0;
  for (const pair of pairs) {
    const gt = pair.gold.tags;
    const pt = pair.pred.tags;
    tokens += gt.length;
    for (let i = 0; i < gt.length; i++) if (gt[i] === pt[i]) correctTokens++;
  }
  return { ...scores, accuracy: tokens > 0 ? correctTokens / tokens : 0, tokens, correctTokens, sentences: pairs.length };
}
