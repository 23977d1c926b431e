import { modelLoaders, trainers, type TrainFn } from '@nerflow/core';
import { loadModel } from './predict.js';
import { loadGliner } from './zeroshot/glinerPredictor.js';
import { trainOnExamples } from './training/trainModel.js';

/**
 * Core's service registries (packages/core/src/services.ts): annotate and eval find the model
 * loader and the trainer there, so they never import this package.
 */
const trainFn: TrainFn = async (req, ctx) => {
  const it = trainOnExamples(
    req.train.map((example) => ({ example, source: 'train' })),
    req.dev.map((example) => ({ example, source: 'dev' })),
    // Callers (eval curve, annotate) own req.out: a model they trained there before is replaced.
    { train: 'train', out: req.out, seed: req.seed ?? 0, overwrite: true, ...(req.settings as object) },
    ctx,
  );
  for (;;) {
    const r = await it.next();
    if (r.done) {
      const f = r.value.dev?.micro;
      return { modelDir: r.value.modelDir, dev: { p: f?.p ?? 0, r: f?.r ?? 0, f: f?.f ?? 0 } };
    }
  }
};

modelLoaders.register('ner', loadModel, { replace: true });
modelLoaders.register('gliner', loadGliner, { replace: true });
trainers.register('ner', trainFn, { replace: true });
