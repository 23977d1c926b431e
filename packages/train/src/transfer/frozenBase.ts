/**
 * `--old-types frozen` (issue 21, spaCy's two-`ner` pipeline with a frozen first component): the
 * model folder written by `nerflow train --base B` also holds an unchanged copy of B in `base/`,
 * and predicting with the folder runs both models. The trained model's spans of the user's labels
 * are kept; the base's spans of the frozen labels (B's labels the training data never marks) are
 * added where they overlap none of them: the user's label wins (docs/transfer-learning.md, "Who
 * wins"). Training itself is unchanged; only what the folder predicts, and so what selection scores.
 */
import { cp } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { NerError, type EntityScores } from '@nerflow/corpus';
import type { DecodedSpan, NerModel } from '../model/nerModel.js';
import { ModelFolderErrors } from '../model/folderErrors.js';
import { evaluate, type DevDoc } from '../training/loop.js';

/** The subfolder of a model folder that holds its frozen base model. */
export const FROZEN_BASE_DIR = 'base';

/** config.json `frozenBase`: where the frozen base is and which labels come from it. */
export interface FrozenBaseRef {
  /** Folder relative to the model folder (always `base`). */
  dir: string;
  /** The labels predicted by the frozen base; every other label comes from the trained model. */
  labels: string[];
  /** What `--base` named when the folder was trained (descriptive: the copy is what is used). */
  from: string;
}

/** What to do about a frozen base that is missing or damaged. */
const RECOVER = 'Copy the whole model folder again (base/ included), or retrain it';

type TokenSpan = Pick<DecodedSpan, 'tokenStart' | 'tokenEnd' | 'label'>;

/**
 * The base's labels that the user's training takes over: those the training data marks or
 * `--labels` names. The rest stay frozen (predicted by the copy of the base).
 */
export function frozenLabelsOf(baseLabels: readonly string[], userLabels: readonly string[], marked: ReadonlySet<string>): string[] {
  return baseLabels.filter((l) => !userLabels.includes(l) && !marked.has(l));
}

/**
 * The composite's spans of one document: the trained model's spans of every label not frozen, plus
 * the base's spans of the frozen labels that overlap none of those (token ranges, inclusive), in
 * text order. Spans keep their own scores.
 */
export function withFrozenBase<S extends TokenSpan>(own: readonly S[], base: readonly S[], frozen: ReadonlySet<string>): S[] {
  const kept = own.filter((s) => !frozen.has(s.label));
  const added = base.filter((b) => frozen.has(b.label) && !kept.some((k) => k.tokenStart <= b.tokenEnd && b.tokenStart <= k.tokenEnd));
  return [...kept, ...added].sort((a, b) => a.tokenStart - b.tokenStart || a.tokenEnd - b.tokenEnd);
}

/**
 * Checks that a folder whose config.json names a frozen base has it, before anything else is read.
 * @returns the base's folder
 * @throws NerError E_MODEL_NO_BASE naming the folder
 */
export function frozenBaseDir(dir: string, ref: FrozenBaseRef): string {
  const baseDir = path.join(dir, ref.dir);
  if (!existsSync(path.join(baseDir, 'config.json'))) {
    throw new NerError(ModelFolderErrors.NO_BASE,
      `${dir} takes ${ref.labels.join(', ')} from a frozen copy of its base model in ${baseDir}, which is missing`, {
        file: baseDir, hint: `${RECOVER} (nerflow train --base ..., or --old-types trained for a folder without it).`,
      });
  }
  return baseDir;
}

/** Rethrows an error of the frozen base's folder so that it names the model folder it belongs to. */
export function inFrozenBase(dir: string, baseDir: string, err: unknown): unknown {
  if (!(err instanceof NerError) || !String(err.file ?? '').startsWith(baseDir)) return err;
  return new NerError(err.code, `${dir}: its frozen base model (${baseDir}) cannot be used: ${err.message}`, {
    file: err.file, line: err.line, cause: err, hint: `${RECOVER}.`,
  });
}

/** Copies the base model folder, unchanged and self-contained (links followed), into `out/base`. */
export async function copyFrozenBase(baseDir: string, out: string): Promise<void> {
  await cp(baseDir, path.join(out, FROZEN_BASE_DIR), { recursive: true, dereference: true, errorOnExist: true });
}

/** A source of the frozen base's spans for documents (`NerPredictor.decodeSpans` of the base's folder). */
export interface SpanSource {
  decodeSpans(docs: { words: string[] }[], options: { scores?: boolean }): Promise<DecodedSpan[][]>;
}

/**
 * The dev scorer of a training with `--old-types frozen`: the trained model's spans merged with the
 * frozen base's, as the written folder will predict them. The base never changes, so its spans of
 * each document set (dev, the old-type check) are decoded once here; each epoch decodes only the
 * trained model.
 */
export async function compositeScorer(base: SpanSource, frozen: readonly string[], docSets: DevDoc[][]): Promise<(model: NerModel, docs: DevDoc[]) => EntityScores> {
  const cache = new Map<DevDoc[], DecodedSpan[][]>();
  for (const docs of docSets) if (docs.length && !cache.has(docs)) cache.set(docs, await base.decodeSpans(docs, { scores: false }));
  const set = new Set(frozen);
  return (model, docs) => {
    const baseSpans = cache.get(docs);
    if (!baseSpans) throw new Error('compositeScorer: documents not prepared'); // a programming error, not a user's
    return evaluate(model, docs, (spans, i) => withFrozenBase(spans, baseSpans[i]!, set));
  };
}
