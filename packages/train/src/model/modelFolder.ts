import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
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
import { ModelFolderErrors } from './folderErrors.js';
import { buildManifest, MANIFEST_FILE, readManifest, verifyManifest, verifyTensorFiles } from './folderManifest.js';
import { writeFolderAtomic } from './writeFolderAtomic.js';

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

/**
 * Version of the tok2vec weight layout (tensor names, shapes and their meaning). A folder written
 * with another layout is refused (E_MODEL_LAYOUT) instead of loading weights into the wrong places.
 * Bump it whenever Tok2Vec's parameters change meaning; folders without the field are layout 1.
 */
export const TOK2VEC_LAYOUT_VERSION = 1;

/**
 * Writes a model folder atomically: config.json, meta.json, head/, tok2vec/ (trainable encoders)
 * and manifest.json (checksums, written last) go to a temporary sibling folder that replaces `dir`
 * only when complete. A kill at any moment leaves either the previous folder or the new one.
 */
export async function saveModel(model: NerModel, dir: string, extra: { training?: Record<string, unknown>; meta?: Record<string, unknown>; initialisedFrom?: string | null } = {}): Promise<void> {
  const complete = extra.meta?.complete !== false;
  await writeFolderAtomic(dir, async (tmp) => {
    const config: ModelConfig = {
      format: MODEL_FORMAT, formatVersion: MODEL_FORMAT_VERSION, nerflowVersion: NERFLOW_TRAIN_VERSION,
      labels: model.labels, scheme: model.scheme, tags: model.tags,
      encoder: model.encoder.type === 'tok2vec' ? { type: 'tok2vec', path: 'tok2vec', layout: TOK2VEC_LAYOUT_VERSION } : (model.encoder.config() as ModelConfig['encoder']),
      tokenizer: { name: 'nerflow.corpus.tokenize.v1' },
      training: extra.training, initialisedFrom: extra.initialisedFrom ?? null,
    };
    await writeFile(path.join(tmp, 'config.json'), JSON.stringify(config, null, 2));
    await writeFile(path.join(tmp, 'meta.json'), JSON.stringify({ savedAt: new Date().toISOString(), ...extra.meta }, null, 2));
    await model.head.save(path.join(tmp, 'head'));
    if (model.encoder.type === 'tok2vec') await model.encoder.save(path.join(tmp, 'tok2vec'));
    await writeFile(path.join(tmp, MANIFEST_FILE), JSON.stringify(await buildManifest(tmp, complete), null, 1));
  });
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
export async function loadNerModel(nameOrDir: string, options: { localOnly?: boolean; allowIncomplete?: boolean } = {}): Promise<{ model: NerModel; config: ModelConfig }> {
  const dir = resolveModelDir(nameOrDir);
  const config = await readModelConfig(dir);
  await checkModelFolder(dir, config, options);
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

/**
 * Refuses a folder that would predict garbage or is not what the user thinks: another tok2vec
 * layout (E_MODEL_LAYOUT), damaged weights (E_MODEL_CORRUPT: checksums, sizes, NaN/Inf), or an
 * unfinished training's checkpoint (E_MODEL_INCOMPLETE, unless `allowIncomplete`).
 */
export async function checkModelFolder(dir: string, config: ModelConfig, options: { allowIncomplete?: boolean } = {}): Promise<void> {
  if (config.encoder.type === 'tok2vec') {
    const layout = Number(config.encoder.layout ?? 1);
    if (layout !== TOK2VEC_LAYOUT_VERSION) {
      throw new NerError(ModelFolderErrors.LAYOUT, `${dir} holds tok2vec weights in layout v${layout}; this nerflow (${NERFLOW_TRAIN_VERSION}) reads layout v${TOK2VEC_LAYOUT_VERSION}`, {
        file: path.join(dir, 'config.json'), hint: 'Retrain the model with this nerflow (its config.json has the settings), or use the nerflow version that wrote it.',
      });
    }
  }
  const manifest = await readManifest(dir);
  await verifyTensorFiles(dir, manifest ? await verifyManifest(dir, manifest) : undefined);
  const complete = manifest ? manifest.complete : await metaComplete(dir);
  if (!complete && !options.allowIncomplete) {
    throw new NerError(ModelFolderErrors.INCOMPLETE, `${dir} is an unfinished training's checkpoint (complete: false)`, {
      file: dir, hint: 'Finish the training (rerun nerflow train), or pass --allow-incomplete to use the checkpoint anyway.',
    });
  }
}

async function metaComplete(dir: string): Promise<boolean> {
  try {
    return (JSON.parse(await readFile(path.join(dir, 'meta.json'), 'utf8')) as { complete?: boolean }).complete !== false;
  } catch {
    return true; // meta.json is descriptive: folders without it are judged by their weights
  }
}
