import { defineStage } from '@nerflow/core';
import { pretrain, pretrainOptionsSchema } from './pretrain.js';

/**
 * The `pretrain` pipeline stage (`nerflow run`): pretrains the tok2vec encoder on raw text; a later
 * `train` step reads its output through `initTok2vec`.
 */
export const pretrainStage = defineStage({
  name: 'pretrain',
  version: '1',
  description: 'Pretrain the tok2vec encoder on raw text (cloze objective, as spacy pretrain)',
  options: pretrainOptionsSchema,
  inputs: (o) => [...o.inputs, ...(o.vectors ? [o.vectors] : [])],
  outputs: (o) => [o.out],
  run: (o, ctx) => pretrain(o, ctx),
});
