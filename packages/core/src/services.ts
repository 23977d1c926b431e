import type { Example } from '@nerflow/corpus';
import type { StageContext } from './context.js';
import { Registry } from './registry.js';

/**
 * Stages never import each other (docs/architecture.md). Where one needs another's work (eval
 * scores a model, eval curve trains, annotate's correct/teach modes suggest with a model), the
 * caller that holds both passes the work in as a function (the CLI gives eval train's loader and
 * trainer). The registries below remain for what is named by a string at run time, a plugin
 * boundary: annotate's `--loader ner|gliner`, also in a pipeline step. @nerflow/train registers its
 * implementations when imported.
 */

/** A loaded model that labels examples (spans with `source: 'model'` and `score`). */
export interface Predictor {
  /** Entity labels the model knows. */
  labels: string[];
  /** Returns the examples with predicted `spans` (input tokens kept; tokenized if absent). */
  predict(examples: Example[]): Promise<Example[]>;
  /**
   * Optional: updates the model in place from answered examples (annotate's teach mode).
   * Partial (binary) answers are missing-value annotations, not complete ones.
   */
  update?(examples: Example[]): Promise<{ loss: number }>;
  dispose?(): Promise<void> | void;
}

export interface LoadModelOptions {
  /** Never reach the network (hub ids fail with a clear error instead). */
  localOnly?: boolean;
  /** Load a checkpoint of an unfinished training (complete: false) instead of refusing it. */
  allowIncomplete?: boolean;
  /** Zero-shot loaders ('gliner'): the entity types to find, whose text is the question asked. */
  labels?: string[];
}

export type ModelLoader = (pathOrName: string, options?: LoadModelOptions) => Promise<Predictor>;

/** What a trainer takes: labelled examples, plus settings the trainer understands. */
export interface TrainRequest<S = Record<string, unknown>> {
  train: Example[];
  dev: Example[];
  /** Where to write the model folder. */
  out: string;
  seed?: number;
  /**
   * Trainer-specific settings (encoder, epochs...). The 'ner' trainer's type is
   * `Partial<TrainOptionsInput>` of @nerflow/train, and it refuses keys it does not know.
   */
  settings?: S;
}

export interface TrainOutcome {
  modelDir: string;
  /** Best dev scores as the trainer measured them. */
  dev: { p: number; r: number; f: number };
}

export type TrainFn<S = Record<string, unknown>> = (request: TrainRequest<S>, ctx: StageContext) => Promise<TrainOutcome>;

/** Model loaders by name; '@nerflow/train' registers 'ner' (trained models) and 'gliner' (zero-shot). */
export const modelLoaders = new Registry<ModelLoader>('model loader');
/** Trainers by name; '@nerflow/train' registers 'ner'. */
export const trainers = new Registry<TrainFn>('trainer');
