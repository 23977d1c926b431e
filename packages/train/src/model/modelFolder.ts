import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { NerError, type TagScheme } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';
import { initBackend } from '../tf/backend.js';
import { ParamStore } from '../tf/params.js';
import { Rng } from '../tf/rng.js';
import { encoderTypes, encoderVersions, entryOf, entryOfRef, refVersion, type EncoderRef } from '../encoders/registry.js';
import { NerModel } from './nerModel.js';
import { resolveModelDir } from '@nerflow/core';
import { ModelFolderErrors } from './folderErrors.js';
import { buildManifest, MANIFEST_FILE, readManifest, verifyManifest, verifyTensorFiles } from './folderManifest.js';
import { writeFolderAtomic } from './writeFolderAtomic.js';
import { copyFrozenBase, FROZEN_BASE_DIR, type FrozenBaseRef } from '../transfer/frozenBase.js';

/**
 * Format name and the newest major version of the model folder this nerflow reads (it reads 1 up to
 * it; a folder of a newer version is refused). v2 adds `frozenBase` (a base model in base/ whose
 * spans merge with the folder's own): a nerflow that reads only v1 would silently drop the old
 * types, so only such folders are written as v2 and every other folder stays v1.
 */
export const MODEL_FORMAT = 'nerflow.ner';
export const MODEL_FORMAT_VERSION = 2;
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
  /**
   * What the encoder registry's entry wrote (`EncoderEntry.save`) and reads back: tok2vec, its
   * folder (`tok2vec/`) and weight layout; transformer, the model id or path and revision used for features.
   */
  encoder: EncoderRef;
  /** How texts are split into tokens when an input has none. */
  tokenizer: { name: string };
  /** The training options (so every run can be repeated), including the seed. */
  training?: Record<string, unknown>;
  /** Where the initial weights came from (issue 8: --init-tok2vec, --base). */
  initialisedFrom?: string | null;
  /**
   * `--old-types frozen` (issue 21): an unchanged copy of the base model is in `base/` and predicts
   * these labels; the folder's predictions merge both (transfer/frozenBase.ts). Absent otherwise.
   */
  frozenBase?: FrozenBaseRef;
}

/**
 * Writes a model folder atomically: config.json, meta.json, head/, the encoder's files (its registry
 * entry writes them: tok2vec/ for tok2vec), with `frozenBase` the copy of the base in base/, and manifest.json (checksums, written last) go to a temporary sibling folder that replaces `dir`
 * only when complete. A kill at any moment leaves either the previous folder or the new one.
 */
export async function saveModel(model: NerModel, dir: string, extra: {
  training?: Record<string, unknown>; meta?: Record<string, unknown>; initialisedFrom?: string | null;
  /** `--old-types frozen`: the base model's folder, copied unchanged into `base/`, and the labels it predicts. */
  frozenBase?: { dir: string; from: string; labels: string[] };
} = {}): Promise<void> {
  const complete = extra.meta?.complete !== false;
  await writeFolderAtomic(dir, async (tmp) => {
    if (extra.frozenBase) await copyFrozenBase(extra.frozenBase.dir, tmp);
    const encoder = await entryOf(model.encoder).save(model.encoder, tmp);
    const config: ModelConfig = {
      format: MODEL_FORMAT, formatVersion: extra.frozenBase ? 2 : 1, nerflowVersion: NERFLOW_TRAIN_VERSION,
      labels: model.labels, scheme: model.scheme, tags: model.tags, encoder,
      tokenizer: { name: 'nerflow.corpus.tokenize.v1' },
      training: extra.training, initialisedFrom: extra.initialisedFrom ?? null,
      ...(extra.frozenBase ? { frozenBase: { dir: FROZEN_BASE_DIR, labels: extra.frozenBase.labels, from: extra.frozenBase.from } } : {}),
    };
    await writeFile(path.join(tmp, 'config.json'), JSON.stringify(config, null, 2));
    await writeFile(path.join(tmp, 'meta.json'), JSON.stringify({ savedAt: new Date().toISOString(), ...extra.meta }, null, 2));
    await model.head.save(path.join(tmp, 'head'));
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
  const version = config.formatVersion;
  if (!Number.isInteger(version) || version! < 1 || version! > MODEL_FORMAT_VERSION) {
    throw new NerError(TrainErrors.MODEL_VERSION,
      `${dir} was written by nerflow ${config.nerflowVersion ?? '?'} in model format v${version}; this nerflow (${NERFLOW_TRAIN_VERSION}) reads v1 to v${MODEL_FORMAT_VERSION}`, {
        file, hint: 'Retrain the model with this version (`nerflow train`, its config.json has the settings), or use the nerflow version that wrote it.',
      });
  }
  return config as ModelConfig;
}

/**
 * Loads a model folder written by `saveModel` (a folder, or a shipped model's name: `dir` is the
 * folder it resolved to, core's `resolveModelDir`).
 * @example
 * const { model, config } = await loadNerModel('models/ner-es');
 */
export async function loadNerModel(nameOrDir: string, options: { localOnly?: boolean; allowIncomplete?: boolean } = {}): Promise<{ model: NerModel; config: ModelConfig; dir: string }> {
  const dir = resolveModelDir(nameOrDir);
  const config = await readModelConfig(dir);
  await checkModelFolder(dir, config, options);
  await initBackend();
  const encoder = await entryOfRef(config.encoder).load(config.encoder, dir, options);
  const head = new ParamStore(new Rng(0));
  await head.load(path.join(dir, 'head'));
  const model = new NerModel(encoder, config.labels, config.scheme, head);
  if (model.tags.join(' ') !== config.tags.join(' ')) {
    throw new NerError(TrainErrors.MODEL_VERSION, `The tag set in ${dir}/config.json does not match its labels and scheme`, { hint: 'The folder was edited by hand or damaged: retrain it.' });
  }
  return { model, config, dir };
}

/**
 * Refuses a folder that would predict garbage or is not what the user thinks: an encoder the
 * registry does not know (E_TRAIN_BAD_ENCODER), another weight layout of a known one
 * (E_MODEL_LAYOUT: a `tok2vec.v3` folder read by a nerflow that has only `tok2vec.v1` and `.v2`), damaged weights (E_MODEL_CORRUPT: checksums, sizes, NaN/Inf), or an
 * unfinished training's checkpoint (E_MODEL_INCOMPLETE, unless `allowIncomplete`).
 */
export async function checkModelFolder(dir: string, config: ModelConfig, options: { allowIncomplete?: boolean } = {}): Promise<void> {
  const { type } = config.encoder;
  const versions = encoderVersions(type);
  if (!versions.length) {
    throw new NerError(TrainErrors.BAD_ENCODER, `Unknown encoder type "${type}" in ${dir}/config.json`, {
      file: path.join(dir, 'config.json'), hint: `This nerflow knows the encoders ${encoderTypes().join(', ')}: use the nerflow (or plugin) that wrote the folder.`,
    });
  }
  const layout = refVersion(config.encoder);
  if (!versions.includes(layout)) {
    throw new NerError(ModelFolderErrors.LAYOUT, `${dir} holds ${type} weights in layout v${layout}; this nerflow (${NERFLOW_TRAIN_VERSION}) reads layout v${versions.join(', v')}`, {
      file: path.join(dir, 'config.json'), hint: 'Retrain the model with this nerflow (its config.json has the settings), or use the nerflow version that wrote it.',
    });
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
