import { defineStage, fileRefs, pathRef } from '@nerflow/core';
import { predictOptionsSchema, trainOptionsSchema } from './options.js';
import { runPredict } from './run-predict.js';
import { trainModel } from './training/trainModel.js';


/** The `train` pipeline stage (`nerflow run` chains it): trains and writes the model folder. */
export const trainStage = defineStage({
  name: 'train',
  version: '1',
  description: 'Train a NER model (tok2vec or transformer encoder + CRF) and write its folder',
  options: trainOptionsSchema,
  // The runner has resolved every path and model name (base: es-base) to an absolute folder.
  inputs: (o) => fileRefs([o.train, o.dev, o.vectors, o.initTok2vec, o.base, o.rehearsal]),
  outputs: (o) => [o.out],
  // The runner owns its declared outputs: a stale model of this step is replaced (once complete).
  run: (o, ctx) => trainModel({ ...o, overwrite: true }, ctx),
});

/** The predict step's options: the command's, with the output file required (a step declares what it writes). */
export const predictStageOptions = predictOptionsSchema.extend({
  out: pathRef('Output corpus JSONL (.gz compresses)'),
});

/** The `predict` pipeline stage: a model's predictions on a corpus, for `eval` (pred:) or `annotate` to read. */
export const predictStage = defineStage({
  name: 'predict',
  version: '1',
  description: 'Label a corpus with a trained model: corpus JSONL with predicted spans and scores',
  options: predictStageOptions,
  inputs: (o) => fileRefs([o.model, o.input]),
  outputs: (o) => [o.out],
  run: (o, ctx) => runPredict(o, ctx),
});
