/**
 * Exact-match entity scoring, once for every stage: train's dev scores (meta.json) and eval's
 * results (results.json) are both `EntityScores`, so the two files read the same way.
 */
import { prf, type PRF } from './prf.js';
import type { Chunk } from './tags.js';

/** Micro-averaged and per-label P/R/F1 with their counts. */
export interface EntityScores {
  micro: PRF;
  /** By label, sorted by name. */
  perLabel: Record<string, PRF>;
}

/** Per-sentence counts for paired bootstraps: `counts[(s * labels.length + l) * 3 + k]`, k = tp, fp, fn. */
export interface PerSentence {
  labels: string[];
  counts: Int32Array;
}

/** `start:end:label`, the identity of a chunk for exact matching. */
export const chunkKey = (c: Chunk): string => `${c.start}:${c.end}:${c.label}`;

/**
 * Exact-match entity scores (conlleval's rule): a predicted chunk is a true positive when a gold
 * chunk of the same sentence has the same start, end and label; every other predicted chunk is a
 * false positive and every other gold chunk a false negative. Micro scores sum the counts over
 * labels, as conlleval's "overall" and seqeval's micro average do.
 * @param gold - the gold chunks of each sentence.
 * @param predicted - the predicted chunks of the same sentences.
 * @example scoreChunks([[{ start: 0, end: 1, label: 'PER' }]], [[{ start: 0, end: 1, label: 'PER' }]]).micro.f // 1
 */
export function scoreChunks(gold: readonly (readonly Chunk[])[], predicted: readonly (readonly Chunk[])[]): EntityScores & { perSentence: PerSentence } {
  const labelSet = new Set<string>();
  gold.forEach((g, s) => { for (const c of [...g, ...(predicted[s] ?? [])]) labelSet.add(c.label); });
  const labels = [...labelSet].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const L = labels.length;
  const counts = new Int32Array(gold.length * L * 3);
  gold.forEach((g, s) => {
    const p = predicted[s] ?? [];
    const goldKeys = new Set(g.map(chunkKey));
    const predKeys = new Set(p.map(chunkKey));
    for (const c of p) counts[(s * L + index.get(c.label)!) * 3 + (goldKeys.has(chunkKey(c)) ? 0 : 1)]! += 1;
    for (const c of g) if (!predKeys.has(chunkKey(c))) counts[(s * L + index.get(c.label)!) * 3 + 2]! += 1;
  });
  const perLabel: Record<string, PRF> = {};
  let tp = 0, fp = 0, fn = 0;
  labels.forEach((label, l) => {
    const t = [0, 0, 0];
    for (let s = 0; s < gold.length; s++) for (let k = 0; k < 3; k++) t[k]! += counts[(s * L + l) * 3 + k]!;
    perLabel[label] = prf(t[0]!, t[1]!, t[2]!);
    tp += t[0]!; fp += t[1]!; fn += t[2]!;
  });
  return { micro: prf(tp, fp, fn), perLabel, perSentence: { labels, counts } };
}

/**
 * Micro P/R/F1 over some labels of a score table (labels it lacks count nothing): the old types'
 * score in a transfer run, the scored labels of an eval with `--labels`.
 */
export function microOver(scores: EntityScores, labels: readonly string[]): PRF {
  let tp = 0, fp = 0, fn = 0;
  for (const l of labels) {
    const p = scores.perLabel[l];
    if (p) { tp += p.tp; fp += p.fp; fn += p.fn; }
  }
  return prf(tp, fp, fn);
}

/** The part of a score table for some labels: theirs per label, and their micro average. */
export function scoresOver(scores: EntityScores, labels: readonly string[]): EntityScores {
  const keep = new Set(labels);
  const perLabel = Object.fromEntries(Object.entries(scores.perLabel).filter(([l]) => keep.has(l)));
  return { micro: microOver(scores, labels), perLabel };
}
