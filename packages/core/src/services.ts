import type { Example } from '@nerflow/corpus';
import type { StageContext } from './context.js';
import { Registry } from './registry.js';

/**
 * Stages never import each other (docs/architecture.md). Where one needs another's work
 * (annotate's correct/teach modes and eval need a model; eval curves need training), the work is
 * looked up here at run time: @nerflow/train registers its implementations when imported, and the
 * CLI or pipeline runner imports every stage, so the registrations are there when asked for.
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
export interface TrainRequest {
  train: Example[];
  dev: Example[];
  /** Where to write the model folder. */
  out: string;
  seed?: number;
  /** Trainer-specific settings (encoder, epochs...), passed through untouched. */
  settings?: Record<string, unknown>;
}

export interface TrainOutcome {
  modelDir: string;
  /** Best dev scores as the trainer measured them. */
  dev: { p: number; r: number; f: number };
}

export type TrainFn = (request: TrainRequest, ctx: StageContext) => Promise<TrainOutcome>;

/** Model loaders by name; '@nerflow/train' registers 'ner' (trained models) and 'gliner' (zero-shot). */
export const modelLoaders = new Registry<ModelLoader>('model loader');
/** Trainers by name; '@nerflow/train' registers 'ner'. */
export const trainers = new Registry<TrainFn>('trainer');
