import { modelRef, pathRef, sourceRef } from '@nerflow/core';
import { z } from 'zod';

/**
 * Options of `nerflow eval`, the `eval` pipeline step and `runEval`: one schema, one default each.
 * `bootstrap` is on by default (1000 resamples) so that every results file carries the intervals and
 * the per-sentence counts `eval compare` needs for its paired test.
 */
export const evalOptionsSchema = z.object({
  gold: sourceRef('gold corpus: CoNLL, corpus JSONL, db:DATASET or -').optional(),
  pred: sourceRef('predictions on the same examples (CoNLL or corpus JSONL; nerflow predict writes them)').optional(),
  model: modelRef('model folder or shipped model (es-base) to score: it labels the gold texts first').optional(),
  patterns: pathRef('patterns JSONL: alone the rule-based baseline, with a model or --pred it fills their gaps').optional(),
  format: z.enum(['conll', 'jsonl']).optional().describe('input format when extension and content do not say'),
  strict: z.boolean().default(false).describe('seqeval strict mode: only well-formed entities count (an I- without B- is none)'),
  scheme: z.enum(['auto', 'IOB2', 'IOBES', 'BILOU']).default('auto').describe('tag scheme for --strict'),
  bootstrap: z.number().int().min(0).default(1000).describe('bootstrap resamples for F1 confidence intervals and eval compare (0: none)'),
  seed: z.number().int().default(0).describe('seed of the bootstrap'),
  json: pathRef('write machine-readable results here').optional(),
  report: pathRef('write a self-contained HTML report here').optional(),
  name: z.string().optional().describe('name of the system in the report'),
  labels: z.array(z.string().min(1)).optional().describe('labels to score, comma-separated; others are ignored on both sides (gold that marks some types only)'),
  allowIncomplete: z.boolean().default(false).describe('score a checkpoint of an unfinished training (complete: false)'),
});

export type EvalOptions = z.output<typeof evalOptionsSchema>;
export type EvalOptionsInput = z.input<typeof evalOptionsSchema>;

/**
 * The `eval` pipeline step's options: gold is required, and a model is scored through a `predict`
 * step (its output is `pred:`), so the step needs no model loader and its cache sees the predictions.
 */
export const evalStageOptions = evalOptionsSchema.omit({ model: true, allowIncomplete: true }).extend({
  gold: sourceRef('gold corpus: CoNLL, corpus JSONL or db:DATASET'),
});

/** `nerflow eval`'s options: the library's, plus the positional MODEL TEST and the terminal's error list. */
export const evalCommandOptions = evalOptionsSchema.extend({
  test: sourceRef('gold test file (CoNLL or corpus JSONL)').optional(),
  topErrors: z.number().int().min(0).default(8).describe('error groups listed in the terminal'),
});

/** `eval curve`'s options. */
export const curveOptionsSchema = z.object({
  train: sourceRef('training data (CoNLL or corpus JSONL)'),
  dev: sourceRef('dev data, the same for every point (the new types are scored on it)'),
  arm: z.array(z.string()).default([]).describe('arms on one chart: scratch, pretrained, base, base+pretrained, or an encoder name'),
  encoder: z.array(z.string()).default([]).describe('same as --arm (older name)'),
  initTok2vec: pathRef('pretrained encoder for the pretrained arms (the --out folder of nerflow pretrain)').optional(),
  base: modelRef('base model for the base arms (e.g. es-base); its old types are scored on --old-gold before and after').optional(),
  rehearsal: sourceRef('base arms: raw text of yours the base model also labels for rehearsal (beside the text it ships)').optional(),
  sizes: z.array(z.string()).default([]).describe('training sentences per point, e.g. 50,100,250,500,1000,all (default: --fractions)'),
  fractions: z.array(z.number()).default([0.1, 0.25, 0.5, 0.75, 1]).describe('shares of the training data (when --sizes is not given)'),
  seeds: z.array(z.number().int()).default([0]).describe('one run per seed at each point'),
  newLabels: z.array(z.string().min(1)).optional().describe('new labels, comma-separated, scored on dev and used to sample (default: the labels of --train)'),
  oldGold: sourceRef('gold marking the old types (base arms: scored after each run, and the base model before)').optional(),
  oldLabels: z.array(z.string().min(1)).optional().describe('old labels scored on --old-gold, comma-separated (default: its labels that are not new)'),
  settings: z.string().optional().describe('extra trainer settings as JSON (nerflow train options by name), e.g. \'{"maxEpochs": 5}\''),
  out: pathRef('folder for the models trained along the way (default: a temporary folder); run the same command with the same --out again and the finished points are kept, only the rest train').optional(),
  strict: z.boolean().default(false).describe('score with seqeval strict mode'),
  json: pathRef('write the curve points and verdict here').optional(),
  report: pathRef('write an HTML report with the curve chart and table here').optional(),
});
