import { defineStage } from '@nerflow/core';
import { trainOptionsSchema } from './options.js';
import { resolveModelDir } from './model/resolveModel.js';
import { trainModel } from './training/trainModel.js';

/** The `train` pipeline stage (`nerflow run` chains it): trains and writes the model folder. */
export const trainStage = defineStage({
  name: 'train',
  version: '1',
  description: 'Train a NER model (tok2vec or transformer encoder + CRF) and write its folder',
  options: trainOptionsSchema,
  inputs: (o) => [o.train, ...(o.dev ? [o.dev] : []), ...(o.vectors ? [o.vectors] : []),
    ...[o.initTok2vec, o.base && resolveModelDir(o.base), o.rehearsal].filter((p): p is string => !!p)].filter((p) => !p.startsWith('db:')),
  outputs: (o) => [o.out],
  // The runner owns its declared outputs: a stale model of this step is replaced (once complete).
  run: (o, ctx) => trainModel({ ...o, overwrite: true }, ctx),
});
