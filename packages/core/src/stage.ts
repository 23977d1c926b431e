import type { z } from 'zod';
import type { StageContext } from './context.js';

/**
 * A pipeline stage: the unit `nerflow run` chains and caches. Built-in stages register exactly as a
 * user's does (see registry.ts). `options` is the one schema from which CLI flags, YAML validation
 * and defaults derive.
 */
export interface Stage<O extends Record<string, unknown> = Record<string, unknown>, R = unknown> {
  /** Namespaced name, e.g. 'ingest', 'vectors.train', 'train'. */
  name: string;
  /** Bump when the stage's output for the same input changes (invalidates pipeline caches). */
  version: string;
  description: string;
  options: z.ZodType<O>;
  /** Paths the stage reads, for the pipeline's hashes. */
  inputs(options: O): string[];
  /** Paths the stage writes; a step whose outputs all exist and whose hash is unchanged is skipped. */
  outputs(options: O): string[];
  /** True for steps that wait for a person (annotate): satisfied by their existing output. */
  interactive?: boolean;
  run(options: O, ctx: StageContext): Promise<R>;
}

/** Identity helper that keeps the option type inferred from the schema. */
export function defineStage<S extends z.ZodType<Record<string, unknown>>, R>(
  stage: Omit<Stage<z.output<S>, R>, 'options'> & { options: S },
): Stage<z.output<S>, R> {
  return stage as unknown as Stage<z.output<S>, R>;
}
