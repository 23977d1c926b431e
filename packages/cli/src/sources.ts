import type { CommandSpec, ModelLoader, TrainFn } from '@nerflow/core';

/**
 * Where the `nerflow` commands come from, in help order. Each source is a dynamic import, so a
 * stage's dependencies (tfjs, transformers, fastify, pdf.js...) load only when one of its
 * commands runs; --help reads the manifest instead (manifest.ts).
 */
export const commandSources: Record<string, () => Promise<CommandSpec[]>> = {
  // ingest's `worker` also runs predict's batch jobs and train's featurize jobs (ingest cannot import train; the CLI sees both).
  ingest: async () => {
    const { commands, workerCommand } = await import('@nerflow/ingest/cli');
    const { predictJobHandler } = await import('./queue/predict-jobs.js');
    const { featurizeJobHandler } = await import('./queue/featurize-jobs.js');
    return commands.map((c) => (c.name === 'worker' ? workerCommand([predictJobHandler(), featurizeJobHandler()]) : c));
  },
  terms: async () => (await import('@nerflow/terms/cli')).commands,
  annotate: async () => {
    await lazyServices();
    await (await import('./term-services.js')).registerTermTeacher();
    return (await import('@nerflow/annotate/cli')).commands;
  },
  // predict is train's, wrapped by the CLI to read PDFs and folders through ingest (commands/predict.ts).
  // train --queue: a transformer's featurisation as jobs for the same workers (queue/featurize-queue.ts).
  train: async () => {
    const { trainWithQueue } = await import('./queue/featurize-queue.js');
    return (await import('@nerflow/train/cli')).commands.filter((c) => c.name !== 'predict').map((c) => (c.name === 'train' ? trainWithQueue(c) : c));
  },
  predict: async () => {
    const train = (await import('@nerflow/train/cli')).commands.find((c) => c.name === 'predict')!;
    const { predictWithQueue } = await import('./queue/predict-queue.js');
    return [(await import('./commands/predict.js')).predictCommand(predictWithQueue(train))];
  },
  // eval is given train's loader and trainer (stages never import each other; the CLI sees both).
  eval: async () => (await import('@nerflow/eval/cli')).evalCommands(trainServices),
  convert: async () => [(await import('./commands/convert.js')).convertCommand],
  validate: async () => [(await import('./commands/validate.js')).validateCommand],
  run: async () => {
    // A pipeline names stages: every stage package must be registered first.
    (await import('./builtin-stages.js')).registerBuiltinStages();
    return [(await import('./commands/run.js')).runCommand];
  },
};

/**
 * @nerflow/train's model loader and trainer, imported on first use: tfjs stays out of commands that
 * never load a model (eval --gold --pred, db stats...).
 */
const trainServices: { loadModel: ModelLoader; train: TrainFn } = {
  loadModel: async (path, options) => (await import('@nerflow/train')).loadModel(path, options),
  train: async (request, ctx) => (await import('@nerflow/train')).trainNer(request, ctx),
};

/**
 * annotate finds its model loader by the name `--loader` gives, in core's registry (a plugin
 * boundary). Registering stand-ins that import @nerflow/train on first use keeps tfjs out of
 * annotate sessions that never load a model.
 */
async function lazyServices(): Promise<void> {
  const { modelLoaders } = await import('@nerflow/core');
  for (const name of ['ner', 'gliner']) {
    if (modelLoaders.has(name)) continue;
    const stub: Parameters<typeof modelLoaders.register>[1] = async (path, options) => {
      await import('@nerflow/train'); // registers the real loaders (replace: true)
      const loader = modelLoaders.get(name);
      if (loader === stub) throw new Error(`@nerflow/train did not register the ${name} model loader`);
      return loader(path, options);
    };
    modelLoaders.register(name, stub);
  }
}

/** Every command, loaded (slow: imports every stage). For the manifest and for library users. */
export async function loadAllCommands(): Promise<{ spec: CommandSpec; source: string }[]> {
  const out: { spec: CommandSpec; source: string }[] = [];
  for (const [source, load] of Object.entries(commandSources)) for (const spec of await load()) out.push({ spec, source });
  return out;
}
