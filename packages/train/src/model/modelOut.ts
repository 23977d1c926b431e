/**
 * Where training writes: checks on `--out` made before any data is read (so a wrong path costs a
 * second, not a training), and the sibling folder that holds checkpoints until the model is done.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { assertWritableFolder, NerError } from '@nerflow/corpus';
import { ModelFolderErrors } from './folderErrors.js';
import { MODEL_FORMAT } from './modelFolder.js';

/**
 * The folder of the best checkpoint while `out` is being trained (`models/ner.checkpoint`): `out`
 * itself is written once, complete, at the end, and the checkpoint folder is then removed.
 */
export function checkpointDir(out: string): string {
  return `${out.replace(/[\\/]+$/, '')}.checkpoint`;
}

/** True when `dir` holds a nerflow model (its config.json says so). */
export function isModelFolder(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as { format?: string }).format === MODEL_FORMAT;
  } catch {
    return false;
  }
}

/**
 * Refuses an `--out` that cannot or must not be written: a file, an unwritable place, an existing
 * model without `overwrite`, or a folder holding anything else (never replaced: it is not ours).
 */
export function assertModelOut(out: string, options: { overwrite?: boolean } = {}): void {
  assertWritableFolder('--out', out);
  if (!existsSync(out) || !statSync(out).isDirectory() || readdirSync(out).length === 0) return;
  if (isModelFolder(out)) {
    if (options.overwrite) return;
    throw new NerError(ModelFolderErrors.OUT_EXISTS, `--out ${out} already holds a model`, {
      file: out, hint: 'Pass --overwrite to replace it (the old model stays until the new one is complete), or choose another --out.',
    });
  }
  throw new NerError(ModelFolderErrors.OUT_EXISTS, `--out ${out} is a folder with other files in it (not a nerflow model)`, {
    file: out, hint: 'Choose a new or empty folder for the model: nerflow never replaces a folder it did not write.',
  });
}
