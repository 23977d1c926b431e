import { defineStage } from '@nerflow/core';
import { z } from 'zod';
import { runEval } from './run.js';

/** Options of the eval stage as the pipeline runner (`nerflow run`) reads them. */
export const evalStageOptions = z.object({
  gold: z.string().describe('gold file (CoNLL or corpus JSONL)'),
  pred: z.string().optional().describe('predictions file'),
  model: z.string().optional().describe('model folder, scored with the registered "ner" model loader'),
  patterns: z.string().optional().describe('patterns file (baseline, or gap filler with a model)'),
  strict: z.boolean().default(false),
  scheme: z.enum(['auto', 'IOB2', 'IOBES', 'BILOU']).default('auto'),
  bootstrap: z.number().int().min(0).default(1000),
  seed: z.number().int().default(0),
  json: z.string().default('eval/results.json'),
  report: z.string().default('eval/report.html'),
  name: z.string().optional(),
});

/** The eval step of a pipeline: gold vs predictions (or a model, or patterns) -> results.json + report.html. */
export const evalStage = defineStage({
  name: 'eval',
  version: '1',
  description: 'Entity-level scores (conlleval rules), partial views, errors, bootstrap CIs, HTML report',
  options: evalStageOptions,
  inputs: (o) => [o.gold, o.pred, o.model, o.patterns].filter((p): p is string => typeof p === 'string'),
  outputs: (o) => [o.json, o.report],
  run: async (o, ctx) => (await runEval(o, ctx)).json,
});
