import { defineStage, resolveModelDir } from '@nerflow/core';
import { z } from 'zod';
import { runEval, splitLabels } from './run.js';
import { compareOptionsSchema, runCompare } from './compare.js';

/** Options of the eval stage as the pipeline runner (`nerflow run`) reads them. */
export const evalStageOptions = z.object({
  gold: z.string().describe('gold file (CoNLL or corpus JSONL)'),
  pred: z.string().optional().describe('predictions file'),
  model: z.string().optional().describe('model folder or name (es-base), scored with the registered "ner" model loader'),
  patterns: z.string().optional().describe('patterns file (baseline, or gap filler with a model)'),
  strict: z.boolean().default(false),
  scheme: z.enum(['auto', 'IOB2', 'IOBES', 'BILOU']).default('auto'),
  bootstrap: z.number().int().min(0).default(1000),
  seed: z.number().int().default(0),
  json: z.string().default('eval/results.json'),
  report: z.string().default('eval/report.html'),
  name: z.string().optional(),
  labels: z.string().optional().describe('comma-separated labels to score; others are ignored on both sides'),
});

/** The eval step of a pipeline: gold vs predictions (or a model, or patterns) -> results.json + report.html. */
export const evalStage = defineStage({
  name: 'eval',
  version: '1',
  description: 'Entity-level scores (conlleval rules), partial views, errors, bootstrap CIs, HTML report',
  options: evalStageOptions,
  inputs: (o) => [o.gold, o.pred, o.model && resolveModelDir(o.model), o.patterns].filter((p): p is string => typeof p === 'string'),
  outputs: (o) => [o.json, o.report],
  run: async (o, ctx) => (await runEval({ ...o, labels: splitLabels(o.labels) }, ctx)).json,
});

/** The compare step's options: the CLI's, with the output files required (a step declares its outputs). */
export const evalCompareStageOptions = compareOptionsSchema.extend({
  json: z.string().default('eval/compare.json'),
  report: z.string().default('eval/compare.html'),
});

/**
 * The compare step of a pipeline: per-label F1 of two eval results with paired-bootstrap
 * significance, e.g. the old types' scores of a base model before and after new types were added.
 */
export const evalCompareStage = defineStage({
  name: 'eval.compare',
  version: '1',
  description: 'Per-label F1 of two eval results side by side, with paired-bootstrap significance',
  options: evalCompareStageOptions,
  inputs: (o) => [o.a, o.b],
  outputs: (o) => [o.json, o.report],
  run: (o) => runCompare(o),
});
