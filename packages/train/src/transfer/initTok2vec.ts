import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { NerError } from '@nerflow/corpus';
import { TrainErrors } from '../errors.js';
import { Tok2Vec } from '../encoders/tok2vec.js';

/** A pretrained encoder and where it came from (recorded in the NER model's meta). */
export interface PretrainedTok2Vec {
  encoder: Tok2Vec;
  /** The encoder folder actually read. */
  dir: string;
  /** OUT/model-last/pretrain.json of `nerflow pretrain` (objective, inputs, steps...), or the source model's config. */
  provenance: Record<string, unknown>;
}

/**
 * Finds the tok2vec folder in what the user passed to --init-tok2vec: the --out folder of
 * `nerflow pretrain` (its model-last/), one of its step-N folders, a model folder of
 * `nerflow train` (its tok2vec/), or an encoder folder itself.
 */
export function resolveTok2vecDir(dir: string): string {
  for (const candidate of [dir, path.join(dir, 'model-last'), path.join(dir, 'tok2vec')]) {
    if (existsSync(path.join(candidate, 'config.json')) && existsSync(path.join(candidate, 'weights.json'))) return candidate;
  }
  throw new NerError(TrainErrors.NO_MODEL, `No pretrained tok2vec encoder in ${dir}`, {
    file: dir, hint: 'Pass the --out folder of `nerflow pretrain` (or its model-last/ or step-N/), or a model folder of `nerflow train`.',
  });
}

/**
 * Loads pretrained encoder weights for a new NER model (`nerflow train --init-tok2vec DIR`): the
 * weights are read as saved, so the model starts from exactly the pretrained values, and the
 * encoder's architecture (width, depth, table sizes, static vectors) comes with them.
 */
export async function loadPretrainedTok2vec(dir: string): Promise<PretrainedTok2Vec> {
  const found = resolveTok2vecDir(dir);
  const encoder = await Tok2Vec.load(found);
  const info = path.join(found, 'pretrain.json');
  const provenance = existsSync(info)
    ? (JSON.parse(await readFile(info, 'utf8')) as Record<string, unknown>)
    : { source: 'tok2vec of a trained model' };
  return { encoder, dir: found, provenance: { path: path.resolve(found), ...provenance } };
}
