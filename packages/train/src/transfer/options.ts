import { modelRef, sourceRef } from '@nerflow/core';
import { z } from 'zod';

/**
 * Transfer-learning options of `nerflow train` (issue 8), spread into the train options schema so
 * that flags, pipeline YAML and defaults come from one place.
 */
export const transferOptionsShape = {
  freezeTok2vecSteps: z.number().int().min(0).default(0)
    .describe('With --init-tok2vec: keep the pretrained encoder frozen for the first N steps (the new head settles first)'),
  base: modelRef('Start from this model and add the new labels of --train to it (domain adaptation; old labels keep their weights)').optional(),
  rehearsal: sourceRef('With --base: raw text (.txt/.jsonl/folder) of yours the base model also labels with its old types for rehearsal; without it, only the text the base ships (es-base: AnCora sentences) is rehearsed').optional(),
  // 4, not 1 (2026-12-04 night, docs/benchmarks/transfer.md): with the old types frozen, rehearsal is what keeps the
  // trained model's old-type columns catching names that are not the user's types; 0 cost MEDDOCAN 22 points at 100
  // sentences, 4 gained 0.2-1.0 there and 2.2 on COALAS at 500 (5.3 at 100, -2.6 at 250).
  rehearsalRatio: z.number().min(0).default(4)
    .describe('With --base: pseudo-labelled sentences per training example, from each source (the base model\'s own rehearsal/ text when it ships one, and --rehearsal\'s text); 0 turns rehearsal off'),
  maxForgetting: z.number().min(0).max(1).default(0.02)
    .describe('With --base: the kept epoch may lose at most this much of the old types\' F1 (0.02 = 2 points; on the dev set\'s old-type spans, else on held-out rehearsal sentences); among those, the best dev F1 of the new labels wins'),
  oldTypes: z.enum(['frozen', 'trained']).optional()
    .describe('With --base: frozen (default) writes an unchanged copy of the base into the model folder (base/), which predicts the base\'s labels your data does not mark, your labels winning where spans overlap; trained takes every label from the fine-tuned model'),
  completeAnnotations: z.boolean().default(false)
    .describe('With --base: the training data marks every entity of every label (default: base labels it never marks are unknown, not O)'),
};
