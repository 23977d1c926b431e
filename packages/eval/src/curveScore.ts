import type { Example } from '@nerflow/corpus';
import type { ModelLoader } from '@nerflow/core';
import type { ChunkMode } from '@nerflow/corpus';
import { evaluate } from './evaluate.js';
import { toTagged } from './load.js';
import { onlyLabels } from './run.js';

/** Micro F1 and per-label F1 of some labels. */
export interface LabelScores {
  f: number;
  perLabel: Record<string, number>;
}

type LoadedModel = Awaited<ReturnType<ModelLoader>>;

/**
 * Predicts `gold` with a model (gold spans removed first) and scores only `labels` on both sides:
 * a curve scores the new types on a dev set that marks only them, and the old types on a gold
 * that marks only those.
 */
export async function scoreModelOn(model: LoadedModel, gold: Example[], labels: string[], mode: ChunkMode): Promise<LabelScores> {
  const keep = new Set(labels);
  const goldTagged = gold.map((ex, i) => onlyLabels(toTagged(ex, `gold example ${i + 1}`), keep));
  const predicted = await model.predict(gold.map(({ spans: _s, _conll_tags: _t, ...rest }) => rest as Example));
  const r = evaluate(goldTagged, predicted.map((ex, i) => onlyLabels(toTagged(ex, `prediction ${i + 1}`), keep)), { mode });
  return { f: r.micro.f, perLabel: Object.fromEntries(labels.map((l) => [l, r.perLabel[l]?.f ?? 0])) };
}
