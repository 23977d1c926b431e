import { readFile } from 'node:fs/promises';
import { NerError } from '@nerflow/corpus';
import { z } from 'zod';
import { EvalErrors } from './errors.js';
import type { EvalResult } from './evaluate.js';

/** Bumped when the JSON shape changes incompatibly. */
export const RESULTS_VERSION = 2;

const prfSchema = z.object({ p: z.number(), r: z.number(), f: z.number(), tp: z.number(), fp: z.number(), fn: z.number() });
const interval = z.object({ low: z.number(), high: z.number(), sd: z.number() });

/** The part of the `--json` file that `eval compare` and CI scripts rely on (the rest is passed through). */
export const resultsJsonSchema = z.looseObject({
  nerflow_eval: z.literal(RESULTS_VERSION),
  name: z.string(),
  mode: z.enum(['default', 'strict']),
  micro: prfSchema,
  perLabel: z.record(z.string(), prfSchema),
  accuracy: z.number(),
  sentences: z.number(),
  goldHash: z.string(),
  bootstrap: z.object({ samples: z.number(), seed: z.number(), level: z.number(), micro: interval, perLabel: z.record(z.string(), interval) }).nullable(),
  perSentence: z.object({ labels: z.array(z.string()), counts: z.array(z.number()) }),
});
export type ResultsJson = z.infer<typeof resultsJsonSchema> & Record<string, unknown>;

export interface ResultsSource {
  /** What was scored, for people: 'model-a', 'patterns', the predictions file name. */
  name: string;
  gold: string;
  pred?: string;
  model?: string;
  patterns?: string;
}

/**
 * The machine-readable results: `micro` and `perLabel` ({p, r, f, tp, fp, fn}, the shape of
 * train's dev scores in meta.json) first, then token
 * accuracy, the partial views, the confusion matrix, the errors, the bootstrap intervals and the
 * per-sentence counts that make paired comparisons (`eval compare`) possible.
 */
export function toResultsJson(result: EvalResult, source: ResultsSource): ResultsJson {
  return {
    nerflow_eval: RESULTS_VERSION,
    ...source,
    mode: result.mode, scheme: result.scheme,
    micro: result.micro, perLabel: result.perLabel,
    accuracy: result.accuracy, tokens: result.tokens, sentences: result.sentences,
    bootstrap: result.bootstrap,
    partial: result.partial,
    confusion: result.confusion,
    errors: result.errors,
    taken: result.taken,
    goldHash: result.goldHash,
    perSentence: { labels: result.perSentence.labels, counts: Array.from(result.perSentence.counts) },
  };
}

/** Reads and checks a results file written with `--json`. */
export async function readResultsJson(path: string): Promise<ResultsJson> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw err;
    throw new NerError(EvalErrors.BAD_RESULTS, `not a JSON file: ${(err as Error).message}`, { file: path, hint: 'Give files written by `nerflow eval ... --json FILE`.' });
  }
  const parsed = resultsJsonSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NerError(EvalErrors.BAD_RESULTS, `not an eval results file (${issue.path.join('.') || 'top level'}: ${issue.message})`, {
      file: path, hint: 'Give files written by `nerflow eval ... --json FILE` (this version writes nerflow_eval: 2; version 1 named the per-label scores `labels`: rerun that eval).',
    });
  }
  return parsed.data as ResultsJson;
}
