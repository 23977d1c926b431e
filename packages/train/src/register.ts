import { modelLoaders, trainers, type TrainFn } from '@nerflow/core';
import { parseTrainerSettings, type TrainerSettings } from './options.js';
import { loadModel } from './predict.js';
import { loadGliner } from './zeroshot/glinerPredictor.js';
import { trainOnExamples } from './training/trainModel.js';

/**
 * The trainer behind core's `trainers` registry and `eval curve`: `settings` are train options by
 * their schema names, checked strictly (`maxEpoch: 5` is an error naming the key, never dropped).
 */
export const trainNer: TrainFn<TrainerSettings> = async (req, ctx) => {
  const settings = parseTrainerSettings(req.settings);
  const it = trainOnExamples(
    req.train.map((example) => ({ example, source: 'train' })),
    req.dev.map((example) => ({ example, source: 'dev' })),
    // Callers (eval curve, annotate) own req.out: a model they trained there before is replaced.
    { train: 'train', out: req.out, seed: req.seed ?? 0, overwrite: true, ...settings },
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

/*
 * Core's services registries (packages/core/src/services.ts) hold what a pipeline or a flag names
 * by string: annotate's `--loader ner|gliner`, in a pipeline step too. Callers that hold train's
 * functions pass them in instead (the CLI gives eval its loader and trainer).
 */
modelLoaders.register('ner', loadModel, { replace: true });
modelLoaders.register('gliner', loadGliner, { replace: true });
trainers.register('ner', trainNer as TrainFn, { replace: true });
