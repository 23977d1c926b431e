import type { Chunk } from './chunks.js';
import { prf, type PRF } from './prf.js';
import type { TaggedSentence } from './sentence.js';

/** A gold sentence, its prediction, and the chunks read from both (same tokens). */
export interface ScoredPair {
  gold: TaggedSentence;
  pred: TaggedSentence;
  goldChunks: Chunk[];
  predChunks: Chunk[];
}

/** Per-sentence counts kept for the bootstrap: `counts[(s * labels.length + l) * 3 + k]`, k = tp, fp, fn. */
export interface PerSentence {
  labels: string[];
  counts: Int32Array;
}

export interface EntityScores {
  micro: PRF;
  labels: Record<string, PRF>;
  /** Token accuracy: tokens whose predicted tag equals the gold tag (O included), as conlleval. */
  accuracy: number;
  tokens: number;
  correctTokens: number;
  sentences: number;
  perSentence: PerSentence;
}

export const chunkKey = (c: Chunk) => `${c.start}:${c.end}:${c.label}`;

/**
 * Exact-match entity scoring: a predicted chunk is a true positive when a gold chunk has the same
 * start, end and label; everything else is a false positive (predicted) or negative (gold). Micro
 * scores sum the counts over labels, as conlleval's "overall" and seqeval's micro average do.
 */
export function scoreEntities(pairs: readonly ScoredPair[]): EntityScores {
  const labelSet = new Set<string>();
  for (const p of pairs) for (const c of [...p.goldChunks, ...p.predChunks]) labelSet.add(c.label);
  const labels = [...labelSet].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const L = labels.length;
  const counts = new Int32Array(pairs.length * L * 3);
  let tokens = 0;
  let correctTokens = 0;
  pairs.forEach((pair, s) => {
    const gold = new Set(pair.goldChunks.map(chunkKey));
    const pred = new Set(pair.predChunks.map(chunkKey));
    for (const c of pair.predChunks) counts[(s * L + index.get(c.label)!) * 3 + (gold.has(chunkKey(c)) ? 0 : 1)]! += 1;
    for (const c of pair.goldChunks) if (!pred.has(chunkKey(c))) counts[(s * L + index.get(c.label)!) * 3 + 2]! += 1;
    const gt = pair.gold.tags;
    const pt = pair.pred.tags;
    tokens += gt.length;
    for (let i = 0; i < gt.length; i++) if (gt[i] === pt[i]) correctTokens++;
  });
  const totals = labels.map(() => [0, 0, 0] as [number, number, number]);
  for (let s = 0; s < pairs.length; s++) {
    for (let l = 0; l < L; l++) for (let k = 0; k < 3; k++) totals[l]![k]! += counts[(s * L + l) * 3 + k]!;
  }
  const byLabel: Record<string, PRF> = {};
  let tp = 0, fp = 0, fn = 0;
  labels.forEach((label, l) => {
    const [a, b, c] = totals[l]!;
    byLabel[label] = prf(a, b, c);
    tp += a; fp += b; fn += c;
  });
  return {
    micro: prf(tp, fp, fn), labels: byLabel,
    accuracy: tokens > 0 ? correctTokens / tokens : 0, tokens, correctTokens,
    sentences: pairs.length, perSentence: { labels, counts },
  };
}
