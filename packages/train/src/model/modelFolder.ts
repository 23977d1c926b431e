import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NerError, type TagScheme } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';
import { initBackend } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { Tok2Vec } from '../encoders/tok2vec.js';
import type { TokenEncoder } from '../encoders/encoder.js';
import { loadTransformerEncoder } from '../encoders/transformerEncoder.js';
import { NerModel } from './nerModel.js';
import { resolveModelDir } from './resolveModel.js';

/** Format name and major version of the model folder; a folder of another major version is refused. */
export const MODEL_FORMAT = 'nerflow.ner';
export const MODEL_FORMAT_VERSION = 1;
export const NERFLOW_TRAIN_VERSION = '0.1.0';

/** config.json of a model folder: everything needed to rebuild the model and repeat its training. */
export interface ModelConfig {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  /** @nerflow/train version that wrote it. */
  nerflowVersion: string;
  labels: string[];
  scheme: TagScheme;
  tags: string[];
  /** tok2vec: weights in `tok2vec/`; transformer: the model id or path and revision used for features. */
  encoder: Record<string, unknown> & { type: string };
  /** How texts are split into tokens when an input has none. */
  tokenizer: { name: string };
  /** The training options (so every run can be repeated), including the seed. */
  training?: Record<string, unknown>;
  /** Where the initial weights came from (issue 8: --init-tok2vec, --base). */
  initialisedFrom?: string | null;
}

/** Writes a model folder: config.json, meta.json, head/ and (trainable encoders) tok2vec/. */
export async function saveModel(model: NerModel, dir: string, extra: { training?: Record<string, unknown>; meta?: Record<string, unknown>; initialisedFrom?: string | null } = {}): Promise<void> {
  await mkdir(dir, { recursive: true });
  const config: ModelConfig = {
    format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, nerflowVersion: NERFLOW_TRAIN_VERSION,
    labels: model.labels, scheme: model.scheme, tags: model.tags,
    encoder: model.encoder.type === 'tok2vec' ? { type: 'tok2vec', path: 'tok2vec' } : (model.encoder.config() as ModelConfig['encoder']),
    tokenizer: { name: 'nerflow.corpus.tokenize.v1' },
    training: extra.training, initialisedFrom: extra.initialisedFrom ?? null,
  };
  await writeFile(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  await writeFile(path.join(dir, 'meta.json'), JSON.stringify({ savedAt: new Date().toISOString(), ...extra.meta }, null, 2));
  await model.head.save(path.join(dir, 'head'));
  if (model.encoder.type === 'tok2vec') await model.encoder.save(path.join(dir, 'tok2vec'));
}

/** Reads and checks a model folder's config.json (clear errors for a missing or foreign folder). */
export async function readModelConfig(dir: string): Promise<ModelConfig> {
  const file = path.join(dir, 'config.json');
  if (!existsSync(file)) {
    throw new NerError(TrainErrors.NO_MODEL, existsSync(dir) ? `${dir} is not a nerflow model folder (no config.json)` : `Model folder not found: ${dir}`, {
      file: dir, hint: 'Pass the --out folder of `nerflow train` (it holds config.json, head/ and tok2vec/).',
    });
  }
  let config: Partial<ModelConfig>;
  try {
    config = JSON.parse(await readFile(file, 'utf8')) as Partial<ModelConfig>;
  } catch (cause) {
    throw new NerError(TrainErrors.NO_MODEL, `Cannot read ${file}: ${(cause as Error).message}`, { file, cause, hint: 'The model folder is damaged: train it again.' });
  }
  if (config.format !== MODEL_FORMAT) {
    throw new NerError(TrainErrors.MODEL_VERSION, `${dir} is not a nerflow NER model (format: ${String(config.format ?? 'none')})`, {
      file, hint: 'Pass a folder written by `nerflow train`.',
    });
  }
  if (config.formatVersion !== MODEL_FORMAT_VERSION) {
    throw new NerError(TrainErrors.MODEL_VERSION,
      `${dir} was written by nerflow ${config.nerflowVersion ?? '?'} in model format v${config.formatVersion}; this nerflow (${NERFLOW_TRAIN_VERSION}) reads v${MODEL_FORMAT_VERSION}`, {
        file, hint: 'Retrain the model with this version (`nerflow train`, its config.json has the settings), or use the nerflow version that wrote it.',
      });
  }
  return config as ModelConfig;
}

/**
 * Loads a model folder written by `saveModel`.
 * @example
 * const { model, config } = await loadNerModel('models/ner-es');
 */
export async function loadNerModel(nameOrDir: string, options: { localOnly?: boolean } = {}): Promise<{ model: NerModel; config: ModelConfig }> {
  const dir = resolveModelDir(nameOrDir);
  const config = await readModelConfig(dir);
  await initBackend();
  let encoder: TokenEncoder;
  if (config.encoder.type === 'tok2vec') encoder = await Tok2Vec.load(path.join(dir, String(config.encoder.path ?? 'tok2vec')));
  else if (config.encoder.type === 'transformer') encoder = await loadTransformerEncoder(config.encoder, { localOnly: options.localOnly, baseDir: dir });
  else throw new NerError(TrainErrors.BAD_ENCODER, `Unknown encoder type "${config.encoder.type}" in ${dir}/config.json`, { hint: 'Known: tok2vec, transformer.' });
  const head = new ParamStore(new Rng(0));
  await head.load(path.join(dir, 'head'));
  const model = new NerModel(encoder, config.labels, config.scheme, head);
  if (model.tags.join(' ') !== config.tags.join(' ')) {
    throw new NerError(TrainErrors.MODEL_VERSION, `The tag set in ${dir}/config.json does not match its labels and scheme`, { hint: 'The folder was edited by hand or damaged: retrain it.' });
  }
  return { model, config };
}
