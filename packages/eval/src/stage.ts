import { defineStage, fileRefs, pathRef } from '@nerflow/core';
import { evalStageOptions } from './options.js';
import { runEval } from './run.js';
import { compareOptionsSchema, runCompare } from './compare.js';


/**
 * The eval step of a pipeline: gold vs predictions (a `predict` step's output, or patterns) ->
 * results.json + report.html, the files named by `json:` and `report:`.
 */
export const evalStage = defineStage({
  name: 'eval',
  version: '2',
  description: 'Entity-level scores (conlleval rules), partial views, errors, bootstrap CIs, HTML report',
  options: evalStageOptions,
  inputs: (o) => fileRefs([o.gold, o.pred, o.patterns]),
  outputs: (o) => fileRefs([o.json, o.report]),
  run: async (o, ctx) => (await runEval(o, ctx)).json,
});

/** The compare step's options: the CLI's, with the output files required (a step declares its outputs). */
export const evalCompareStageOptions = compareOptionsSchema.extend({
  json: pathRef('write the comparison here').default('eval/compare.json'),
  report: pathRef('write an HTML report of the comparison here').default('eval/compare.html'),
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
