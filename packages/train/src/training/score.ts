import { prf, type PRF } from '@nerflow/corpus';

/** Precision, recall and F1 of one label or of all (micro average). */
export type Prf = PRF;

export interface EntityScores {
  micro: Prf;
  perLabel: Record<string, Prf>;
}

interface SpanKey {
  tokenStart: number;
  tokenEnd: number;
  label: string;
}

/**
 * Exact-match entity scores (conlleval's rule: same tokens and same label), for dev evaluation
 * during training. Full reports (confusions, per-document views) belong to @nerflow/eval.
 */
export function scoreEntities(gold: SpanKey[][], predicted: SpanKey[][]): EntityScores {
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const get = (l: string) => {
    let c = counts.get(l);
    if (!c) counts.set(l, (c = { tp: 0, fp: 0, fn: 0 }));
    return c;
  };
  gold.forEach((g, i) => {
    const key = (s: SpanKey) => `${s.tokenStart}:${s.tokenEnd}:${s.label}`;
    const goldKeys = new Set(g.map(key));
    const predKeys = new Set((predicted[i] ?? []).map(key));
    for (const s of g) get(s.label)[predKeys.has(key(s)) ? 'tp' : 'fn']++;
    for (const s of predicted[i] ?? []) if (!goldKeys.has(key(s))) get(s.label).fp++;
  });
  const perLabel: Record<string, Prf> = {};
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const [label, c] of [...counts].sort()) {
    perLabel[label] = prf(c.tp, c.fp, c.fn);
    total.tp += c.tp; total.fp += c.fp; total.fn += c.fn;
  }
  return { micro: prf(total.tp, total.fp, total.fn), perLabel };
}
