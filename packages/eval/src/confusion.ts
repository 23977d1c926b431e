import type { ScoredPair } from './score.js';

/** The row/column for "no entity on this span". */
export const NONE = '∅';

export interface Confusion {
  /** Row and column names: the labels, then NONE. */
  labels: string[];
  /** matrix[gold][pred]: entity counts; row NONE = predictions with no gold entity on the same span. */
  matrix: number[][];
}

/**
 * Label confusion at exact boundaries: a gold and a predicted entity on the same tokens add one to
 * [gold label][predicted label] (the diagonal is the true positives); a gold entity with no
 * prediction on the same span goes to [label][NONE], a prediction with no gold to [NONE][label].
 * Boundary errors thus land in the NONE row/column; the partial views and the error list say which.
 */
export function confusionMatrix(pairs: readonly ScoredPair[]): Confusion {
  const set = new Set<string>();
  for (const p of pairs) for (const c of [...p.goldChunks, ...p.predChunks]) set.add(c.label);
  const labels = [...[...set].sort(), NONE];
  const idx = new Map(labels.map((l, i) => [l, i]));
  const none = labels.length - 1;
  const matrix = labels.map(() => labels.map(() => 0));
  for (const { goldChunks, predChunks } of pairs) {
    const predBySpan = new Map(predChunks.map((c) => [`${c.start}:${c.end}`, c]));
    const used = new Set<string>();
    for (const g of goldChunks) {
      const k = `${g.start}:${g.end}`;
      const p = predBySpan.get(k);
      if (p) used.add(k);
      matrix[idx.get(g.label)!]![p ? idx.get(p.label)! : none]! += 1;
    }
    for (const p of predChunks) if (!used.has(`${p.start}:${p.end}`)) matrix[none]![idx.get(p.label)!]! += 1;
  }
  return { labels, matrix };
}
